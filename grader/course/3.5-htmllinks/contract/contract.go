// Package contract is what the judge and the child of exercise 3.5 say
// to each other. The driver and the checks both use these values, so a
// change on one side that the other does not follow does not compile.
package contract

import (
	"time"

	"netcourse/grader/wire"
)

// Links runs the submission's Links(URL). The child keeps its collector
// off for the rest of its short life, so that a connection Links never
// closed stays open for the fake server to see (a finalizer would close
// it whenever the collector happened to run).
var Links = wire.Op[LinksArgs, LinksResult]{Name: "links", Func: "Links"}

// LinksArgs are Links's arguments.
type LinksArgs struct {
	URL string
}

// LinksResult is what Links returned, and how long it took, measured in
// the child around the call alone.
type LinksResult struct {
	Links   []string
	Err     *wire.Err
	Elapsed time.Duration
}
