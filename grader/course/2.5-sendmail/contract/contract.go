// Package contract is what the judge and the child of exercise 2.5 say to
// each other. The driver and the checks both use these values, so a
// change on one side that the other does not follow does not compile.
package contract

import (
	"time"

	"netcourse/grader/wire"
)

// Send runs the submission's Send(Addr, From, To, Subject, Body).
var Send = wire.Op[SendArgs, SendResult]{Name: "send", Func: "Send"}

// SendArgs are Send's arguments.
type SendArgs struct {
	Addr    string
	From    string
	To      []string
	Subject string
	Body    string
}

// SendResult is what Send returned.
type SendResult struct {
	Err *wire.Err
	// Code is the Code of the *textproto.Error that errors.As finds in
	// the error; 0 when it finds none.
	Code    int
	Elapsed time.Duration
}
