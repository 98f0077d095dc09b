// Command tcpserver is the child of exercise 1.2: it listens, runs the
// submission's Serve on the listener, and when the judge says so closes
// the listener and reports how Serve ended and what sockets it left open.
package main

import (
	"encoding/json"
	"net"
	"os"
	"strings"
	"sync/atomic"
	"time"

	tcpserver "netcourse/exercises/1.2-tcpserver"
	"netcourse/grader/child"
	"netcourse/grader/wire"
)

// ServeArgs are the arguments of the "serve" operation.
type ServeArgs struct {
	Network string // "tcp4" or "tcp6"
	Addr    string // "127.0.0.1:0" or "[::1]:0"
}

// Listening is the event sent once the listener is open.
type Listening struct {
	Addr string
}

// ServeResult is the result of "serve", sent after the judge's "close".
type ServeResult struct {
	Returned      bool          // Serve returned (on its own, or within returnWithin of the close)
	Early         bool          // Serve returned before the listener was closed
	Err           *wire.Err     // what Serve returned
	ReturnedAfter time.Duration // from closing the listener to Serve's return; 0 when Early
	LeakedSockets int           // sockets still open besides the listener once Serve returned; -1 when unknown
}

const (
	returnWithin = 2 * time.Second        // how long Serve gets to return after the close
	settle       = 500 * time.Millisecond // how long closes may lag behind Serve's return
)

func main() {
	os.Exit(child.Main(map[string]child.Handler{"serve": serve}))
}

type outcome struct {
	err   error
	at    time.Time
	early bool
}

func serve(s *child.Session, raw json.RawMessage) (any, error) {
	var a ServeArgs
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, err
	}
	ln, err := net.Listen(a.Network, a.Addr)
	if err != nil {
		return nil, err
	}
	// On the error paths below the listener is left to the process's end:
	// closing it would wake Serve, and what it does then is not this
	// operation's business.
	before, sockErr := sockets()
	if err := s.Event("listening", Listening{Addr: ln.Addr().String()}); err != nil {
		return nil, err
	}
	var closing atomic.Bool
	done := make(chan outcome, 1)
	s.Go(func() {
		err := tcpserver.Serve(ln)
		o := outcome{err: err, at: time.Now(), early: !closing.Load()}
		if o.early {
			// Nothing accepts any more: close the port as the program
			// would on exit, so clients are refused at once instead of
			// waiting in the backlog.
			ln.Close()
		}
		done <- o
	})
	if err := s.Await("close", nil); err != nil {
		return nil, err
	}
	closing.Store(true)
	closedAt := time.Now()
	ln.Close()
	var r ServeResult
	select {
	case o := <-done:
		r.Returned, r.Early, r.Err = true, o.early, wire.Describe(o.err)
		if !o.early {
			r.ReturnedAfter = max(0, o.at.Sub(closedAt))
		}
	case <-time.After(returnWithin):
	}
	r.LeakedSockets = -1
	if sockErr == nil {
		r.LeakedSockets = leaked(before, settle)
	}
	return r, nil
}

// sockets returns the sockets this process holds open, by their
// /proc/self/fd links ("socket:[12345]").
func sockets() (map[string]bool, error) {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return nil, err
	}
	m := make(map[string]bool)
	for _, e := range ents {
		l, err := os.Readlink("/proc/self/fd/" + e.Name())
		if err == nil && strings.HasPrefix(l, "socket:") {
			m[l] = true
		}
	}
	return m, nil
}

// leaked counts the sockets open now that were not open before, waiting
// up to within for them to go (a handler goroutine may close a moment
// after Serve returned). -1 when they cannot be counted.
func leaked(before map[string]bool, within time.Duration) int {
	deadline := time.Now().Add(within)
	for {
		now, err := sockets()
		if err != nil {
			return -1
		}
		n := 0
		for l := range now {
			if !before[l] {
				n++
			}
		}
		if n == 0 || time.Now().After(deadline) {
			return n
		}
		time.Sleep(10 * time.Millisecond)
	}
}
