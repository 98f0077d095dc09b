// Command driver is the child of exercise 1.1: it runs the submission's
// Get when the judge asks.
package main

import (
	"os"
	"time"

	tcpclient "netcourse/exercises/1.1-tcpclient"
	"netcourse/grader/child"
	"netcourse/grader/course/1.1-tcpclient/contract"
	"netcourse/grader/wire"
)

func main() {
	os.Exit(child.Serve(child.Handle(contract.Get, get)))
}

func get(s *child.Session, a contract.GetArgs) (wire.Return, error) {
	var r wire.Return
	err := s.Call(func() {
		start := time.Now()
		data, err := tcpclient.Get(a.Host, a.Port, a.Path)
		r = wire.Return{Data: data, Err: wire.Describe(err), Elapsed: time.Since(start)}
	})
	return r, err
}
