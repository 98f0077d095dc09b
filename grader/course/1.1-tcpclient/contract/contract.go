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

// Gets runs the submission's Get(Host, Port, Path) Times times, one after
// another, and then stays alive with whatever the calls left open, so that
// the judge can count the sockets the child still holds (Child.Sockets).
var Gets = wire.Op[GetsArgs, GetsResult]{Name: "gets", Func: "Get"}

// GetsArgs are the arguments of each of Times calls of Get.
type GetsArgs struct {
	GetArgs
	Times int
}

// GetsResult is what each call returned, in order.
type GetsResult struct {
	Returns []wire.Return
}
