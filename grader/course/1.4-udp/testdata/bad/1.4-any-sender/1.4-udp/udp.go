// Package udp is exercise 1.4: a datagram server that answers each sender,
// and a client that waits for its reply with a timeout and retries a
// bounded number of times. Read README.md in this folder first.
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
// try. It wraps os.ErrDeadlineExceeded.
var ErrNoReply = fmt.Errorf("udp: no reply: %w", os.ErrDeadlineExceeded)

// Serve answers every datagram received on conn with reply(datagram).
func Serve(conn net.PacketConn, reply func([]byte) []byte) error {
	buf := make([]byte, 65535)
	for {
		n, addr, err := conn.ReadFrom(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
		conn.WriteTo(reply(buf[:n]), addr)
	}
}

// Request sends req to addr and waits for the reply, retrying on timeouts.
func Request(addr string, req []byte, timeout time.Duration, retries int) ([]byte, error) {
	raddr, err := net.ResolveUDPAddr("udp", addr)
	if err != nil {
		return nil, err
	}
	conn, err := net.ListenUDP("udp", nil)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	buf := make([]byte, 65535)
	for try := 0; try <= retries; try++ {
		if _, err := conn.WriteToUDP(req, raddr); err != nil {
			return nil, err
		}
		conn.SetReadDeadline(time.Now().Add(timeout))
		for {
			n, _, err := conn.ReadFromUDP(buf)
			if errors.Is(err, os.ErrDeadlineExceeded) {
				break
			}
			if err != nil {
				return nil, err
			}
			// The ID tells us it is our reply.
			if n >= IDLen && bytes.Equal(buf[:IDLen], req[:IDLen]) {
				return append([]byte(nil), buf[:n]...), nil
			}
		}
	}
	return nil, ErrNoReply
}
