package judge

import (
	"sync"

	"netcourse/grader/internal/result"
)

// EventKind says what an Event reports.
type EventKind int

const (
	// Building: the submission's child of the exercise is being built
	// (or taken from the cache).
	Building EventKind = iota + 1
	// Checking: the child is built and the checks start.
	Checking
	// CheckDone: one check's verdict is known, in Event.Check.
	CheckDone
	// ExerciseDone: the exercise's result is known, in Event.Result, with
	// the status Grade returns for it.
	ExerciseDone
)

// Event is news of a grading under way, for Options.Events: displays
// (watch, the text progress of grade) show each verdict as it is known
// instead of waiting for the whole run.
//
// For each exercise the events come in this order: Building, then, if it
// built, Checking and one CheckDone per check in the order of ex.Checks,
// then ExerciseDone. An exercise that does not build (or is not there, or
// the run's time is up) goes from Building straight to ExerciseDone. Only
// a bug of the judge's own (a panic, reported as a crashed exercise) may
// cut an exercise's CheckDone events short.
type Event struct {
	Kind     EventKind
	Exercise *Exercise

	Check      result.Check // CheckDone: the check's result, as in the exercise's
	NotStarted bool         // CheckDone: the check met the stub (its status says failed)

	Result result.Exercise // ExerciseDone
}

// events hands a run's events to Options.Events one at a time: exercises
// are graded at once (Options.Jobs) and a check's verdict is known on the
// goroutine that finishes it, but a handler never runs concurrently with
// itself, so it needs no lock of its own.
type events struct {
	mu sync.Mutex
	f  func(Event)
}

func (e *events) send(ev Event) {
	if e == nil || e.f == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.f(ev)
}

// checkOrder sends the CheckDone events of one exercise in the order of
// its checks. Checks finish concurrently (a check's children settle while
// the next check runs), so a quick check may finish before the one before
// it; its event waits at most for that one's settling and clean-up.
type checkOrder struct {
	ev *events
	ex *Exercise

	mu   sync.Mutex
	outs []*Event // by check, once done
	next int      // the first check whose event is not sent
}

func newCheckOrder(ev *events, ex *Exercise) *checkOrder {
	return &checkOrder{ev: ev, ex: ex, outs: make([]*Event, len(ex.Checks))}
}

// done records check i's verdict and sends every event now in order.
func (o *checkOrder) done(i int, rc result.Check, notStarted bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.outs[i] = &Event{Kind: CheckDone, Exercise: o.ex, Check: rc, NotStarted: notStarted}
	for o.next < len(o.outs) && o.outs[o.next] != nil {
		o.ev.send(*o.outs[o.next])
		o.next++
	}
}
