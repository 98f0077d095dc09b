// Command driver is the child of exercise 3.5: it runs the submission's
// Links when the judge asks.
package main

import (
	"os"
	"runtime/debug"
	"time"

	htmllinks "netcourse/exercises/3.5-htmllinks"
	"netcourse/grader/child"
	"netcourse/grader/course/3.5-htmllinks/contract"
	"netcourse/grader/wire"
)

func main() {
	os.Exit(child.Serve(child.Handle(contract.Links, links)))
}

// links calls Links with the collector off (see contract.Links): a
// response body left open must stay open.
func links(s *child.Session, a contract.LinksArgs) (contract.LinksResult, error) {
	debug.SetGCPercent(-1)
	var r contract.LinksResult
	err := s.Call(func() {
		start := time.Now()
		links, err := htmllinks.Links(a.URL)
		r = contract.LinksResult{Links: links, Err: wire.Describe(err), Elapsed: time.Since(start)}
	})
	return r, err
}
