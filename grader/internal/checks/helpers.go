package checks

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// serve starts a fake peer for the check and closes it when the check ends.
func serve(t *judge.T, h fixtures.Handler) (*fixtures.Server, error) {
	srv, err := fixtures.NewServer(h)
	if err != nil {
		return nil, err
	}
	t.Cleanup(srv.Close)
	return srv, nil
}

// call starts the child with op and waits up to within for its Return.
// The stub's errors.ErrUnsupported becomes a not-started verdict.
func call(t *judge.T, fn, op string, args any, within time.Duration) (*judge.Child, wire.Return, error) {
	var r wire.Return
	c, err := t.Start(op, args)
	if err != nil {
		return nil, r, err
	}
	if err := c.Result(within, &r); err != nil {
		return c, r, err
	}
	if r.Err != nil && r.Err.Unsupported {
		return c, r, &judge.NotStartedError{Func: fn}
	}
	return c, r, nil
}

// timedOut rewrites a TimeoutError from the child in the check's words.
func timedOut(err error, what, hint string) error {
	if te, ok := err.(*judge.TimeoutError); ok {
		te.What, te.Hint = what, hint
	}
	return err
}

// await waits for a value from a fake peer's handler, within the check's
// time limit.
func await[V any](t *judge.T, ch <-chan V, within time.Duration) (V, error) {
	var zero V
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(within):
		return zero, fmt.Errorf("fake peer did not finish within %v", within)
	case <-t.Ctx.Done():
		return zero, t.Ctx.Err()
	}
}

// readRequest reads an HTTP request head from c: up to the empty line
// (CRLF CRLF, or LF LF from a client that forgets CR), or until max or
// limit. complete reports whether the empty line came.
func readRequest(c *net.TCPConn, limit int, max time.Duration) (req []byte, complete bool) {
	c.SetReadDeadline(time.Now().Add(max))
	defer c.SetReadDeadline(time.Time{})
	buf := make([]byte, 1024)
	for len(req) < limit {
		n, err := c.Read(buf)
		req = append(req, buf[:n]...)
		if bytes.Contains(req, []byte("\r\n\r\n")) || bytes.Contains(req, []byte("\n\n")) {
			return req, true
		}
		if err != nil {
			return req, false
		}
	}
	return req, false
}

// word returns a short random lowercase word, for paths and payloads the
// submission cannot guess.
func word(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'a' + byte(rng.IntN(26))
	}
	return string(b)
}
