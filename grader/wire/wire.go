// Package wire is the protocol between the judge (the grader process) and
// the child (a driver compiled together with the submission). Messages are
// JSON lines: the judge writes commands on the child's fd 3, the child writes
// replies on its fd 4. Nothing the child says is a verdict: a reply carries
// what the submission returned, and the judge checks it against what its own
// fake peers saw on the wire. The submission's code runs in the child's
// process, its init functions before the driver, so it can read fd 3 and
// write fd 4 itself: a reply is only ever a claim the submission makes.
package wire

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"os"
	"syscall"
)

// File descriptors of the two pipes in the child.
const (
	CommandFD = 3
	ReplyFD   = 4
)

// Message kinds the child sends besides the ones a driver chooses.
const (
	KindResult = "result" // the operation finished; Data is the driver's result
	KindPanic  = "panic"  // the submission panicked in a goroutine the driver watched
	KindFailed = "failed" // the driver could not run the operation (bad arguments); the judge takes it, like anything the child says, as the child's verdict
	KindExit   = "exit"   // judge to child: stop now

	// KindReturned: the function under test returned, before the judge
	// stopped it (a server's Serve on its own), and its result follows
	// only when the judge asks; Data is a Returned. The judge takes it
	// as news, so that checks waiting for the function's doings can stop
	// waiting, never as a verdict: the result decides.
	KindReturned = "returned"
)

// Returned is the data of a KindReturned message.
type Returned struct {
	Err *Err `json:"err,omitempty"` // what the function returned
}

// Message is one line of the protocol in either direction.
type Message struct {
	Kind string          `json:"kind"`
	Data json.RawMessage `json:"data,omitempty"`
}

// Panic describes a recovered panic.
type Panic struct {
	Value string `json:"value"`
	Stack string `json:"stack"`
}

// Err describes an error a submission returned, in the terms the checks
// care about, since the judge cannot receive the error value itself.
type Err struct {
	Text    string `json:"text"`
	Timeout bool   `json:"timeout,omitempty"` // errors.Is(err, os.ErrDeadlineExceeded) or net.Error.Timeout()
	EOF     bool   `json:"eof,omitempty"`     // io.EOF or io.ErrUnexpectedEOF

	// The exact identities, for checks of a README that names one: a
	// context's deadline is a Timeout() too, but not os.ErrDeadlineExceeded,
	// and a record cut short must not read as a clean io.EOF.
	Deadline        bool `json:"deadline,omitempty"`         // errors.Is(err, os.ErrDeadlineExceeded)
	ContextDeadline bool `json:"context_deadline,omitempty"` // errors.Is(err, context.DeadlineExceeded)
	CleanEOF        bool `json:"clean_eof,omitempty"`        // errors.Is(err, io.EOF)
	UnexpectedEOF   bool `json:"unexpected_eof,omitempty"`   // errors.Is(err, io.ErrUnexpectedEOF)

	Reset       bool `json:"reset,omitempty"`       // ECONNRESET or EPIPE
	Refused     bool `json:"refused,omitempty"`     // ECONNREFUSED
	Closed      bool `json:"closed,omitempty"`      // net.ErrClosed
	Unsupported bool `json:"unsupported,omitempty"` // errors.ErrUnsupported: the untouched stub
}

// Describe turns an error into an Err; nil stays nil.
func Describe(err error) *Err {
	if err == nil {
		return nil
	}
	var ne net.Error
	return &Err{
		Text:        err.Error(),
		Timeout:     errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()),
		EOF:         errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF),
		Reset:       errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE),
		Refused:     errors.Is(err, syscall.ECONNREFUSED),
		Closed:      errors.Is(err, net.ErrClosed),
		Unsupported: errors.Is(err, errors.ErrUnsupported),

		Deadline:        errors.Is(err, os.ErrDeadlineExceeded),
		ContextDeadline: errors.Is(err, context.DeadlineExceeded),
		CleanEOF:        errors.Is(err, io.EOF),
		UnexpectedEOF:   errors.Is(err, io.ErrUnexpectedEOF),
	}
}

func (e *Err) Error() string { return e.Text }
