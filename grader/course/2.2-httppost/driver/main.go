// Command driver is the child of exercise 2.2: it runs the submission's
// PostForm and PostJSON when the judge asks.
package main

import (
	"net/url"
	"os"
	"time"

	httppost "netcourse/exercises/2.2-httppost"
	"netcourse/grader/child"
	"netcourse/grader/course/2.2-httppost/contract"
	"netcourse/grader/wire"
)

func main() {
	os.Exit(child.Serve(child.Handle(contract.PostForm, postForm), child.Handle(contract.PostJSON, postJSON)))
}

func postForm(s *child.Session, a contract.PostFormArgs) (wire.Return, error) {
	var r wire.Return
	err := s.Call(func() {
		start := time.Now()
		data, err := httppost.PostForm(a.URL, url.Values(a.Form))
		r = wire.Return{Data: data, Err: wire.Describe(err), Elapsed: time.Since(start)}
	})
	return r, err
}

func postJSON(s *child.Session, a contract.PostJSONArgs) (wire.Return, error) {
	var r wire.Return
	err := s.Call(func() {
		start := time.Now()
		data, err := httppost.PostJSON(a.URL, a.Order)
		r = wire.Return{Data: data, Err: wire.Describe(err), Elapsed: time.Since(start)}
	})
	return r, err
}
