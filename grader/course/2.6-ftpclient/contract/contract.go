// Package contract is what the judge and the child of exercise 2.6 say
// to each other. The driver and the checks both use these values, so a
// change on one side that the other does not follow does not compile.
package contract

import (
	"time"

	"netcourse/grader/wire"
)

// Session runs one session of the submission's client: Dial(Addr),
// Login(User, Pass), each step in order, and Quit. A failed Dial ends it;
// a failed Login skips the steps but still calls Quit. The child then stays
// alive with whatever the session left open, so the judge can count the
// sockets it still holds (Child.Sockets).
var Session = wire.Op[SessionArgs, SessionResult]{Name: "session", Func: "Dial"}

// SessionArgs are the session's arguments.
type SessionArgs struct {
	Addr       string
	User, Pass string
	Steps      []Step
}

// Step is one call: List(Path) or Retr(Path).
type Step struct {
	Op   string // "list" or "retr"
	Path string
}

// The steps' operations.
const (
	List = "list"
	Retr = "retr"
)

// SessionResult is what each call returned.
type SessionResult struct {
	Dial  *wire.Err
	Login *Reply
	Steps []StepResult
	Quit  *Reply
	// Elapsed is the whole session's time, measured in the child.
	Elapsed time.Duration
}

// Reply is an error and, when it is (or wraps) a *textproto.Error, the
// reply code it carries (0 otherwise).
type Reply struct {
	Err  *wire.Err
	Code int
}

// StepResult is one step's return.
type StepResult struct {
	Lines []string // List's
	Data  []byte   // Retr's
	Err   *Reply   // nil when the call returned no error
}
