package harness

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// StallOutcome is what a function returned against a stalled peer, and
// when it was due: the idle timeout after the peer's last byte.
type StallOutcome struct {
	Err     *wire.Err
	Elapsed time.Duration
	Due     time.Duration
	Got     string // what it had returned, for a nil error
}

// Stall runs Op, the submission's or the reference solution's, against a
// fresh peer that sends Part in fragments Sizes, each once the one before
// was read (DripWait at most), and then goes silent without closing.
type Stall[A, R any] struct {
	Op       wire.Op[A, R]
	Args     func(addr string) A // the call's arguments, with the idle timeout Idle
	Part     []byte
	Sizes    []int
	Idle     time.Duration
	Within   time.Duration // how long the call is waited for
	DripWait time.Duration
	Out      func(R) StallOutcome
}

// Once runs the call once, against a peer of its own.
func (s Stall[A, R]) Once(t *judge.T, reference bool) (StallOutcome, error) {
	silent := NewObserved[time.Duration]()
	srv, err := Serve(t, func(c *net.TCPConn) {
		start := time.Now()
		fixtures.Drip(c, s.Part, s.Sizes, s.DripWait)
		silent.Add(time.Since(start))
		fixtures.Stall(c, s.Within+time.Second)
	})
	if err != nil {
		return StallOutcome{}, err
	}
	start, who := Start[A, R], ""
	if reference {
		start, who = StartReference[A, R], "reference solution: "
	}
	c, err := start(t, s.Op, s.Args(srv.Addr()))
	if err != nil {
		return StallOutcome{}, prefixed(who, err)
	}
	defer c.Stop()
	r, err := Result(c, s.Op, s.Within)
	if err != nil {
		return StallOutcome{}, prefixed(who, err)
	}
	o := s.Out(r)
	o.Due = s.Idle
	if v := silent.Wait(t, 1, s.DripWait); len(v) > 0 {
		o.Due += v[0]
	}
	return o, nil
}

func prefixed(who string, err error) error {
	if err == nil || who == "" {
		return err
	}
	return fmt.Errorf("%s%w", who, err)
}

// StallWords are an exercise's words for StallVerdict.
type StallWords struct {
	Thing   string // what stalled halfway: "feed", "reply"
	WhyIdle string // why a stalled peer needs a deadline
	WhyEnd  string // why a timeout is not the end of the data
	Fix     string // the hint for a missing or wrong deadline
}

// StallLateBy is how long after it is due a call may return its timeout
// error: half the idle timeout, at least 100 ms; more only where the
// reference solution, run on the same, takes longer itself.
func StallLateBy(idle time.Duration) time.Duration { return max(idle/2, 100*time.Millisecond) }

// StallVerdict wants os.ErrDeadlineExceeded, never before the idle
// timeout and not later than StallLateBy after it was due, or after the
// reference solution's time if that is later. A machine's load comes and
// goes, so a late run gets a second one, against a fresh peer and a fresh
// reference: only late both times is late. run runs fn once more, the
// submission's or the reference's.
func StallVerdict(fn string, o StallOutcome, idle time.Duration, run func(reference bool) (StallOutcome, error), w StallWords, detail string) error {
	var probs []string
	why, hint := w.WhyIdle, w.Fix
	switch {
	case o.Err == nil:
		probs = append(probs, fmt.Sprintf("%s returned nil after %s, with %s, for a %s that stalled halfway: a timeout was taken for the end", fn, approx(o.Elapsed), o.Got, w.Thing))
		why = w.WhyEnd
	case !o.Err.Deadline:
		probs = append(probs, fmt.Sprintf("%s returned %q: errors.Is(err, os.ErrDeadlineExceeded) is false", fn, o.Err.Text))
		why = fmt.Sprintf("a caller tells a stalled peer from a broken %s with errors.Is(err, os.ErrDeadlineExceeded), as the README says: it may retry the one and not the other.", w.Thing)
		hint = "Return the deadline error Read gives (the decoder passes it on), as it is or wrapped with %w; not a message of your own."
	}
	if o.Err != nil && o.Elapsed < idle {
		probs = append(probs, fmt.Sprintf("%s gave up after %s, before its idle timeout of %v", fn, approx(o.Elapsed), idle))
		why = "the caller chose the idle timeout: a healthy peer may be silent almost that long between two packets."
	} else if o.Err != nil {
		late, err := stallLateness(fn, o, idle, run)
		if err != nil {
			return err
		}
		if late != "" {
			probs = append(probs, late)
			hint = "Use the idle timeout you are given, as it is, for each Read: not a constant of your own or a multiple of it, and return as soon as a Read fails with it."
		}
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%s", strings.Join(probs, "\n")).With(detail, why, hint)
}

// stallLateness is "" when o came within StallLateBy of its due time, or
// of the reference solution's time; else the problem, stating both runs.
func stallLateness(fn string, o StallOutcome, idle time.Duration, run func(reference bool) (StallOutcome, error)) (string, error) {
	margin := StallLateBy(idle)
	var runs []string
	for try := 1; ; try++ {
		if o.Elapsed <= o.Due+margin {
			return "", nil
		}
		ref, err := run(true)
		if err != nil {
			return "", err
		}
		if o.Elapsed <= ref.Elapsed+margin {
			return "", nil
		}
		runs = append(runs, fmt.Sprintf("after %s, when it was due at %s (the reference solution took %s)", approx(o.Elapsed), approx(o.Due), approx(ref.Elapsed)))
		if try == 2 {
			break
		}
		if o, err = run(false); err != nil {
			var te *judge.TimeoutError
			if !errors.As(err, &te) {
				return "", err
			}
			runs = append(runs, "not at all") // the second run never returned
			break
		}
	}
	return fmt.Sprintf("%s returned its timeout error long after it was due: %s; the bound is %v past the due time (the idle timeout after the peer's last byte), or past the reference solution's own time in the same run, whichever is later",
		fn, strings.Join(runs, ", then in a second run "), margin), nil
}

func approx(d time.Duration) string { return "~" + d.Round(time.Millisecond).String() }
