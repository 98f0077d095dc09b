// Package sockets does no work: Fetch sleeps out its timeout and returns a
// timeout error without connecting, the other functions only return an
// error. A timeout, or an error at a reset or a cut record, is the right
// answer only from code that sent and received first.
package sockets

import (
	"errors"
	"fmt"
	"os"
	"time"

	"netcourse/fixtures/sock"
)

// SendAll sends all of data on s, calling s.Send as often as needed: Send
// may take only part of it.
func SendAll(s *sock.Conn, data []byte) error {
	return errors.New("it did not work")
}

// RecvAll receives until the peer closes its side (Recv returns io.EOF) and
// returns everything received.
func RecvAll(s *sock.Conn) ([]byte, error) {
	return nil, errors.New("it did not work")
}

// RecvExactly receives exactly n bytes (a fixed-size record) and no more.
// If the peer closes before n bytes came, it returns an error
// (io.ErrUnexpectedEOF).
func RecvExactly(s *sock.Conn, n int) ([]byte, error) {
	return nil, errors.New("it did not work")
}

// Fetch connects to addr over TCP, sends request, and returns the whole
// reply (everything until the peer closes). If the peer is silent for
// longer than timeout, Fetch gives up and returns an error for which
// errors.Is(err, os.ErrDeadlineExceeded) is true.
func Fetch(addr string, request []byte, timeout time.Duration) ([]byte, error) {
	time.Sleep(timeout)
	return nil, fmt.Errorf("fetch: %w", os.ErrDeadlineExceeded)
}
