// Package contract is what the judge and the child of exercise 1.6 say to
// each other: its operations with their argument and result types, its
// events and commands. The driver and the checks both use these values, so
// a change on one side that the other does not follow does not compile.
//
// The judge starts Serve, then sends commands while it plays the clients:
// Count, Sockets, Stop and Mark, each answered at once by the event of the
// same name; Finish ends Serve's operation with its result.
package contract

import (
	"time"

	"netcourse/grader/wire"
)

// Serve runs the submission's Serve(ctx, ln, Grace) on a listener the
// child opened, until the judge's Finish.
var Serve = wire.Op[ServeArgs, ServeResult]{Name: "serve", Func: "Serve"}

// ServeArgs are Serve's arguments.
type ServeArgs struct {
	Grace time.Duration // passed on to Serve
}

// ServeResult is Serve's result, sent after the judge's Finish (which
// stops Serve first, cancelling and closing, if no Stop came). Returned
// means Serve returned by ReturnSlack after the grace from the stop.
type ServeResult struct {
	wire.Stopped
	Canceled         bool // Err wraps context.Canceled
	LeakedGoroutines int  // still running once Serve returned (besides Serve's own if it did not)
	LeakedSockets    int  // still open besides the listener; -1 when unknown
}

// Listening is sent once the listener is open, before Serve starts.
var Listening = wire.Event[Addr]{Name: "listening"}

// Addr is where the listener listens.
type Addr struct {
	Addr string
}

var (
	// Count asks how many goroutines and sockets Serve holds, once at most
	// Goroutines extra goroutines and no extra sockets are left (or Within
	// passed); Counted answers it.
	Count   = wire.Command[CountArgs]{Name: "count"}
	Counted = wire.Event[Counts]{Name: "count"}

	// Sockets asks the same once Serve holds at least AtLeast extra sockets
	// (connections it accepted), or Within passed; SocketsCounted answers.
	Sockets        = wire.Command[SocketsArgs]{Name: "sockets"}
	SocketsCounted = wire.Event[Counts]{Name: "sockets"}

	// Stop stops Serve as StopArgs say; StopDone answers it at once, without
	// waiting for Serve.
	Stop     = wire.Command[StopArgs]{Name: "stop"}
	StopDone = wire.Event[wire.None]{Name: "stop"}

	// Mark asks whether Serve has returned by now; Marked answers it.
	Mark   = wire.Command[wire.None]{Name: "mark"}
	Marked = wire.Event[MarkReply]{Name: "mark"}

	// Finish ends the operation: the child stops Serve if no Stop came,
	// waits for it and for what it leaves behind, and sends Serve's result.
	Finish = wire.Command[wire.None]{Name: "finish"}
)

// CountArgs are Count's data.
type CountArgs struct {
	Goroutines int
	Within     time.Duration
}

// SocketsArgs are Sockets' data.
type SocketsArgs struct {
	AtLeast int
	Within  time.Duration
}

// Counts answer Count and Sockets.
type Counts struct {
	Goroutines int // running now besides the driver's own and Serve's
	Sockets    int // open now besides the listener; -1 when unknown
}

// StopArgs are Stop's data.
type StopArgs struct {
	Cancel bool // cancel Serve's context
	Close  bool // close the listener
}

// MarkReply answers Mark: whether Serve had returned when Mark arrived.
type MarkReply struct {
	Returned bool
}

const (
	// Grace is the grace the checks pass to Serve: how long a line in
	// flight may take to finish once Serve is stopped.
	Grace = time.Second

	// ReturnSlack is how long, beyond the grace, the driver waits after the
	// stop for Serve to return.
	ReturnSlack = 2 * time.Second

	// Settle is how long, beyond the grace, the driver waits for handlers'
	// goroutines and sockets to go once Serve has returned.
	Settle = 500 * time.Millisecond
)
