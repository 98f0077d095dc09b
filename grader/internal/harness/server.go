package harness

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
	"time"

	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// ServerSpec says how an exercise's server under test is run: the
// operation that serves, the event the child sends once its listener is
// open, and how long each step may take.
type ServerSpec[A, L, R any] struct {
	Op        wire.Op[A, R]
	Listening wire.Event[L]
	Stop      wire.Command[wire.None] // wire.Stop when its Name is empty

	StartWithin  time.Duration // for the listening event
	ResultWithin time.Duration // for the result once stopped: a little over wire.ReturnWithin

	// Stopping names the stop for the message of a child that does not
	// report within ResultWithin of it: "closing the listener". Empty
	// leaves that timeout as it is.
	Stopping string

	// NotListening, when set, lets the child send Op's result in place of
	// the listening event: the submission opens the listener itself (1.5's
	// Listen), and the operation ends at once when that fails. StartServer
	// then returns NotListening's verdict on that result; the stub's error
	// in it is not started, of OpenFunc (Op.Func when empty). Unset, such a
	// result breaks the protocol.
	NotListening func(R) error
	OpenFunc     string // the submission's function that opens the listener: "Listen"
}

// Server is the submission's server running in a child, from StartServer
// to Stop.
type Server[A, L, R any] struct {
	Child     *judge.Child
	Listening L // what the child said once its listener was open

	spec    ServerSpec[A, L, R]
	done    bool
	res     R
	err     error
	serving func() context.Context
}

// StartServer starts the child on spec.Op with args and waits for its
// listening event. The child is stopped when the check ends.
func StartServer[A, L, R any](t *judge.T, spec ServerSpec[A, L, R], args A) (*Server[A, L, R], error) {
	c, err := Start(t, spec.Op, args)
	if err != nil {
		return nil, err
	}
	if spec.NotListening != nil {
		return listeningOrResult(t, c, spec)
	}
	l, err := Await(c, spec.Listening, spec.StartWithin)
	if err != nil {
		return nil, err
	}
	s := &Server[A, L, R]{Child: c, Listening: l, spec: spec}
	s.watch(t)
	return s, nil
}

// Serving is the check's context, ended as soon as the child says Serve
// returned the stub's error on its own (judge.Child.Returned): a wait for
// the server's answers (a fake peer's) can end then, as none can come.
// Any other Serve that returned early is waited for as before: answers
// it sent before it returned may still be on their way.
func (s *Server[A, L, R]) Serving() context.Context { return s.serving() }

func (s *Server[A, L, R]) watch(t *judge.T) {
	s.serving = sync.OnceValue(func() context.Context { return UntilStub(t, s.Child) })
}

// UntilStub is the check's context, ended as soon as c says its function
// returned the stub's error before the judge stopped it (see
// judge.Child.Returned and wire.KindReturned): a wait for what the
// function would do (a request at a fake peer, an answer) can end then,
// as nothing can come. Any other early return is waited for as before:
// what the function sent before it returned may still be on its way.
func UntilStub(t *judge.T, c *judge.Child) context.Context {
	ctx, cancel := context.WithCancel(t.Ctx)
	t.Cleanup(cancel)
	go func() {
		select {
		case <-c.Returned():
			if r := c.ReturnedEarly(); r != nil && r.Err != nil && r.Err.Unsupported {
				cancel()
			}
		case <-ctx.Done():
		}
	}()
	return ctx
}

// Stop tells the child to stop serving and returns the operation's
// result. A panic, a crash or the untouched stub come back as the error.
// Later calls return the same.
func (s *Server[A, L, R]) Stop() (R, error) {
	if s.done {
		return s.res, s.err
	}
	s.done = true
	stop := s.spec.Stop
	if stop.Name == "" {
		stop = wire.Stop
	}
	if err := Tell(s.Child, stop, wire.None{}); err != nil {
		s.err = err
		return s.res, err
	}
	within := cmp.Or(s.spec.ResultWithin, wire.ReturnWithin+time.Second)
	s.res, s.err = Result(s.Child, s.spec.Op, within)
	if s.spec.Stopping != "" {
		s.err = TimedOut(s.err, fmt.Sprintf("the grader's driver did not report within %v after %s", within, s.spec.Stopping), "")
	}
	return s.res, s.err
}

// listeningOrResult waits for c's listening event or, in its place, the
// result of an operation that could not listen (see
// ServerSpec.NotListening).
func listeningOrResult[A, L, R any](t *judge.T, c *judge.Child, spec ServerSpec[A, L, R]) (*Server[A, L, R], error) {
	m, err := c.Next(spec.StartWithin)
	if err != nil {
		return nil, err
	}
	switch m.Kind {
	case spec.Listening.Name:
		s := &Server[A, L, R]{Child: c, spec: spec}
		if err := json.Unmarshal(m.Data, &s.Listening); err != nil {
			return nil, err
		}
		s.watch(t)
		return s, nil
	case wire.KindResult:
		var r R
		if err := json.Unmarshal(m.Data, &r); err != nil {
			return nil, err
		}
		if unsupported(reflect.ValueOf(r)) {
			return nil, &judge.NotStartedError{Func: cmp.Or(spec.OpenFunc, spec.Op.Func)}
		}
		return nil, spec.NotListening(r)
	}
	return nil, fmt.Errorf("driver: got message %q, want %q", m.Kind, spec.Listening.Name)
}
