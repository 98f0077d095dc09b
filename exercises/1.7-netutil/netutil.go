// Package netutil is exercise 1.7: the small utilities every network
// program needs: name and service lookup, endpoint formatting and byte
// order. Read README.md in this folder first.
package netutil

import (
	"context"
	"errors"
	"net"
	"net/netip"
)

// LookupHost returns every address of host, IPv4 (A records) and IPv6
// (AAAA records) alike, asking the resolver r and giving up when ctx ends.
// IPv4 addresses are plain IPv4 (Is4), not IPv4-mapped IPv6. A name that
// does not exist is an error that errors.As finds as a *net.DNSError with
// IsNotFound set.
func LookupHost(ctx context.Context, r *net.Resolver, host string) ([]netip.Addr, error) {
	// TODO: your code here. Delete the line below when you start.
	return nil, errors.ErrUnsupported
}

// LookupPort returns the port number of service for network "tcp" or
// "udp": a service name such as "http", or a port number written out such
// as "8080". An unknown service, or a number outside 0-65535, is an error.
// It asks the resolver r, within ctx.
func LookupPort(ctx context.Context, r *net.Resolver, network, service string) (int, error) {
	// TODO: your code here. Delete the line below when you start.
	return 0, errors.ErrUnsupported
}

// Endpoint formats host and port as an address for net.Dial:
// "192.0.2.1:80", "[2001:db8::1]:80", "[fe80::1%eth0]:80" or
// "example.org:80". A port outside 0-65535 is an error.
func Endpoint(host string, port int) (string, error) {
	// TODO: your code here. Delete the line below when you start.
	return "", errors.ErrUnsupported
}

// PutUint16 writes v into b[0:2] in network byte order (big-endian, most
// significant byte first) and leaves the rest of b alone. A b shorter than
// 2 bytes is an error.
func PutUint16(b []byte, v uint16) error {
	// TODO: your code here. Delete the line below when you start.
	return errors.ErrUnsupported
}

// Uint16 reads a uint16 in network byte order from b[0:2]. A b shorter
// than 2 bytes is an error.
func Uint16(b []byte) (uint16, error) {
	// TODO: your code here. Delete the line below when you start.
	return 0, errors.ErrUnsupported
}

// PutUint32 writes v into b[0:4] in network byte order and leaves the rest
// of b alone. A b shorter than 4 bytes is an error.
func PutUint32(b []byte, v uint32) error {
	// TODO: your code here. Delete the line below when you start.
	return errors.ErrUnsupported
}

// Uint32 reads a uint32 in network byte order from b[0:4]. A b shorter
// than 4 bytes is an error.
func Uint32(b []byte) (uint32, error) {
	// TODO: your code here. Delete the line below when you start.
	return 0, errors.ErrUnsupported
}
