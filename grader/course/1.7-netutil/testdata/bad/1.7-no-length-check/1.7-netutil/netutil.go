// Package netutil is exercise 1.7: the small utilities every network
// program needs: name and service lookup, endpoint formatting and byte
// order.
package netutil

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strconv"
)

// LookupHost returns every address of host, asking the resolver r.
func LookupHost(ctx context.Context, r *net.Resolver, host string) ([]netip.Addr, error) {
	addrs, err := r.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil, err
	}
	for i := range addrs {
		addrs[i] = addrs[i].Unmap()
	}
	return addrs, nil
}

// LookupPort returns the port number of service for network "tcp" or "udp".
func LookupPort(ctx context.Context, r *net.Resolver, network, service string) (int, error) {
	return r.LookupPort(ctx, network, service)
}

// Endpoint formats host and port as an address for net.Dial.
func Endpoint(host string, port int) (string, error) {
	if port < 0 || port > 65535 {
		return "", errors.New("netutil: port out of range")
	}
	return net.JoinHostPort(host, strconv.Itoa(port)), nil
}

// PutUint16 writes v into b[0:2] in network byte order.
func PutUint16(b []byte, v uint16) error {
	b[0] = byte(v >> 8)
	b[1] = byte(v)
	return nil
}

// Uint16 reads a uint16 in network byte order from b[0:2].
func Uint16(b []byte) (uint16, error) {
	return uint16(b[0])<<8 | uint16(b[1]), nil
}

// PutUint32 writes v into b[0:4] in network byte order.
func PutUint32(b []byte, v uint32) error {
	b[0] = byte(v >> 24)
	b[1] = byte(v >> 16)
	b[2] = byte(v >> 8)
	b[3] = byte(v)
	return nil
}

// Uint32 reads a uint32 in network byte order from b[0:4].
func Uint32(b []byte) (uint32, error) {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]), nil
}
