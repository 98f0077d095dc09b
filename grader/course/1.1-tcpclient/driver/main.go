// Command driver is the child of exercise 1.1: it runs the submission's
// Get when the judge asks.
package main

import (
	"os"
	"runtime/debug"
	"time"

	tcpclient "netcourse/exercises/1.1-tcpclient"
	"netcourse/grader/child"
	"netcourse/grader/course/1.1-tcpclient/contract"
	"netcourse/grader/wire"
)

func main() {
	os.Exit(child.Serve(child.Handle(contract.Get, get), child.Handle(contract.Gets, gets)))
}

func get(s *child.Session, a contract.GetArgs) (wire.Return, error) {
	var r wire.Return
	err := s.Call(func() { r = call(a) })
	return r, err
}

func call(a contract.GetArgs) wire.Return {
	start := time.Now()
	data, err := tcpclient.Get(a.Host, a.Port, a.Path)
	return wire.Return{Data: data, Err: wire.Describe(err), Elapsed: time.Since(start)}
}

// gets calls Get a.Times times for the judge to count the sockets left
// open. The collector stays off for the rest of the child's short life: a
// connection Get never closed is closed by its finalizer when the
// collector happens to run, and a leak must not depend on when that is.
func gets(s *child.Session, a contract.GetsArgs) (contract.GetsResult, error) {
	debug.SetGCPercent(-1)
	var r contract.GetsResult
	err := s.Call(func() {
		for range a.Times {
			r.Returns = append(r.Returns, call(a.GetArgs))
		}
	})
	return r, err
}
