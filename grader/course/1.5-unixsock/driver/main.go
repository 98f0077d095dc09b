// Command unixsock is the child of exercise 1.5: it runs the submission's
// Listen on a socket path the judge chose, its Serve on that listener
// until the judge says close, or its Request against the judge's fake
// server, and reports what they returned. The judge looks at the path
// itself.
package main

import (
	"encoding/json"
	"net"
	"os"
	"sync/atomic"
	"time"

	unixsock "netcourse/exercises/1.5-unixsock"
	"netcourse/grader/child"
	"netcourse/grader/wire"
)

// PathArgs are the arguments of "listen" and "serve".
type PathArgs struct {
	Path string
}

// Listener describes what Listen returned.
type Listener struct {
	Err     *wire.Err // Listen's error
	Nil     bool      // no error, but a nil listener
	Network string    // ln.Addr().Network(): "unix" for a Unix socket
	AtPath  bool      // ln.Addr() names the path it was given
}

// ServeResult is the result of "serve": at once when Listen failed, else
// after the judge's "close".
type ServeResult struct {
	Listen        Listener
	Returned      bool          // Serve returned (on its own, or within returnWithin of the close)
	Early         bool          // Serve returned before the listener was closed
	Err           *wire.Err     // what Serve returned
	ReturnedAfter time.Duration // from closing the listener to Serve's return; 0 when Early
}

// RequestArgs are the arguments of "request".
type RequestArgs struct {
	Path string
	Msg  []byte
}

const returnWithin = 2 * time.Second // how long Serve gets to return after the close

func main() {
	os.Exit(child.Main(map[string]child.Handler{"listen": listen, "serve": serve, "request": request}))
}

// open runs the submission's Listen and describes what it returned.
func open(s *child.Session, path string) (net.Listener, Listener, error) {
	var ln net.Listener
	var l Listener
	err := s.Call(func() {
		var err error
		ln, err = unixsock.Listen(path)
		l.Err = wire.Describe(err)
	})
	if err != nil || l.Err != nil {
		return nil, l, err
	}
	if ln == nil {
		l.Nil = true
		return nil, l, nil
	}
	l.Network = ln.Addr().Network()
	l.AtPath = ln.Addr().String() == path
	return ln, l, nil
}

// listen runs Listen alone. A listener it returns stays open until the
// process ends, so the judge sees the path as Listen left it.
func listen(s *child.Session, raw json.RawMessage) (any, error) {
	var a PathArgs
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, err
	}
	_, l, err := open(s, a.Path)
	return l, err
}

type outcome struct {
	err   error
	at    time.Time
	early bool
}

func serve(s *child.Session, raw json.RawMessage) (any, error) {
	var a PathArgs
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, err
	}
	ln, l, err := open(s, a.Path)
	if err != nil {
		return nil, err
	}
	if ln == nil {
		return ServeResult{Listen: l}, nil
	}
	if err := s.Event("listening", l); err != nil {
		return nil, err
	}
	var closing atomic.Bool
	done := make(chan outcome, 1)
	s.Go(func() {
		err := unixsock.Serve(ln)
		o := outcome{err: err, at: time.Now(), early: !closing.Load()}
		if o.early {
			// Nothing accepts any more: close as the program would on
			// exit, so clients are refused at once.
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
	r := ServeResult{Listen: l}
	select {
	case o := <-done:
		r.Returned, r.Early, r.Err = true, o.early, wire.Describe(o.err)
		if !o.early {
			r.ReturnedAfter = max(0, o.at.Sub(closedAt))
		}
	case <-time.After(returnWithin):
	}
	return r, nil
}

func request(s *child.Session, raw json.RawMessage) (any, error) {
	var a RequestArgs
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, err
	}
	var r wire.Return
	err := s.Call(func() {
		start := time.Now()
		data, err := unixsock.Request(a.Path, a.Msg)
		r = wire.Return{Data: data, Err: wire.Describe(err), Elapsed: time.Since(start)}
	})
	return r, err
}
