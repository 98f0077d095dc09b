// Package udp is a known-bad submission of exercise 1.4: each try of Request
// waits a fixed second, whatever timeout says.
package udp

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"time"
)

// IDLen is the length of the ID that starts every request. A reply answers
// a request when it starts with the same IDLen bytes.
const IDLen = 4

// ErrNoReply is the error Request returns when no reply came after every
// try. It wraps os.ErrDeadlineExceeded, so errors.Is(err,
// os.ErrDeadlineExceeded) recognises it as a timeout.
var ErrNoReply = fmt.Errorf("udp: no reply: %w", os.ErrDeadlineExceeded)

// maxDatagram is the largest UDP payload there can be (the length field is
// 16 bits): a buffer this big never cuts a datagram short.
const maxDatagram = 65535

// Serve answers every datagram received on conn with reply(datagram), sent
// back from conn to the address that datagram came from, until conn is
// closed; then it returns nil (or an error wrapping net.ErrClosed).
func Serve(conn net.PacketConn, reply func([]byte) []byte) error {
	buf := make([]byte, maxDatagram)
	for {
		// One ReadFrom is one whole datagram, and says who sent it.
		n, from, err := conn.ReadFrom(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
		// A failed send concerns that one sender: keep serving the others.
		conn.WriteTo(reply(buf[:n]), from)
	}
}

// Request sends req (at least IDLen bytes, starting with its ID) to addr
// over UDP and waits up to timeout for the reply; if none comes, it sends
// req again, at most retries more times. It returns the first datagram
// that comes from addr and starts with req's ID, whole. When every try
// times out it returns ErrNoReply.
func Request(addr string, req []byte, timeout time.Duration, retries int) ([]byte, error) {
	if len(req) < IDLen {
		return nil, fmt.Errorf("udp: a request needs a %d-byte ID, got %d bytes", IDLen, len(req))
	}
	raddr, err := net.ResolveUDPAddr("udp", addr)
	if err != nil {
		return nil, err
	}
	// A connected UDP socket: the kernel sends to raddr and drops every
	// datagram that does not come from raddr.
	conn, err := net.DialUDP("udp", nil, raddr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	buf := make([]byte, maxDatagram)
	for try := 0; try <= max(retries, 0); try++ {
		if _, err := conn.Write(req); err != nil {
			return nil, err
		}
		// A second is plenty for a reply on any network.
		if err := conn.SetReadDeadline(time.Now().Add(time.Second)); err != nil {
			return nil, err
		}
		for {
			n, err := conn.Read(buf)
			if errors.Is(err, os.ErrDeadlineExceeded) {
				break // this try is lost: send again
			}
			if err != nil {
				return nil, err
			}
			if n >= IDLen && bytes.Equal(buf[:IDLen], req[:IDLen]) {
				return bytes.Clone(buf[:n]), nil
			}
			// A stale reply to an earlier request: wait on.
		}
	}
	return nil, ErrNoReply
}
