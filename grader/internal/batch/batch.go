// Package batch grades a folder of many students' submissions, in
// parallel, into a gradebook: one row per submission. A submission that
// breaks the grader, or runs past its time limit, gets a status in its
// own row; the others are graded as usual.
package batch

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/result"
)

// Grading statuses of a row: did grading the submission go through?
const (
	OK            = "ok"             // graded; the scores are what the student earned
	BuildError    = "build_error"    // graded, but some exercise did not compile (it scores 0)
	Timeout       = "timeout"        // the submission's time limit passed; what was not graded by then scores 0
	InternalError = "internal_error" // the grader failed on this submission; do not trust its scores
)

// Submission is one student's folder in the batch directory.
type Submission struct {
	Name string // the folder's name: the row's key in the gradebook
	Impl string // the folder laid out like exercises/
}

// Find lists the submissions in dir, sorted by name: each folder in it,
// or that folder's exercises/ when it has one (a copy of the whole
// course). Hidden folders (.git) are skipped. known is the course
// registry, to recognise a dir that is one submission, not a batch.
func Find(dir string, known []*judge.Exercise) ([]Submission, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such folder", dir)
		}
		return nil, err
	}
	var subs []Submission
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(dir, name)
		if strings.HasPrefix(name, ".") || !isDir(path) {
			continue
		}
		for _, ex := range known {
			if name == ex.Dir {
				return nil, fmt.Errorf("%s looks like one submission (it holds %s/), not a folder of submissions: grade it with grader grade --impl %s", dir, name, dir)
			}
		}
		impl := path
		if isDir(filepath.Join(path, "exercises")) {
			impl = filepath.Join(path, "exercises")
		}
		subs = append(subs, Submission{Name: name, Impl: impl})
	}
	if len(subs) == 0 {
		return nil, fmt.Errorf("%s holds no submission folders (want one folder per student, each laid out like exercises/)", dir)
	}
	slices.SortFunc(subs, func(a, b Submission) int { return strings.Compare(a.Name, b.Name) })
	return subs, nil
}

// isDir follows symbolic links: a batch may link to submissions kept
// elsewhere.
func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// Options say how to grade a batch.
type Options struct {
	Exercises []*judge.Exercise // what to grade, in course order: the gradebook's score columns
	Ref       string            // the reference solutions
	Seed      uint64            // the same for every submission, so all meet the same faults
	Jobs      int               // submissions graded at once; 1 when zero; judge.AutoJobs: one per core, and more while the CPU has time to spare (judge.Gate), up to MaxAutoJobs
	Timeout   time.Duration     // overall limit for one submission; 0: judge.Deadline of the exercises
	Grace     time.Duration     // how long past its limit a grading may take to stop before it is left behind; DefaultGrace when 0
	Done      func(Row)         // called (concurrently) as each submission is finished, e.g. Progress.Done
}

// MaxAutoJobs bounds judge.AutoJobs in a batch, per core: every
// submission graded at once holds its children and fake peers (memory,
// ports, processes) however idle the CPU is.
const MaxAutoJobs = 8

// DefaultGrace is how long a submission's grading may take to return
// once its time limit passed. The judge stops within seconds of its
// deadline (a check's children are killed at once; a check or a clean-up
// that hangs is left behind after a few seconds), so a grading still
// running after this is stuck: its row is a timeout, and the batch goes on
// without it.
const DefaultGrace = 30 * time.Second

// grader grades one submission folder; a seam so tests can make grading
// panic, fail or hang.
type grader func(ctx context.Context, impl string) (*result.Run, error)

// Grade grades every submission with b, several at once, and returns the
// gradebook with its rows in the order of subs. Each submission is graded
// on its own (its own temporary folders, and where the sandbox can, its
// own process and loopback; only the content-keyed build cache is shared),
// with one exercise at a time, since submissions already run in parallel.
// The error is non-nil only when ctx ended before the batch did; the
// gradebook then says which rows were cut short.
func Grade(ctx context.Context, b *judge.Builder, subs []Submission, opt Options) (*Gradebook, error) {
	g := func(ctx context.Context, impl string) (*result.Run, error) {
		if run, ok, err := nested(ctx, b, impl, opt, cmp.Or(opt.Grace, DefaultGrace)); ok {
			return run, err
		}
		return b.Grade(ctx, opt.Exercises, judge.Options{Impl: impl, Ref: opt.Ref, Seed: opt.Seed, Jobs: 1})
	}
	return gradeWith(ctx, g, subs, opt)
}

func gradeWith(ctx context.Context, g grader, subs []Submission, opt Options) (*Gradebook, error) {
	gb := &Gradebook{Rows: make([]Row, len(subs))}
	for _, ex := range opt.Exercises {
		gb.IDs = append(gb.IDs, ex.ID)
	}
	gate := judge.NewGate(opt.Jobs, opt.Jobs)
	if opt.Jobs == judge.AutoJobs {
		gate = judge.NewGate(judge.DefaultJobs(), MaxAutoJobs*judge.DefaultJobs())
	}
	var wg sync.WaitGroup
	for i, s := range subs {
		// Submissions start in order, as the gate admits them; once the
		// batch is interrupted they all start, to say so in their rows.
		admitted := gate.Acquire(ctx) == nil
		wg.Add(1)
		go func() {
			defer wg.Done()
			if admitted {
				defer gate.Release()
			}
			gb.Rows[i] = gradeOne(ctx, g, s, opt)
			if opt.Done != nil {
				opt.Done(gb.Rows[i])
			}
		}()
	}
	wg.Wait()
	return gb, context.Cause(ctx) // judge.ErrInterrupted when stopped by a signal
}

// gradeOne grades one submission and sums it up in a row. Whatever goes
// wrong stays in this row.
func gradeOne(ctx context.Context, g grader, s Submission, opt Options) (row Row) {
	row = Row{Submission: s.Name, Exercises: map[string]Score{}}
	for _, ex := range opt.Exercises {
		row.Max += ex.MaxScore()
	}
	if ctx.Err() != nil {
		row.Status, row.Detail = InternalError, "not graded: the batch was interrupted"
		return row
	}
	limit := cmp.Or(opt.Timeout, judge.Deadline(opt.Exercises))
	grace := cmp.Or(opt.Grace, DefaultGrace)
	sctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	type graded struct {
		run *result.Run
		err error
	}
	ch := make(chan graded, 1)
	go func() {
		defer func() {
			// Only a panic in this goroutine can be caught here. One in a
			// check is already that check's grader error (an
			// InternalError); one in a goroutine of the judge's or a
			// fixture's ends the process.
			if v := recover(); v != nil {
				ch <- graded{err: fmt.Errorf("grader panicked: %v", v)}
			}
		}()
		run, err := g(sctx, s.Impl)
		ch <- graded{run, err}
	}()
	// The deadline holds whatever the grading does: one that does not
	// return within grace of it is left behind, and this row says so.
	var got graded
	select {
	case got = <-ch:
	case <-sctx.Done():
		select {
		case got = <-ch:
		case <-time.After(grace):
			if ctx.Err() != nil {
				row.Status, row.Detail = InternalError, "cut short: the batch was interrupted"
			} else {
				row.Status, row.Detail = Timeout, fmt.Sprintf("grading did not stop within %v of the limit of %v per submission and was left behind; nothing of it is scored", grace, limit)
			}
			return row
		}
	}
	run, err := got.run, got.err
	if run != nil {
		row.Total, row.Max = run.Score, run.MaxScore
		for _, e := range run.Exercises {
			row.Exercises[e.ID] = Score{Status: e.Status, Score: e.Score, MaxScore: e.MaxScore, Message: e.Message}
		}
	}
	var broken []string
	for _, ex := range opt.Exercises {
		if e, ok := row.Exercises[ex.ID]; ok && e.Status == result.BuildError {
			msg := strings.ReplaceAll(e.Message, s.Impl+string(filepath.Separator), "") // the student's own paths
			broken = append(broken, fmt.Sprintf("%s does not compile: %s", ex.ID, oneLine(msg)))
		}
	}
	switch {
	case ctx.Err() != nil:
		row.Status, row.Detail = InternalError, "cut short: the batch was interrupted"
	case err != nil || run == nil:
		row.Status, row.Detail = InternalError, oneLine(fmt.Sprint(err))
	case sctx.Err() != nil:
		row.Status = Timeout
		row.Detail = strings.Join(append([]string{fmt.Sprintf("grading took longer than the limit of %v per submission; what was not graded by then scores 0", limit)}, broken...), "; ")
	case len(broken) > 0:
		row.Status, row.Detail = BuildError, strings.Join(broken, "; ")
	default:
		row.Status = OK
	}
	return row
}

// oneLine keeps a message to one short line, for a CSV cell.
func oneLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:199]) + "…"
	}
	return s
}
