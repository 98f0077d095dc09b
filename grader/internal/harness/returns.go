package harness

import (
	"time"

	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// ReturnBound is how soon after the stop a server under test must return
// to pass ReturnsAfterStop; the driver waits wire.ReturnWithin at most.
const ReturnBound = time.Second

// StopWords are an exercise's words for its server in ReturnsAfterStop's
// messages.
type StopWords struct {
	Closed string // what the judge closed, after "before" and "after": "the listener", "its socket"
	Thing  string // the same, after "closing the" and "a closed": "listener", "socket"
	Wait   string // the call Serve waits in: "Accept", "ReadFrom"
	Served string // what the grader did before the stop: "served a few clients"
	Loop   string // the hint for a Serve that returned on its own: the exercise's serving loop
}

// ReturnsAfterStop is the Run of an exercise's check that its Serve
// returns once the judge closes what it serves on. run starts the server,
// has it serve a little, stops it and returns how it stopped, with what it
// did before in words ("it greeted 2 of the clients"). Error texts in the
// result are printed as they are: run scrubs them if it must.
func ReturnsAfterStop(w StopWords, run func(t *judge.T) (r wire.Stopped, served string, err error)) func(*judge.T) error {
	return func(t *judge.T) error {
		r, served, err := run(t)
		if err != nil {
			return err
		}
		return StopVerdict(w, r, served)
	}
}

// StopVerdict is ReturnsAfterStop's verdict on how a Serve stopped.
func StopVerdict(w StopWords, r wire.Stopped, served string) error {
	if r.Early {
		// Returning is not the work asked: returning once stopped is, and
		// this Serve never got there.
		return judge.Fail("Serve returned (%s) before %s was closed, after %s", Returned(r.Err), w.Closed, served).With("",
			"Serve runs until its caller closes the "+w.Thing+"; how it stops then is what this check looks at, and a Serve that returned on its own never got there.",
			w.Loop)
	}
	why := "closing the " + w.Thing + " is how a program stops a server: a blocked " + w.Wait + " then fails at once with net.ErrClosed, and so does every later one. A loop that ignores that error spins forever, and the program can never shut down."
	hint := "When " + w.Wait + " returns an error, return: return nil if errors.Is(err, net.ErrClosed), else return the error."
	switch {
	case !r.Returned:
		return judge.Fail("Serve had not returned %v after %s was closed", wire.ReturnWithin, w.Closed).With(
			"The grader "+w.Served+", then closed the "+w.Thing+" while Serve was waiting in "+w.Wait+".", why, hint)
	case r.ReturnedAfter > ReturnBound:
		return judge.Fail("Serve returned only ~%v after %s was closed, want within %v", r.ReturnedAfter.Round(time.Millisecond), w.Closed, ReturnBound).With("", why, hint)
	case r.Err != nil && !r.Err.Closed:
		return judge.Fail("after %s was closed, Serve returned the error %q; want nil or an error wrapping net.ErrClosed", w.Closed, r.Err.Text).With("",
			"a closed "+w.Thing+" is the normal way to stop a server, and its caller must be able to tell it from a real failure (errors.Is(err, net.ErrClosed)).",
			"Return nil when errors.Is(err, net.ErrClosed); if you wrap "+w.Wait+"'s error, use %w, not %v.")
	}
	return nil
}
