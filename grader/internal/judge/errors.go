package judge

import (
	"fmt"
	"strings"

	"netcourse/grader/internal/result"
	"netcourse/grader/internal/sandbox"
)

// Failure is a check's verdict against the submission. Its parts follow the
// course's way of explaining: what happened on the wire, why it matters,
// what to try.
type Failure struct {
	Summary string // one line
	Detail  string // what was sent, what came back
	Why     string // why it matters in network terms
	Hint    string // what to look at
}

// Fail starts a Failure with a formatted summary.
func Fail(format string, args ...any) *Failure {
	return &Failure{Summary: fmt.Sprintf(format, args...)}
}

// With sets the detail, why and hint; empty strings leave a part unset.
func (f *Failure) With(detail, why, hint string) *Failure {
	f.Detail, f.Why, f.Hint = detail, why, hint
	return f
}

func (f *Failure) Error() string {
	var b strings.Builder
	b.WriteString(f.Summary)
	if f.Detail != "" {
		b.WriteString("\n" + strings.TrimRight(f.Detail, "\n"))
	}
	if f.Why != "" {
		b.WriteString("\nWhy it matters: " + f.Why)
	}
	return b.String()
}

// SkipError ends a check as skipped: the machine lacks what it needs.
type SkipError struct{ Reason string }

func (e *SkipError) Error() string { return "skipped: " + e.Reason }

// TimeoutError says the submission did not finish in time; the child was
// killed.
type TimeoutError struct {
	What string // what the submission was doing, in the student's terms
	Hint string
}

func (e *TimeoutError) Error() string { return e.What }

// CrashError says the child died or panicked before answering.
type CrashError struct {
	Reason   string // "panicked: boom", "exited with status 3", ...
	Location string // the submission's file:line where known
}

func (e *CrashError) Error() string {
	s := "your code " + e.Reason
	if e.Location != "" {
		s += "\n  at " + e.Location
	}
	return s
}

// NotStartedError says the submission still returns the stub's
// errors.ErrUnsupported.
type NotStartedError struct{ Func string }

func (e *NotStartedError) Error() string {
	return fmt.Sprintf("not started: %s still returns errors.ErrUnsupported (the stub)", e.Func)
}

// LimitError says the judge killed the child at one of its limits.
type LimitError struct{ Exceeded *sandbox.Exceeded }

func (e *LimitError) Error() string {
	return "your code " + e.Exceeded.Error() + ", and was stopped"
}

// Status is the check's status for the limit: CPU time is time.
func (e *LimitError) Status() string {
	switch e.Exceeded.Limit {
	case sandbox.Memory:
		return result.MemoryLimit
	case sandbox.Output:
		return result.OutputLimit
	}
	return result.Timeout
}

// Hint says what usually makes a program hit the limit.
func (e *LimitError) Hint() string {
	switch e.Exceeded.Limit {
	case sandbox.Memory:
		return "Look for data that grows without end: a buffer appended to in a loop that never stops, or goroutines started faster than they finish."
	case sandbox.Output:
		return "Remove debug prints from loops: print a summary once, or nothing."
	}
	return "A loop that never waits keeps a CPU busy: block in Read, Accept or a channel receive instead of checking again and again."
}

// ProtocolError says the child broke the protocol between the judge and
// the driver: a message out of order, one the judge cannot read, or the
// driver's word that it could not run the operation. The submission's
// code shares the driver's process and can read and write its pipes, so
// what the child says is the submission's doing: its verdict, never a
// grader error it could make up.
type ProtocolError struct {
	What string // what the child did, "it sent a "result" message where ..."
}

func (e *ProtocolError) Error() string {
	return "your program broke the grader's protocol, so this check could not be graded: " + e.What +
		"\nThe grader and the driver in your program's process talk over file descriptors 3 and 4; code that reads, writes or closes them breaks that conversation."
}
