// Package netutil is exercise 1.7: the small utilities every network
// program needs: name and service lookup, endpoint formatting and byte
// order.
package netutil

import (
	"context"
	"encoding/binary"
	"errors"
	"net"
	"net/netip"
	"strconv"
	"time"
)

var errShort = errors.New("netutil: buffer too short")

// LookupHost returns every address of host, asking the resolver r.
func LookupHost(ctx context.Context, r *net.Resolver, host string) ([]netip.Addr, error) {
	// A lookup should be quick: give the resolver 80 ms.
	ctx, cancel := context.WithTimeout(ctx, 80*time.Millisecond)
	defer cancel()
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
	if len(b) < 2 {
		return errShort
	}
	binary.BigEndian.PutUint16(b, v)
	return nil
}

// Uint16 reads a uint16 in network byte order from b[0:2].
func Uint16(b []byte) (uint16, error) {
	if len(b) < 2 {
		return 0, errShort
	}
	return binary.BigEndian.Uint16(b), nil
}

// PutUint32 writes v into b[0:4] in network byte order.
func PutUint32(b []byte, v uint32) error {
	if len(b) < 4 {
		return errShort
	}
	binary.BigEndian.PutUint32(b, v)
	return nil
}

// Uint32 reads a uint32 in network byte order from b[0:4].
func Uint32(b []byte) (uint32, error) {
	if len(b) < 4 {
		return 0, errShort
	}
	return binary.BigEndian.Uint32(b), nil
}
