// Package netutil is the reference solution of exercise 1.7.
package netutil

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/netip"
	"strconv"
)

// LookupHost returns every address of host, IPv4 (A records) and IPv6
// (AAAA records) alike, asking the resolver r and giving up when ctx ends.
// IPv4 addresses are plain IPv4 (Is4), not IPv4-mapped IPv6. A name that
// does not exist is an error that errors.As finds as a *net.DNSError with
// IsNotFound set.
func LookupHost(ctx context.Context, r *net.Resolver, host string) ([]netip.Addr, error) {
	// "ip" asks for both families: A and AAAA queries, sent together.
	addrs, err := r.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil, err
	}
	for i, a := range addrs {
		addrs[i] = a.Unmap()
	}
	return addrs, nil
}

// LookupPort returns the port number of service for network "tcp" or
// "udp": a service name such as "http", or a port number written out such
// as "8080". An unknown service, or a number outside 0-65535, is an error.
// It asks the resolver r, within ctx.
func LookupPort(ctx context.Context, r *net.Resolver, network, service string) (int, error) {
	// Numbers are parsed and range-checked; names come from the services
	// database (/etc/services and a small built-in table).
	return r.LookupPort(ctx, network, service)
}

// Endpoint formats host and port as an address for net.Dial:
// "192.0.2.1:80", "[2001:db8::1]:80", "[fe80::1%eth0]:80" or
// "example.org:80". A port outside 0-65535 is an error.
func Endpoint(host string, port int) (string, error) {
	if port < 0 || port > 65535 {
		return "", fmt.Errorf("netutil: port %d is outside 0-65535", port)
	}
	// JoinHostPort puts an IPv6 literal in brackets, so the colons of the
	// address cannot be mistaken for the one before the port.
	return net.JoinHostPort(host, strconv.Itoa(port)), nil
}

// PutUint16 writes v into b[0:2] in network byte order (big-endian, most
// significant byte first) and leaves the rest of b alone. A b shorter than
// 2 bytes is an error.
func PutUint16(b []byte, v uint16) error {
	if len(b) < 2 {
		return fmt.Errorf("netutil: PutUint16 needs 2 bytes, got %d: %w", len(b), io.ErrShortBuffer)
	}
	binary.BigEndian.PutUint16(b, v)
	return nil
}

// Uint16 reads a uint16 in network byte order from b[0:2]. A b shorter
// than 2 bytes is an error.
func Uint16(b []byte) (uint16, error) {
	if len(b) < 2 {
		return 0, fmt.Errorf("netutil: Uint16 needs 2 bytes, got %d: %w", len(b), io.ErrShortBuffer)
	}
	return binary.BigEndian.Uint16(b), nil
}

// PutUint32 writes v into b[0:4] in network byte order and leaves the rest
// of b alone. A b shorter than 4 bytes is an error.
func PutUint32(b []byte, v uint32) error {
	if len(b) < 4 {
		return fmt.Errorf("netutil: PutUint32 needs 4 bytes, got %d: %w", len(b), io.ErrShortBuffer)
	}
	binary.BigEndian.PutUint32(b, v)
	return nil
}

// Uint32 reads a uint32 in network byte order from b[0:4]. A b shorter
// than 4 bytes is an error.
func Uint32(b []byte) (uint32, error) {
	if len(b) < 4 {
		return 0, fmt.Errorf("netutil: Uint32 needs 4 bytes, got %d: %w", len(b), io.ErrShortBuffer)
	}
	return binary.BigEndian.Uint32(b), nil
}
