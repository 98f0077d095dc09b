package child

import (
	"sync/atomic"
	"time"

	"netcourse/grader/wire"
)

// ServeUntilStopped runs serve (the submission's Serve on a listener the
// driver opened) in a watched goroutine until the judge sends wire.Stop,
// then calls stop (which closes that listener) and waits up to
// wire.ReturnWithin for serve to return. A serve that returns before the
// judge's stop is Early, and stop is called at once, as the program's exit
// would: clients are then refused instead of waiting in the backlog, and
// the judge is told at once (wire.KindReturned).
func ServeUntilStopped(s *Session, serve func() error, stop func()) (wire.Stopped, error) {
	type outcome struct {
		err   error
		at    time.Time
		early bool
	}
	var stopping atomic.Bool
	done := make(chan outcome, 1)
	s.Go(func() {
		err := serve()
		o := outcome{err: err, at: time.Now(), early: !stopping.Load()}
		if o.early {
			stop()
			// The judge may be waiting for answers that cannot come now:
			// it hears at once (wire.KindReturned).
			Returned(s, err)
		}
		done <- o
	})
	if _, err := Wait(s, wire.Stop); err != nil {
		return wire.Stopped{}, err
	}
	stopping.Store(true)
	stoppedAt := time.Now()
	stop()
	var r wire.Stopped
	select {
	case o := <-done:
		r.Returned, r.Early, r.Err = true, o.early, wire.Describe(o.err)
		if !o.early {
			r.ReturnedAfter = max(0, o.at.Sub(stoppedAt))
		}
	case <-time.After(wire.ReturnWithin):
	}
	return r, nil
}

// Returned tells the judge at once that the submission's function
// returned err before the judge asked for its result (wire.KindReturned),
// for an operation that reports only when told to (a Serve until
// stopped, a call until cancelled): checks waiting for what it would do
// can stop waiting.
func Returned(s *Session, err error) {
	s.Event(wire.KindReturned, wire.Returned{Err: wire.Describe(err)})
}
