// Command unixsock is the child of exercise 1.5: it runs the submission's
// Listen on a socket path the judge chose, its Serve on that listener
// until the judge says stop, or its Request against the judge's fake
// server, and reports what they returned. The judge looks at the path
// itself.
package main

import (
	"net"
	"os"
	"runtime/debug"
	"time"

	unixsock "netcourse/exercises/1.5-unixsock"
	"netcourse/grader/child"
	"netcourse/grader/course/1.5-unixsock/contract"
	"netcourse/grader/wire"
)

func main() {
	os.Exit(child.Serve(
		child.Handle(contract.Listen, listen),
		child.Handle(contract.Serve, serve),
		child.Handle(contract.Request, request),
		child.Handle(contract.Requests, requests),
	))
}

// open runs the submission's Listen and describes what it returned.
func open(s *child.Session, path string) (net.Listener, contract.Listener, error) {
	var ln net.Listener
	var l contract.Listener
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
func listen(s *child.Session, a contract.PathArgs) (contract.Listener, error) {
	_, l, err := open(s, a.Path)
	return l, err
}

func serve(s *child.Session, a contract.PathArgs) (contract.ServeResult, error) {
	if a.KeepGarbage {
		debug.SetGCPercent(-1) // for the rest of the child's short life
	}
	ln, l, err := open(s, a.Path)
	if err != nil {
		return contract.ServeResult{}, err
	}
	if ln == nil {
		// No listener, nothing to serve: the result at once, without
		// the listening event, says so.
		return contract.ServeResult{Listen: l}, nil
	}
	if err := child.Emit(s, contract.Listening, l); err != nil {
		return contract.ServeResult{}, err
	}
	st, err := child.ServeUntilStopped(s, func() error { return unixsock.Serve(ln) }, func() { ln.Close() })
	if err != nil {
		return contract.ServeResult{}, err
	}
	return contract.ServeResult{Listen: l, Stopped: st}, nil
}

func request(s *child.Session, a contract.RequestArgs) (wire.Return, error) {
	var r wire.Return
	err := s.Call(func() { r = call(a) })
	return r, err
}

func call(a contract.RequestArgs) wire.Return {
	start := time.Now()
	data, err := unixsock.Request(a.Path, a.Msg)
	return wire.Return{Data: data, Err: wire.Describe(err), Elapsed: time.Since(start)}
}

// requests calls Request a.Times times for the judge to count the sockets
// left open. The collector stays off for the rest of the child's short
// life: a connection Request never closed is closed by its finalizer when
// the collector happens to run, and a leak must not depend on when that is.
func requests(s *child.Session, a contract.RequestsArgs) (contract.RequestsResult, error) {
	debug.SetGCPercent(-1)
	var r contract.RequestsResult
	err := s.Call(func() {
		for range a.Times {
			r.Returns = append(r.Returns, call(a.RequestArgs))
		}
	})
	return r, err
}
