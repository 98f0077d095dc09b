package robust

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/internal/judge"
)

// step is what the flaky server does with one attempt (one request).
type step int

const (
	answer      step = iota // 200 OK with the body
	unavailable             // 503 Service Unavailable (with Retry-After when the plan says)
	stallHead               // reads the request and never answers
	stallBody               // the head and half the body, then nothing
	resetBody               // the head and half the body, then RST
	shortBody               // a Content-Length larger than the body: half of it, then FIN
	trickle                 // the body two bytes at a time, slower than an attempt's timeout allows
	notFound                // 404 Not Found: not worth another attempt
)

func (s step) String() string {
	return [...]string{
		answer:      "answered 200 OK with the body",
		unavailable: "answered 503 Service Unavailable",
		stallHead:   "stalled before the status line",
		stallBody:   "stalled in the middle of the body",
		resetBody:   "reset the connection in the middle of the body",
		shortBody:   "sent half the body its Content-Length announced, then closed",
		trickle:     "trickled the body two bytes at a time, for far longer than the attempt's timeout",
		notFound:    "answered 404 Not Found",
	}[s]
}

// timed reports whether only a timeout ends an attempt facing s.
func (s step) timed() bool { return s == stallHead || s == stallBody || s == trickle }

// plan is the server's schedule: the step of attempt i (from 0); attempts
// past its end get its last step.
type plan struct {
	steps      []step
	retryAfter int           // seconds, sent with every 503 when > 0
	gap        time.Duration // between two pieces of a trickle
}

func (p plan) step(i int) step { return p.steps[min(i, len(p.steps)-1)] }

// seen is what the flaky server saw of one attempt.
type seen struct {
	step                  step
	method, target, ctype string
	body                  []byte
	accepted              time.Time // the connection's accept: after the client began to dial
	failed                time.Time // taken just before the write (or RST) that ended the attempt badly; zero for timed steps
	closed                time.Time // when the client closed the connection of a timed step; zero if it did not
}

// flaky is a fake HTTP/1.1 server that answers the n-th request it reads
// as its plan says, one request per connection (every response says
// Connection: close), and records what it saw, with times.
type flaky struct {
	srv      *fixtures.Server
	plan     plan
	body     []byte
	stallFor time.Duration // the longest a stall or trickle lasts

	mu      sync.Mutex
	seen    []*seen
	active  int
	changed chan struct{} // closed and replaced on every change
	// onStep, when set, is called once an attempt's step is played out
	// (before the server waits for the client to close).
	onStep func(i int)
}

const (
	requestWithin = 2 * time.Second // how long the server waits for a whole request
	maxBody       = 1 << 20
)

// startFlaky starts a flaky server for the check, closed when it ends.
func startFlaky(t *judge.T, p plan, body []byte, stallFor time.Duration) (*flaky, error) {
	f, err := newFlaky(p, body, stallFor)
	if err != nil {
		return nil, err
	}
	t.Cleanup(f.srv.Close)
	return f, nil
}

// newFlaky starts a flaky server on loopback; Close it with f.srv.Close.
func newFlaky(p plan, body []byte, stallFor time.Duration) (*flaky, error) {
	f := &flaky{plan: p, body: body, stallFor: stallFor, changed: make(chan struct{})}
	srv, err := fixtures.NewServer(f.handle)
	if err != nil {
		return nil, err
	}
	f.srv = srv
	return f, nil
}

func (f *flaky) URL(path string) string { return f.srv.URL() + path }

func (f *flaky) change(do func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	do()
	close(f.changed)
	f.changed = make(chan struct{})
}

// settle waits up to within for every connection's handler to end, then
// returns what the server saw.
func (f *flaky) settle(ctx context.Context, within time.Duration) []seen {
	timer := time.NewTimer(within)
	defer timer.Stop()
	for {
		f.mu.Lock()
		active, changed := f.active, f.changed
		f.mu.Unlock()
		if active == 0 {
			break
		}
		select {
		case <-changed:
			continue
		case <-timer.C:
		case <-ctx.Done():
		}
		break
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]seen, len(f.seen))
	for i, s := range f.seen {
		out[i] = *s
	}
	return out
}

// count is how many requests the server has read so far.
func (f *flaky) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.seen)
}

// waitCount waits up to within for the n-th request.
func (f *flaky) waitCount(ctx context.Context, n int, within time.Duration) bool {
	timer := time.NewTimer(within)
	defer timer.Stop()
	for {
		f.mu.Lock()
		got, changed := len(f.seen), f.changed
		f.mu.Unlock()
		if got >= n {
			return true
		}
		select {
		case <-changed:
		case <-timer.C:
			return false
		case <-ctx.Done():
			return false
		}
	}
}

func (f *flaky) handle(c *net.TCPConn) {
	accepted := time.Now()
	f.change(func() { f.active++ })
	defer f.change(func() { f.active-- })
	c.SetReadDeadline(accepted.Add(requestWithin))
	req, err := http.ReadRequest(bufio.NewReader(c))
	if err != nil {
		return // no request on this connection: not an attempt
	}
	body, err := io.ReadAll(io.LimitReader(req.Body, maxBody))
	if err != nil {
		return
	}
	c.SetReadDeadline(time.Time{})
	s := &seen{method: req.Method, target: req.RequestURI, ctype: req.Header.Get("Content-Type"), body: body, accepted: accepted}
	var i int
	f.change(func() {
		i = len(f.seen)
		s.step = f.plan.step(i)
		f.seen = append(f.seen, s)
	})
	record := func(do func()) { f.change(do) }
	half := len(f.body) / 2
	head := func(n int) []byte {
		return fmt.Appendf(nil, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n", n)
	}
	played := func() {
		if f.onStep != nil {
			f.onStep(i)
		}
	}
	switch s.step {
	case answer:
		c.Write(append(head(len(f.body)), f.body...))
		played()
		fixtures.FinishWrite(c, f.stallFor)
	case unavailable, notFound:
		resp := "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n"
		if s.step == notFound {
			resp = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n"
		}
		if f.plan.retryAfter > 0 && s.step == unavailable {
			resp += fmt.Sprintf("Retry-After: %d\r\n", f.plan.retryAfter)
		}
		record(func() { s.failed = time.Now() })
		c.Write([]byte(resp + "\r\n"))
		played()
		fixtures.FinishWrite(c, f.stallFor)
	case stallHead, stallBody:
		if s.step == stallBody {
			c.Write(append(head(len(f.body)), f.body[:half]...))
		}
		played()
		_, closed := fixtures.Stall(c, f.stallFor)
		record(func() { s.closed = closed })
	case resetBody:
		c.Write(append(head(len(f.body)), f.body[:half]...))
		// The client has read the head and half the body before the RST
		// comes: the reset is in the middle of the body, not before it.
		fixtures.WaitConsumed(c, time.Second)
		record(func() { s.failed = time.Now() })
		fixtures.Reset(c)
		played()
	case shortBody:
		record(func() { s.failed = time.Now() })
		c.Write(append(head(len(f.body)), f.body[:half]...))
		played()
		fixtures.FinishWrite(c, f.stallFor)
	case trickle:
		f.trickle(c, head(len(f.body)), s, played)
	}
}

// trickle sends the head, then the body two bytes per gap, until it is
// all sent, the client closes, or stallFor passes.
func (f *flaky) trickle(c *net.TCPConn, head []byte, s *seen, played func()) {
	closed := make(chan time.Time, 1)
	go func() {
		_, at := fixtures.Stall(c, f.stallFor)
		closed <- at
	}()
	stop := func(at time.Time) { f.change(func() { s.closed = at }) }
	if _, err := c.Write(head); err != nil {
		stop(<-closed)
		return
	}
	end := time.Now().Add(f.stallFor)
	tick := time.NewTicker(f.plan.gap)
	defer tick.Stop()
	for off := 0; off < len(f.body) && time.Now().Before(end); off += 2 {
		select {
		case at := <-closed:
			stop(at)
			return
		case <-tick.C:
		}
		if _, err := c.Write(f.body[off:min(off+2, len(f.body))]); err != nil {
			break
		}
	}
	played()
	// All sent (the client took it), or out of time: the client's close,
	// if it comes, ends the reader; the server's close ends it otherwise.
	c.CloseWrite()
	stop(<-closed)
}

// timeline describes what the server saw, attempt by attempt, at most n
// attempts, with times from the first attempt's connection.
func timeline(all []seen, n int) string {
	if len(all) == 0 {
		return "The server received no request."
	}
	var b strings.Builder
	b.WriteString("What the server saw, attempt by attempt (times from the first connection):")
	t0 := all[0].accepted
	for i, s := range all[:min(n, len(all))] {
		fmt.Fprintf(&b, "\n  %d. %s %s at %s: the server %s", i+1, s.method, s.target, approx(s.accepted.Sub(t0)), s.step)
		switch {
		case !s.failed.IsZero():
			fmt.Fprintf(&b, " at %s", approx(s.failed.Sub(t0)))
		case s.step.timed() && !s.closed.IsZero():
			fmt.Fprintf(&b, "; you closed the connection at %s", approx(s.closed.Sub(t0)))
		case s.step.timed():
			b.WriteString("; you never closed the connection")
		}
	}
	if len(all) > n {
		b.WriteString("\n  ... and more")
	}
	return b.String()
}

// approx is a measured duration, rounded for reading (and for the golden
// transcripts, which normalize what follows "~").
func approx(d time.Duration) string {
	if d < 10*time.Millisecond {
		return "~" + d.Round(100*time.Microsecond).String()
	}
	return "~" + d.Round(time.Millisecond).String()
}
