// Package contract is what the judge and the child of exercise 2.3 say
// to each other. The driver and the checks both use these values, so a
// change on one side that the other does not follow does not compile.
package contract

import "netcourse/grader/wire"

// Session runs a script in one child: NewSession, then each step with the
// same *Session, in order, as a browser session would.
var Session = wire.Op[Script, Result]{Name: "session", Func: "NewSession"}

// The steps a Script can take, each a method of *Session.
const (
	Login    = "Login"    // Login(URL, User, Password)
	Get      = "Get"      // Get(URL)
	GetBasic = "GetBasic" // GetBasic(URL, User, Password)
)

// Step is one call of a *Session method.
type Step struct {
	Do                  string // Login, Get or GetBasic
	URL, User, Password string
}

// Script is the steps to take.
type Script struct {
	Steps []Step
}

// Result is what NewSession returned (its error) and what each step
// returned, in order; a step not taken has no Return.
type Result struct {
	New     *wire.Err     `json:"new,omitempty"`
	Returns []wire.Return `json:"returns"`
}
