// Command driver is the child of exercise 2.1: it runs the submission's
// Get when the judge asks.
package main

import (
	"errors"
	"net/http"
	"net/url"
	"os"
	"runtime/debug"
	"time"

	httpget "netcourse/exercises/2.1-httpget"
	"netcourse/grader/child"
	"netcourse/grader/course/2.1-httpget/contract"
	"netcourse/grader/wire"
)

func main() {
	// The collector stays off for the child's short life: a connection
	// whose body Get never closed could otherwise be closed by a finalizer
	// whenever the collector happens to run, and a leak must not depend
	// on when that is.
	debug.SetGCPercent(-1)
	os.Exit(child.Serve(child.Handle(contract.Get, get)))
}

func get(s *child.Session, a contract.GetArgs) (contract.GetResult, error) {
	var r contract.GetResult
	err := s.Call(func() {
		start := time.Now()
		data, err := httpget.Get(a.Base, url.Values(a.Params), http.Header(a.Headers))
		r.Return = wire.Return{Data: data, Err: wire.Describe(err), Elapsed: time.Since(start)}
		var se *httpget.StatusError
		if errors.As(err, &se) && se != nil {
			r.Status = se.Code
		}
	})
	return r, err
}
