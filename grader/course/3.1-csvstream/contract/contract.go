// Package contract is what the judge and the child of exercise 3.1 say
// to each other. The driver and the checks both use these values, so a
// change on one side that the other does not follow does not compile.
package contract

import (
	"time"

	"netcourse/grader/wire"
)

// ReadItems dials Addr and runs the submission's ReadItems on the
// connection.
var ReadItems = wire.Op[Args, Result]{Name: "readitems", Func: "ReadItems"}

// DialWithin bounds the driver's connection to the fake peer.
const DialWithin = 5 * time.Second

// Args are ReadItems' arguments: where the feed is served.
type Args struct {
	Addr string
}

// Item is one good row as the submission returned it. Price is formatted
// with strconv.FormatFloat(p, 'g', -1, 64), which keeps every bit and
// survives JSON whatever the value (NaN too).
type Item struct {
	Line  int
	SKU   string
	Name  string
	Qty   int
	Price string
}

// Bad is one malformed row as the submission reported it.
type Bad struct {
	Line int
	Err  string
}

// Result is what ReadItems returned.
type Result struct {
	Items   []Item
	Bad     []Bad
	Err     *wire.Err
	Elapsed time.Duration
}
