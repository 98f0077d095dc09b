// Package contract is what the judge and the child of exercise 2.1 say
// to each other. The driver and the checks both use these values, so a
// change on one side that the other does not follow does not compile.
package contract

import (
	"time"

	"netcourse/grader/wire"
)

// Get runs the submission's Get(Base, Params, Headers).
var Get = wire.Op[GetArgs, GetResult]{Name: "get", Func: "Get"}

// GetArgs are Get's arguments: Params and Headers become url.Values and
// http.Header in the child (nil stays nil).
type GetArgs struct {
	Base    string
	Params  map[string][]string
	Headers map[string][]string
}

// GetResult is what Get returned. Status is the Code of the *StatusError
// that errors.As finds in the error, 0 if it finds none.
type GetResult struct {
	wire.Return
	Status int
}

// Timeout is the README's (and the stub's) Timeout: how long one Get may
// take in all.
const Timeout = time.Second
