package harness

import (
	"fmt"
	"io"
	"sync"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// Peak is one run of an operation against a fake peer: its result, the
// child's peak memory (read before it was stopped), and what ended the
// wait early.
type Peak[R any] struct {
	R    R
	Peak int64
	Err  error
}

// MemoryBudget is what a submission may hold at its peak for what the
// reference solution held, ref: twice as much, and at least 12 MiB more
// (the Go runtime alone is a few MiB, and buffers of another size are
// fine).
func MemoryBudget(ref int64) int64 { return max(2*ref, ref+12<<20) }

// MemoryProblem is the problem of fn's peak over the budget from ref,
// while what, or "" within it.
func MemoryProblem(fn string, peak, ref int64, what string) string {
	if budget := MemoryBudget(ref); peak > budget {
		return fmt.Sprintf("%s held %s of memory at its peak while %s, over its budget of %s: the reference solution held %s in this run, and the budget is twice that, at least 12 MiB more",
			fn, MiB(peak), what, MiB(budget), MiB(ref))
	}
	return ""
}

// MiB formats a measured size for messages; golden transcripts normalise
// what follows the "~".
func MiB(n int64) string { return fmt.Sprintf("~%.1f MiB", float64(n)/(1<<20)) }

// PeakRun is an operation run against fresh fake peers, the submission's
// and the reference solution's, for a budget in peak memory.
type PeakRun[A, R any] struct {
	Op   wire.Op[A, R]
	Args func(addr string) A
	// Serve starts a fresh peer. One that calls started (Progress does)
	// once the child is reading has the reference run beside the
	// submission from then on: peak memory does not depend on the load,
	// so the two need not take turns. Otherwise they do.
	Serve  func(started func()) (*fixtures.Server, error)
	Within time.Duration
	// RefOK, if set, says whether the reference's result is the one
	// expected: its peak counts only then.
	RefOK func(R) error
}

// peakMemory names the reference's measurement that PeakRun keeps.
const peakMemory = "peak memory"

// Run runs the submission and returns its run with the reference
// solution's peak to judge it by: the least kept from earlier runs
// (judge.T.KeptReference) if the submission is within that budget, or
// else the reference's run now. A submission that returns an error
// before it reads (a stub) or hangs is returned alone, with no reference
// run; err is for what the grader could not do.
func (p PeakRun[A, R]) Run(t *judge.T) (mine Peak[R], ref int64, err error) {
	begun := make(chan struct{})
	var once sync.Once
	srv, err := p.Serve(func() { once.Do(func() { close(begun) }) })
	if err != nil {
		return mine, 0, err
	}
	c, err := Start(t, p.Op, p.Args(srv.Addr()))
	if err != nil {
		return Peak[R]{Err: err}, 0, nil
	}
	done := make(chan Peak[R], 1)
	go func() {
		r, err := Result(c, p.Op, p.Within)
		done <- Peak[R]{R: r, Peak: c.PeakMemory(), Err: err}
	}()
	finished := false
	select {
	case mine = <-done:
		if mine.Err != nil {
			return mine, 0, nil
		}
		finished = true
	case <-begun:
	}
	kept, ok := t.KeptReference(peakMemory)
	if !ok {
		ref, err = p.reference(t)
	}
	if !finished {
		mine = <-done
	}
	if mine.Err != nil || !ok {
		return mine, ref, err
	}
	if mine.Peak <= MemoryBudget(kept) {
		return mine, kept, nil
	}
	ref, err = p.reference(t)
	return mine, ref, err
}

// reference measures the reference solution's peak against a fresh peer,
// and keeps it.
func (p PeakRun[A, R]) reference(t *judge.T) (int64, error) {
	srv, err := p.Serve(func() {})
	if err != nil {
		return 0, err
	}
	c, err := StartReference(t, p.Op, p.Args(srv.Addr()))
	if err != nil {
		return 0, fmt.Errorf("reference solution: %w", err)
	}
	defer c.Stop()
	r, err := Result(c, p.Op, p.Within)
	if err == nil && p.RefOK != nil {
		err = p.RefOK(r)
	}
	if err != nil {
		return 0, fmt.Errorf("reference solution: %w", err)
	}
	peak := c.PeakMemory()
	t.KeepReference(peakMemory, peak)
	return peak, nil
}

// startedAt is how much of a big input the child must have read before
// the reference solution starts beside it: a stub, or a reader that fails
// at once, is judged alone, and the reference never runs.
const startedAt = 1 << 20

// Progress passes writes on to W and calls Started once, when the first
// MiB has gone through: the child is reading (PeakRun.Serve).
type Progress struct {
	W       io.Writer
	Started func()
	n       int
}

func (p *Progress) Write(b []byte) (int, error) {
	n, err := p.W.Write(b)
	if p.n += n; p.n >= startedAt && p.Started != nil {
		p.Started()
		p.Started = nil
	}
	return n, err
}
