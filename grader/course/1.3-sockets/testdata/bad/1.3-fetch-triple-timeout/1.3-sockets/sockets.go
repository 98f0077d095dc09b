package sockets

import (
	"io"
	"time"

	"netcourse/fixtures/sock"
)

// SendAll sends all of data on s.
func SendAll(s *sock.Conn, data []byte) error {
	total := 0
	for total < len(data) {
		n, err := s.Send(data[total:])
		if err != nil {
			return err
		}
		total += n
	}
	return nil
}

// RecvAll receives until the peer closes.
func RecvAll(s *sock.Conn) ([]byte, error) {
	var data []byte
	for {
		chunk, err := s.Recv(4096)
		data = append(data, chunk...)
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// RecvExactly receives exactly n bytes.
func RecvExactly(s *sock.Conn, n int) ([]byte, error) {
	var buf []byte
	for len(buf) < n {
		chunk, err := s.Recv(n - len(buf))
		buf = append(buf, chunk...)
		if len(buf) == n {
			break
		}
		if err == io.EOF {
			return nil, io.ErrUnexpectedEOF
		}
		if err != nil {
			return nil, err
		}
	}
	return buf, nil
}

// Fetch sends request to addr and returns the reply.
func Fetch(addr string, request []byte, timeout time.Duration) ([]byte, error) {
	s, err := sock.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	// Three times the timeout, to be safe.
	s.SetTimeout(3 * timeout)
	if err := SendAll(s, request); err != nil {
		return nil, err
	}
	return RecvAll(s)
}
