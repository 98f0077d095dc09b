// Package sockets is a correct solution except that Fetch rejects the
// request it is given, and returns without connecting.
package sockets

import (
	"bytes"
	"errors"
	"io"
	"net"
	"time"

	"netcourse/fixtures/sock"
)

// recvSize is how much each receive asks for: large enough that a fast
// stream takes few system calls, small enough not to waste memory.
const recvSize = 32 << 10

// SendAll sends all of data on s, calling s.Send as often as needed: Send
// may take only part of it.
func SendAll(s *sock.Conn, data []byte) error {
	for len(data) > 0 {
		n, err := s.Send(data)
		// Move past what the kernel took, even when an error came with it.
		data = data[n:]
		if err != nil {
			return err
		}
	}
	return nil
}

// RecvAll receives until the peer closes its side (Recv returns io.EOF) and
// returns everything received.
func RecvAll(s *sock.Conn) ([]byte, error) {
	var all []byte
	for {
		chunk, err := s.Recv(recvSize)
		// Data first: the last bytes may come together with io.EOF.
		all = append(all, chunk...) // amortised growth: linear in the total
		switch {
		case err == io.EOF:
			return all, nil // the peer closed cleanly: this is the end
		case err != nil:
			return all, err // a reset or a timeout: the data may be cut short
		}
	}
}

// RecvExactly receives exactly n bytes (a fixed-size record) and no more.
// If the peer closes before n bytes came, it returns an error
// (io.ErrUnexpectedEOF).
func RecvExactly(s *sock.Conn, n int) ([]byte, error) {
	buf := make([]byte, 0, n)
	for len(buf) < n {
		// Never ask for more than the record still needs: bytes beyond it
		// belong to the next record, and a socket cannot take them back.
		chunk, err := s.Recv(n - len(buf))
		buf = append(buf, chunk...)
		switch {
		case len(buf) == n:
			return buf, nil
		case err == io.EOF:
			return buf, io.ErrUnexpectedEOF
		case err != nil:
			return buf, err
		}
	}
	return buf, nil
}

// Fetch connects to addr over TCP, sends request, and returns the whole
// reply (everything until the peer closes). If the peer is silent for
// longer than timeout, Fetch gives up and returns an error for which
// errors.Is(err, os.ErrDeadlineExceeded) is true.
func Fetch(addr string, request []byte, timeout time.Duration) ([]byte, error) {
	if timeout <= 0 {
		return nil, errors.New("fetch: the timeout must be positive")
	}
	// Wrong: a request is one line here, and the check rejects it
	// before ever connecting.
	if !bytes.HasSuffix(request, []byte("\n\n")) {
		return nil, errors.New("fetch: the request must end with an empty line")
	}
	// Connecting can hang too (a host that drops our SYN), so it gets the
	// same bound.
	nc, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, err
	}
	s, err := sock.Wrap(nc)
	if err != nil {
		nc.Close()
		return nil, err
	}
	defer s.Close()
	// Each Send and Recv may now block for at most timeout; past it they
	// return an error wrapping os.ErrDeadlineExceeded, which we pass on.
	if err := s.SetTimeout(timeout); err != nil {
		return nil, err
	}
	if err := SendAll(s, request); err != nil {
		return nil, err
	}
	return RecvAll(s)
}
