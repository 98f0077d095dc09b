// Package contract is what the judge and the child of exercise 1.2 say to
// each other: its operations with their argument and result types, its
// events and commands. The driver and the checks both use these values, so
// a change on one side that the other does not follow does not compile.
//
// The judge starts Serve, waits for Listening, plays the clients, then
// sends wire.Stop; Serve's result says how it ended. With Hold, the driver
// waits for Begin after Listening before it calls Serve, so clients the
// judge plays meanwhile wait in the listener's accept queue.
package contract

import (
	"time"

	"netcourse/grader/wire"
)

// Serve runs the submission's Serve on a listener the child opened, until
// the judge's wire.Stop.
var Serve = wire.Op[ServeArgs, ServeResult]{Name: "serve", Func: "Serve"}

// ServeArgs are Serve's arguments: where the child listens.
type ServeArgs struct {
	Network string // "tcp4" or "tcp6"
	Addr    string // "127.0.0.1:0" or "[::1]:0"
	Hold    bool   // wait for Begin before calling Serve
}

// Begin tells a driver started with Hold to call Serve.
var Begin = wire.Command[wire.None]{Name: "begin"}

// ServeResult is Serve's result, sent after the judge's wire.Stop.
type ServeResult struct {
	wire.Stopped
	LeakedSockets int // sockets still open besides the listener once Serve returned (after up to Settle); -1 when unknown
}

// Listening is sent once the listener is open, before Serve starts.
var Listening = wire.Event[Addr]{Name: "listening"}

// Addr is where the listener listens.
type Addr struct {
	Addr string
}

// Settle is how long the child waits, after Serve returned, for the
// sockets it opened to close before it counts them as leaked: a handler
// goroutine may close a moment after Serve's return.
const Settle = 500 * time.Millisecond
