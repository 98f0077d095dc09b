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
	"netcourse/grader/course/1.6-concurrency/contract"
	"netcourse/grader/wire"
)

// poll is how often the driver counts again while it waits for the count
// the judge asked for.
const poll = 5 * time.Millisecond

func main() {
	os.Exit(child.Serve(child.Handle(contract.Serve, serve)))
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

func serve(s *child.Session, a contract.ServeArgs) (contract.ServeResult, error) {
	var none contract.ServeResult
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return none, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := &server{grace: a.Grace, ln: ln, cancel: cancel, done: make(chan outcome, 1)}
	srv.before, _ = sockets()
	if err := child.Emit(s, contract.Listening, contract.Addr{Addr: ln.Addr().String()}); err != nil {
		return none, err
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
			return none, err
		}
		var err error
		switch m.Kind {
		case contract.Count.Name:
			var a contract.CountArgs
			if a, err = data(m, contract.Count); err == nil {
				err = child.Emit(s, contract.Counted, srv.count(a))
			}
		case contract.Sockets.Name:
			var a contract.SocketsArgs
			if a, err = data(m, contract.Sockets); err == nil {
				c := srv.until(a.Within, func(c contract.Counts) bool { return c.Sockets < 0 || c.Sockets >= a.AtLeast })
				err = child.Emit(s, contract.SocketsCounted, c)
			}
		case contract.Stop.Name:
			var a contract.StopArgs
			if a, err = data(m, contract.Stop); err == nil {
				srv.stop(a)
				err = child.Emit(s, contract.StopDone, wire.None{})
			}
		case contract.Mark.Name:
			err = child.Emit(s, contract.Marked, contract.MarkReply{Returned: srv.returned.Load()})
		case contract.Finish.Name:
			if !srv.stopping.Load() {
				srv.stop(contract.StopArgs{Cancel: true, Close: true})
			}
			return srv.finish(), nil
		case wire.KindExit:
			err = errors.New("judge said exit before finish")
		default:
			err = fmt.Errorf("unknown command %q", m.Kind)
		}
		if err != nil {
			return none, err
		}
	}
}

// data decodes m's data as the command c declares it: the driver takes
// several commands in any order, where child.Wait awaits one.
func data[V any](m wire.Message, c wire.Command[V]) (V, error) {
	var v V
	if len(m.Data) == 0 {
		return v, nil
	}
	err := json.Unmarshal(m.Data, &v)
	return v, err
}

func (srv *server) stop(a contract.StopArgs) {
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
func (srv *server) finish() contract.ServeResult {
	var r contract.ServeResult
	select {
	case o := <-srv.done:
		r.Returned, r.Early = true, o.early
		r.Err, r.Canceled = wire.Describe(o.err), errors.Is(o.err, context.Canceled)
		if !o.early {
			r.ReturnedAfter = max(0, o.at.Sub(srv.stopAt))
		}
	case <-time.After(time.Until(srv.stopAt.Add(srv.grace + contract.ReturnSlack))):
	}
	within := time.Duration(0)
	if r.Returned {
		// The caller's context ends once Serve is done with it (a defer
		// cancel() in main), so goroutines that only wait for it go too.
		srv.cancel()
		srv.ln.Close()
		within = max(time.Until(srv.stopAt.Add(srv.grace+contract.Settle)), 50*time.Millisecond)
	}
	c := srv.count(contract.CountArgs{Goroutines: 0, Within: within})
	r.LeakedGoroutines, r.LeakedSockets = c.Goroutines, c.Sockets
	return r
}

// count waits up to a.Within until at most a.Goroutines goroutines and no
// sockets are left over, and returns the last count.
func (srv *server) count(a contract.CountArgs) contract.Counts {
	return srv.until(a.Within, func(c contract.Counts) bool { return c.Goroutines <= a.Goroutines && c.Sockets <= 0 })
}

// until counts until done says so or within passes, and returns the last
// count.
func (srv *server) until(within time.Duration, done func(contract.Counts) bool) contract.Counts {
	deadline := time.Now().Add(within)
	for {
		c := contract.Counts{Goroutines: runtime.NumGoroutine() - srv.base, Sockets: -1}
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
