package harness

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// Serve starts a fake peer for the check and closes it when the check ends.
func Serve(t *judge.T, h fixtures.Handler) (*fixtures.Server, error) {
	srv, err := fixtures.NewServer(h)
	if err != nil {
		return nil, err
	}
	t.Cleanup(srv.Close)
	return srv, nil
}

// TimedOut rewrites a TimeoutError from the child in the check's words.
func TimedOut(err error, what, hint string) error {
	if te, ok := err.(*judge.TimeoutError); ok {
		te.What, te.Hint = what, hint
	}
	return err
}

// Observed collects what a fake peer's handlers saw, one value per
// connection. Adding never blocks: a submission may connect any number of
// times, and a handler left waiting on a send nobody reads would hold the
// fake's Close, and so the check, for ever.
type Observed[V any] struct {
	mu      sync.Mutex
	vals    []V
	n       int           // values added, kept or not
	changed chan struct{} // closed and replaced on every add
}

// MaxObserved is how many values an observation keeps: far more than any
// check looks at, few enough that a submission connecting in a loop cannot
// fill the grader's memory.
const MaxObserved = 256

func NewObserved[V any]() *Observed[V] {
	return &Observed[V]{changed: make(chan struct{})}
}

// Add records v.
func (o *Observed[V]) Add(v V) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.n++
	if len(o.vals) < MaxObserved {
		o.vals = append(o.vals, v)
	}
	close(o.changed)
	o.changed = make(chan struct{})
}

// Wait waits until n values were added, within passes or the check ends,
// and returns the values kept so far.
func (o *Observed[V]) Wait(t *judge.T, n int, within time.Duration) []V {
	timer := time.NewTimer(within)
	defer timer.Stop()
	for {
		o.mu.Lock()
		got, changed := o.n, o.changed
		vals := slices.Clone(o.vals)
		o.mu.Unlock()
		if got >= n {
			return vals
		}
		select {
		case <-changed:
		case <-timer.C:
			return vals
		case <-t.Ctx.Done():
			return vals
		}
	}
}

// First waits up to within for the first value. When none comes, the
// submission never gave the fake what it waits for (a connection, a
// request): missing says so in the student's terms, and first returns it;
// a check out of time returns its context's error instead.
func (o *Observed[V]) First(t *judge.T, within time.Duration, missing func() *judge.Failure) (V, error) {
	if vals := o.Wait(t, 1, within); len(vals) > 0 {
		return vals[0], nil
	}
	var zero V
	if err := t.Ctx.Err(); err != nil {
		return zero, err
	}
	return zero, missing()
}

// ReadRequest reads an HTTP request head from c: up to the empty line
// (CRLF CRLF, or LF LF from a client that forgets CR), or until max or
// limit. complete reports whether the empty line came.
func ReadRequest(c *net.TCPConn, limit int, max time.Duration) (req []byte, complete bool) {
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

// Word returns a short random lowercase word, for paths and payloads the
// submission cannot guess.
func Word(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'a' + byte(rng.IntN(26))
	}
	return string(b)
}

// PeerSawNothing is the failure of a function fn whose fake peer at srv had
// nothing to report once fn returned: the submission never connected, or
// never sent what the peer waited within for.
func PeerSawNothing(fn string, srv *fixtures.Server, within time.Duration) *judge.Failure {
	if srv.Accepted() == 0 {
		return NotConnected(fn, srv)
	}
	return judge.Fail("%s returned, but the peer at %s did not receive what it waits for: nothing came within %v", fn, srv.Addr(), within)
}

// NotConnected is the failure of a function that returned without ever
// connecting to the fake server.
func NotConnected(fn string, srv *fixtures.Server) *judge.Failure {
	return judge.Fail("%s returned without ever connecting to the server at %s", fn, srv.Addr()).With("", "", "Dial the host and port you are given, then write the request.")
}

// FragmentsCovered says how many whole fragments got is, when got is a
// prefix of want ending on a fragment boundary; else 0.
func FragmentsCovered(got, want []byte, sizes []int) int {
	if !bytes.HasPrefix(want, got) {
		return 0
	}
	n := 0
	for i, s := range sizes {
		n += s
		if n == len(got) {
			return i + 1
		}
	}
	return 0
}

func SizesText(sizes []int) string {
	parts := make([]string, len(sizes))
	for i, s := range sizes {
		parts[i] = fmt.Sprint(s)
	}
	if len(parts) > 8 {
		parts = append(parts[:8], "…")
	}
	return strings.Join(parts, "+")
}

// Connected reports whether srv accepted a connection, waiting up to
// within for an accept that lags behind the client's connect.
func Connected(srv interface{ Accepted() int }, within time.Duration) bool {
	for end := time.Now().Add(within); srv.Accepted() == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(end) {
			return false
		}
	}
	return true
}

// Returned says what Serve returned, for messages.
func Returned(e *wire.Err) string {
	if e == nil {
		return "with a nil error"
	}
	return fmt.Sprintf("the error %q", e.Text)
}

// FirstLine is p up to and including its first newline.
func FirstLine(p []byte) []byte {
	if i := bytes.IndexByte(p, '\n'); i >= 0 {
		return p[:i+1]
	}
	return p
}
