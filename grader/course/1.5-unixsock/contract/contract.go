// Package contract is what the judge and the child of exercise 1.5 say to
// each other: its operations with their argument and result types, its
// events and commands. The driver and the checks both use these values, so
// a change on one side that the other does not follow does not compile.
//
// Serve: the judge starts it, waits for Listening (or, when the
// submission's Listen fails, the result at once), plays the clients, then
// sends wire.Stop. Listen and Request return at once.
package contract

import "netcourse/grader/wire"

// Listen runs the submission's Listen alone. A listener it returns stays
// open until the child ends, so the judge sees the path as Listen left it.
var Listen = wire.Op[PathArgs, Listener]{Name: "listen", Func: "Listen"}

// Serve runs the submission's Listen on Path, then its Serve on that
// listener until the judge's wire.Stop. When Listen returns no listener,
// the result comes at once, with no Listening event.
var Serve = wire.Op[PathArgs, ServeResult]{Name: "serve", Func: "Serve"}

// PathArgs are the arguments of Listen and Serve.
type PathArgs struct {
	Path string

	// KeepGarbage turns the child's collector off, for a check that
	// counts the sockets it holds (Child.Sockets): a connection Serve
	// never closed is closed by its finalizer when the collector happens
	// to run, and a leak must not depend on when that is.
	KeepGarbage bool
}

// Listener describes what Listen returned.
type Listener struct {
	Err     *wire.Err // Listen's error
	Nil     bool      // no error, but a nil listener
	Network string    // ln.Addr().Network(): "unix" for a Unix socket
	AtPath  bool      // ln.Addr() names the path it was given
}

// ServeResult is Serve's result: at once when Listen failed, else after
// the judge's wire.Stop.
type ServeResult struct {
	Listen Listener
	wire.Stopped
}

// Listening is sent once Listen returned a listener, before Serve starts.
var Listening = wire.Event[Listener]{Name: "listening"}

// Request runs the submission's Request(Path, Msg).
var Request = wire.Op[RequestArgs, wire.Return]{Name: "request", Func: "Request"}

// RequestArgs are Request's arguments.
type RequestArgs struct {
	Path string
	Msg  []byte
}

// Requests runs the submission's Request(Path, Msg) Times times, one after
// another, with the collector off, and then stays alive with whatever the
// calls left open, so that the judge can count the sockets the child still
// holds (Child.Sockets).
var Requests = wire.Op[RequestsArgs, RequestsResult]{Name: "requests", Func: "Request"}

// RequestsArgs are the arguments of each of Times calls of Request.
type RequestsArgs struct {
	RequestArgs
	Times int
}

// RequestsResult is what each call returned, in order.
type RequestsResult struct {
	Returns []wire.Return
}
