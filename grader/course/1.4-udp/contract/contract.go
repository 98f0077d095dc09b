// Package contract is what the judge and the child of exercise 1.4 say to
// each other: its operations with their argument and result types, its
// events and commands. The driver and the checks both use these values, so
// a change on one side that the other does not follow does not compile.
//
// Serve: the judge starts it, waits for Listening, sends datagrams, then
// sends wire.Stop. Request and Requests run the submission's Request
// against the judge's fake peer and return at once.
package contract

import (
	"slices"
	"time"

	"netcourse/grader/wire"
)

// Serve runs the submission's Serve(conn, Answer) on a UDP socket the
// child opened, until the judge's wire.Stop.
var Serve = wire.Op[ServeArgs, wire.Stopped]{Name: "serve", Func: "Serve"}

// ServeArgs are Serve's arguments: where the child opens its socket.
type ServeArgs struct {
	Network string // "udp4"
	Addr    string // "127.0.0.1:0"
}

// Listening is sent once the socket is open, before Serve starts.
var Listening = wire.Event[Addr]{Name: "listening"}

// Addr is where the socket is bound.
type Addr struct {
	Addr string
}

// Request runs the submission's Request once.
var Request = wire.Op[RequestArgs, wire.Return]{Name: "request", Func: "Request"}

// RequestArgs are the arguments of one call of Request.
type RequestArgs struct {
	Addr    string
	Req     []byte
	Timeout time.Duration
	Retries int
}

// Requests runs the submission's Request for each of Calls, one after
// another, each whatever the one before returned.
var Requests = wire.Op[RequestsArgs, Results]{Name: "requests", Func: "Request"}

// RequestsArgs are Requests' arguments.
type RequestsArgs struct {
	Calls []RequestArgs
}

// Results is what each call of Requests returned.
type Results struct {
	Calls []wire.Return
}

// ReplySuffix is what Answer appends.
const ReplySuffix = "/ok"

// Answer is the reply function the child gives Serve: the datagram with
// ReplySuffix appended, so that the judge can tell a reply from an echo and
// see which datagram, and how much of it, Serve passed on.
func Answer(d []byte) []byte { return append(slices.Clone(d), ReplySuffix...) }
