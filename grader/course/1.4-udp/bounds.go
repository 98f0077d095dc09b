package udp

import (
	"fmt"
	"strings"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/course/1.4-udp/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
)

// The README's error and time bounds for Request: ErrNoReply (which wraps
// os.ErrDeadlineExceeded) once every try timed out, never before
// timeout × tries, and not much after.

const (
	hintNoReply     = "When the last try's deadline passes, return ErrNoReply itself (or an error that wraps it with %w): the caller tests errors.Is(err, ErrNoReply), and errors.Is(err, os.ErrDeadlineExceeded), which ErrNoReply wraps. The read's own timeout error is not ErrNoReply."
	hintKeepNoReply = "Keep ErrNoReply as the exercise declares it, fmt.Errorf(\"udp: no reply: %w\", os.ErrDeadlineExceeded), so that errors.Is(err, os.ErrDeadlineExceeded) holds for it too."
	hintTryTimeout  = "Give each try exactly timeout: conn.SetReadDeadline(time.Now().Add(timeout)) right after each send, and send again as soon as it passes."
	whyLate         = "a timeout is a promise to the caller: an answer or an error by then. Each try waits its timeout and no longer; a client that waits well past its tries' deadlines holds its caller up for nothing."
)

// notNoReply says what is wrong with the error r returned where the README
// wants ErrNoReply ("the error ..., which is not ErrNoReply"), and the hint;
// "" when it is ErrNoReply and wraps os.ErrDeadlineExceeded. r.Err is not
// nil.
func notNoReply(r contract.Reply) (prob, hint string) {
	switch {
	case !r.NoReply && r.Err.Timeout:
		return fmt.Sprintf("the error %q: a timeout, but not ErrNoReply (errors.Is(err, ErrNoReply) is false)", r.Err.Text), hintNoReply
	case !r.NoReply:
		return fmt.Sprintf("the error %q, which is not ErrNoReply", r.Err.Text), hintNoReply
	case !r.Err.Deadline:
		return fmt.Sprintf("ErrNoReply, but that error, %q, does not wrap os.ErrDeadlineExceeded", r.Err.Text), hintKeepNoReply
	}
	return "", ""
}

// stage sets up, for one call of Request, the fake server it talks to:
// run once for the submission and, when its timing is in doubt, once more
// for the reference solution.
type stage func(t *judge.T) (*fixtures.UDPPeer, error)

func silentStage(t *judge.T) (*fixtures.UDPPeer, error) {
	return peer(t, "127.0.0.1", fixtures.Silent())
}

// lateBy is how long after it is due Request may return: half a try's
// timeout, at least 100 ms; more only where the reference solution, run in
// the same check, takes longer itself (a loaded machine).
func lateBy(timeout time.Duration) time.Duration {
	return max(timeout/2, 100*time.Millisecond)
}

// lateness judges the upper bound of a Request that returned after
// elapsed, when it was due after due (its tries' deadlines): "" when it
// returned within lateBy of due. Later than that, the reference solution
// runs the same call against a fresh st, and the bound becomes the
// reference's time plus lateBy if that is more. A machine's load comes and
// goes, so a call still over the bound gets one more run, on a fresh st,
// against a fresh reference: only a call late both times is late, and the
// problem states both runs.
func lateness(t *judge.T, st stage, a request, due, elapsed time.Duration) (string, error) {
	margin := lateBy(a.Timeout)
	var runs []string
	for run := 1; ; run++ {
		if elapsed <= due+margin {
			return "", nil
		}
		ref, err := elapsedOf(t, st, a, true)
		if err != nil {
			return "", err
		}
		if elapsed <= ref+margin {
			return "", nil
		}
		runs = append(runs, fmt.Sprintf("after ~%v (~%v past it; the reference solution took ~%v)", elapsed.Round(time.Millisecond), (elapsed-due).Round(time.Millisecond), ref.Round(time.Millisecond)))
		if run == 2 {
			break
		}
		if elapsed, err = elapsedOf(t, st, a, false); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("it was due after %v, and returned %s; the bound is %v past the due time, or past the reference solution's own time in the same run, whichever is later",
		due, strings.Join(runs, ", then in a second run "), margin), nil
}

// elapsedOf is how long Request takes for a against a fresh st: the
// reference solution's, or the submission's once more.
func elapsedOf(t *judge.T, st stage, a request, reference bool) (time.Duration, error) {
	p, err := st(t)
	if err != nil {
		return 0, err
	}
	a.Addr = p.Addr()
	start, who := harness.Start[contract.RequestArgs, contract.Reply], ""
	if reference {
		start, who = harness.StartReference[contract.RequestArgs, contract.Reply], "reference solution: "
	}
	c, err := start(t, contract.Request, contract.RequestArgs(a))
	if err != nil {
		return 0, fmt.Errorf("%s%w", who, err)
	}
	defer c.Stop()
	r, err := harness.Result(c, contract.Request, a.within())
	if err != nil {
		if !reference {
			// Late before, and now not returning at all: late.
			return a.within(), nil
		}
		return 0, fmt.Errorf("%s%w", who, err)
	}
	return r.Elapsed, nil
}

// spacing says how far apart the tries that reached p were, when that is
// well over a's timeout: each try waited too long. "" otherwise, or with
// fewer than two tries.
func spacing(p *fixtures.UDPPeer, a request) string {
	rec := p.Received()
	if len(rec) < 2 {
		return ""
	}
	gap := rec[len(rec)-1].At.Sub(rec[0].At) / time.Duration(len(rec)-1)
	if gap <= a.Timeout+lateBy(a.Timeout) {
		return ""
	}
	return fmt.Sprintf("its %d tries came ~%v apart, though each should last its timeout of %v", len(rec), gap.Round(time.Millisecond), a.Timeout)
}
