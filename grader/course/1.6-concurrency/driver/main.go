// Command concurrency is the child of exercise 1.6: it listens, runs the
// submission's Serve on the listener, counts on request the goroutines and
// sockets this process holds, and when the judge says so cancels Serve's
// context and/or closes the listener, then reports how Serve ended and what
// it left behind. It only counts; the judge decides what is a leak.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	concurrency "netcourse/exercises/1.6-concurrency"
	"netcourse/grader/child"
	"netcourse/grader/wire"
)

// ServeArgs are the arguments of the "serve" operation.
type ServeArgs struct {
	Grace time.Duration // passed on to Serve
}

// Listening is the event sent once the listener is open.
type Listening struct {
	Addr string
}

// CountArgs are the arguments of the "count" command: wait up to Within
// for at most Goroutines extra goroutines and no extra sockets.
type CountArgs struct {
	Goroutines int
	Within     time.Duration
}

// SocketsArgs are the arguments of the "sockets" command: wait up to
// Within for at least AtLeast extra sockets (connections Serve accepted);
// the reply is a "sockets" event with a Count.
type SocketsArgs struct {
	AtLeast int
	Within  time.Duration
}

// Count is the reply to "count" and "sockets".
type Count struct {
	Goroutines int // running now besides the driver's own and Serve's
	Sockets    int // open now besides the listener; -1 when unknown
}

// StopArgs are the arguments of the "stop" command, answered at once with
// an empty "stop" event.
type StopArgs struct {
	Cancel bool // cancel Serve's context
	Close  bool // close the listener
}

// Mark is the reply to "mark": whether Serve had returned when the
// command arrived.
type Mark struct {
	Returned bool
}

// ServeResult is the result of "serve", sent after the judge's "finish"
// (which stops Serve first, cancelling and closing, if no "stop" came).
type ServeResult struct {
	Returned         bool          // Serve returned, by returnSlack after grace from the stop
	Early            bool          // Serve returned before the stop
	Err              *wire.Err     // what Serve returned
	Canceled         bool          // Err wraps context.Canceled
	ReturnedAfter    time.Duration // from the stop to Serve's return; 0 when Early
	LeakedGoroutines int           // still running once Serve returned (besides Serve's own if it did not)
	LeakedSockets    int           // still open besides the listener; -1 when unknown
}

const (
	returnSlack = 2 * time.Second        // beyond grace, how long Serve gets to return after the stop
	settle      = 500 * time.Millisecond // beyond grace, how long handlers may lag behind Serve's return
	poll        = 5 * time.Millisecond
)

func main() {
	os.Exit(child.Main(map[string]child.Handler{"serve": serve}))
}

type outcome struct {
	err   error
	at    time.Time
	early bool
}

// server is the running Serve and what it is measured against.
type server struct {
	grace    time.Duration
	ln       net.Listener
	cancel   context.CancelFunc
	base     int             // goroutines before Serve started: this handler's and the runtime's
	before   map[string]bool // sockets before Serve started (the listener); nil when unknown
	stopping atomic.Bool
	returned atomic.Bool
	done     chan outcome
	stopAt   time.Time
}

func serve(s *child.Session, raw json.RawMessage) (any, error) {
	var a ServeArgs
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := &server{grace: a.Grace, ln: ln, cancel: cancel, done: make(chan outcome, 1)}
	srv.before, _ = sockets()
	if err := s.Event("listening", Listening{Addr: ln.Addr().String()}); err != nil {
		return nil, err
	}
	srv.base = runtime.NumGoroutine()
	s.Go(func() {
		err := concurrency.Serve(ctx, ln, a.Grace)
		srv.returned.Store(true)
		o := outcome{err: err, at: time.Now(), early: !srv.stopping.Load()}
		if o.early {
			// Nothing accepts any more: close the port as the program
			// would on exit, so clients are refused at once instead of
			// waiting in the backlog.
			ln.Close()
		}
		srv.done <- o
	})
	for {
		var m wire.Message
		if err := s.Recv(&m); err != nil {
			return nil, err
		}
		switch m.Kind {
		case "count":
			var ca CountArgs
			if err := json.Unmarshal(m.Data, &ca); err != nil {
				return nil, err
			}
			if err := s.Event("count", srv.count(ca)); err != nil {
				return nil, err
			}
		case "sockets":
			var sa SocketsArgs
			if err := json.Unmarshal(m.Data, &sa); err != nil {
				return nil, err
			}
			c := srv.until(sa.Within, func(c Count) bool { return c.Sockets < 0 || c.Sockets >= sa.AtLeast })
			if err := s.Event("sockets", c); err != nil {
				return nil, err
			}
		case "stop":
			var sa StopArgs
			if err := json.Unmarshal(m.Data, &sa); err != nil {
				return nil, err
			}
			srv.stop(sa)
			if err := s.Event("stop", nil); err != nil {
				return nil, err
			}
		case "mark":
			if err := s.Event("mark", Mark{Returned: srv.returned.Load()}); err != nil {
				return nil, err
			}
		case "finish":
			if !srv.stopping.Load() {
				srv.stop(StopArgs{Cancel: true, Close: true})
			}
			return srv.finish(), nil
		case wire.KindExit:
			return nil, errors.New("judge said exit before finish")
		default:
			return nil, fmt.Errorf("unknown command %q", m.Kind)
		}
	}
}

func (srv *server) stop(a StopArgs) {
	if srv.stopping.Swap(true) {
		return
	}
	srv.stopAt = time.Now()
	if a.Cancel {
		srv.cancel()
	}
	if a.Close {
		srv.ln.Close()
	}
}

// finish waits for Serve to return, then for its goroutines and sockets to
// go, and says what is left.
func (srv *server) finish() ServeResult {
	var r ServeResult
	select {
	case o := <-srv.done:
		r.Returned, r.Early = true, o.early
		r.Err, r.Canceled = wire.Describe(o.err), errors.Is(o.err, context.Canceled)
		if !o.early {
			r.ReturnedAfter = max(0, o.at.Sub(srv.stopAt))
		}
	case <-time.After(time.Until(srv.stopAt.Add(srv.grace + returnSlack))):
	}
	within := time.Duration(0)
	if r.Returned {
		// The caller's context ends once Serve is done with it (a defer
		// cancel() in main), so goroutines that only wait for it go too.
		srv.cancel()
		srv.ln.Close()
		within = max(time.Until(srv.stopAt.Add(srv.grace+settle)), 50*time.Millisecond)
	}
	c := srv.count(CountArgs{Goroutines: 0, Within: within})
	r.LeakedGoroutines, r.LeakedSockets = c.Goroutines, c.Sockets
	return r
}

// count waits up to a.Within until at most a.Goroutines goroutines and no
// sockets are left over, and returns the last count.
func (srv *server) count(a CountArgs) Count {
	return srv.until(a.Within, func(c Count) bool { return c.Goroutines <= a.Goroutines && c.Sockets <= 0 })
}

// until counts until done says so or within passes, and returns the last
// count.
func (srv *server) until(within time.Duration, done func(Count) bool) Count {
	deadline := time.Now().Add(within)
	for {
		c := Count{Goroutines: runtime.NumGoroutine() - srv.base, Sockets: -1}
		if !srv.returned.Load() {
			c.Goroutines-- // Serve's own
		}
		if srv.before != nil {
			if now, err := sockets(); err == nil {
				c.Sockets = 0
				for l := range now {
					if !srv.before[l] {
						c.Sockets++
					}
				}
			}
		}
		if done(c) || !time.Now().Before(deadline) {
			return c
		}
		time.Sleep(poll)
	}
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
