// Package sockets is exercise 1.3: sending everything, receiving until the
// end of data, and giving up in time, on top of the course socket whose Send
// and Recv are one system call each. Read README.md in this folder first.
package sockets

import (
	"errors"
	"time"

	"netcourse/fixtures/sock"
)

// SendAll sends all of data on s, calling s.Send as often as needed: Send
// may take only part of it.
func SendAll(s *sock.Conn, data []byte) error {
	// TODO: your code here. Delete the line below when you start.
	return errors.ErrUnsupported
}

// RecvAll receives until the peer closes its side (Recv returns io.EOF) and
// returns everything received.
func RecvAll(s *sock.Conn) ([]byte, error) {
	// TODO: your code here. Delete the line below when you start.
	return nil, errors.ErrUnsupported
}

// RecvExactly receives exactly n bytes (a fixed-size record) and no more.
// If the peer closes before n bytes came, it returns an error
// (io.ErrUnexpectedEOF).
func RecvExactly(s *sock.Conn, n int) ([]byte, error) {
	// TODO: your code here. Delete the line below when you start.
	return nil, errors.ErrUnsupported
}

// Fetch connects to addr over TCP, sends request, and returns the whole
// reply (everything until the peer closes). If the peer is silent for
// longer than timeout, Fetch gives up and returns an error for which
// errors.Is(err, os.ErrDeadlineExceeded) is true.
func Fetch(addr string, request []byte, timeout time.Duration) ([]byte, error) {
	// TODO: your code here. Delete the line below when you start.
	return nil, errors.ErrUnsupported
}
