// Package udp does no work: Serve and Request only return an error. An
// error is the right answer in some checks (a reply too large, a server
// that never answers), but only from code that sent and received first.
package udp

import (
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

// Serve answers every datagram received on conn with reply(datagram), sent
// back from conn to the address that datagram came from, until conn is
// closed; then it returns nil (or an error wrapping net.ErrClosed).
func Serve(conn net.PacketConn, reply func([]byte) []byte) error {
	return errors.New("it did not work")
}

// Request sends req (at least IDLen bytes, starting with its ID) to addr
// over UDP and waits up to timeout for the reply; if none comes, it sends
// req again, at most retries more times. It returns the first datagram
// that comes from addr and starts with req's ID, whole. When every try
// times out it returns ErrNoReply.
func Request(addr string, req []byte, timeout time.Duration, retries int) ([]byte, error) {
	return nil, errors.New("it did not work")
}
