package harness

import (
	"cmp"
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
}

// Server is the submission's server running in a child, from StartServer
// to Stop.
type Server[A, L, R any] struct {
	Child     *judge.Child
	Listening L // what the child said once its listener was open

	spec ServerSpec[A, L, R]
	done bool
	res  R
	err  error
}

// StartServer starts the child on spec.Op with args and waits for its
// listening event. The child is stopped when the check ends.
func StartServer[A, L, R any](t *judge.T, spec ServerSpec[A, L, R], args A) (*Server[A, L, R], error) {
	c, err := Start(t, spec.Op, args)
	if err != nil {
		return nil, err
	}
	l, err := Await(c, spec.Listening, spec.StartWithin)
	if err != nil {
		return nil, err
	}
	return &Server[A, L, R]{Child: c, Listening: l, spec: spec}, nil
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
	if err := Send(s.Child, stop, wire.None{}); err != nil {
		// The child is gone: a panic it reported explains it best.
		if _, nerr := s.Child.Next(time.Second); nerr != nil {
			err = nerr
		}
		s.err = err
		return s.res, err
	}
	s.res, s.err = Result(s.Child, s.spec.Op, cmp.Or(s.spec.ResultWithin, wire.ReturnWithin+time.Second))
	return s.res, s.err
}
