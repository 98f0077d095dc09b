// Package contract is what the judge and the child of exercise 1.1 say to
// each other. The driver and the checks both use these values, so a
// change on one side that the other does not follow does not compile.
package contract

import "netcourse/grader/wire"

// Get runs the submission's Get(Host, Port, Path).
var Get = wire.Op[GetArgs, wire.Return]{Name: "get", Func: "Get"}

// GetArgs are Get's arguments.
type GetArgs struct {
	Host string
	Port int
	Path string
}
