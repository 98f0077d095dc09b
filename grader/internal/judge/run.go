package judge

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"netcourse/grader/internal/result"
	"netcourse/grader/internal/sandbox"
)

// Options say what to grade and how.
type Options struct {
	Impl string // the submission: a folder laid out like exercises/
	Ref  string // the reference solutions, for budgets measured in the same run
	Seed uint64 // every fault schedule derives from it
	Jobs int    // exercises graded at once; 1 when zero

	// Limits bound every child of the run where a check sets none; zero
	// fields: sandbox.Default, with CPU time up to the check's time limit.
	Limits Limits
	// MaxCheckTime, when set, shortens every check's time limit to it:
	// for verify's submissions that only wait.
	MaxCheckTime time.Duration
}

// InternalError marks a run in which the grader itself failed; the
// results it has are still reported.
type InternalError struct{ Errs []error }

func (e *InternalError) Error() string {
	return fmt.Sprintf("grader error: %v", errors.Join(e.Errs...))
}

// Grade grades each exercise of exs and returns the results in the same
// order. It returns an *InternalError beside the results when a check or a
// build failed for reasons of the grader's own.
func (b *Builder) Grade(ctx context.Context, exs []*Exercise, opt Options) (*result.Run, error) {
	run := &result.Run{Seed: opt.Seed, Impl: opt.Impl, Exercises: make([]result.Exercise, len(exs))}
	errs := make([][]error, len(exs))
	sem := make(chan struct{}, max(opt.Jobs, 1))
	var wg sync.WaitGroup
	for i, ex := range exs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			defer func() {
				// A grader bug in one exercise must not end the whole run.
				if v := recover(); v != nil {
					run.Exercises[i] = result.Exercise{ID: ex.ID, Title: ex.Title, Dir: ex.Dir, Status: result.Crashed,
						MaxScore: ex.MaxScore(), Checks: []result.Check{}, Message: fmt.Sprintf("grader error: %v", v)}
					errs[i] = []error{fmt.Errorf("%s: grader panicked: %v", ex.ID, v)}
				}
			}()
			run.Exercises[i], errs[i] = b.gradeExercise(ctx, ex, opt)
		}()
	}
	wg.Wait()
	run.Total()
	st := sandbox.Report()
	run.Sandbox = &result.Sandbox{Network: st.Network, Notes: st.Notes}
	var all []error
	for _, e := range errs {
		all = append(all, e...)
	}
	if len(all) > 0 {
		return run, &InternalError{Errs: all}
	}
	return run, nil
}

func (b *Builder) gradeExercise(ctx context.Context, ex *Exercise, opt Options) (result.Exercise, []error) {
	res := result.Exercise{ID: ex.ID, Title: ex.Title, Dir: ex.Dir, MaxScore: ex.MaxScore(), Checks: []result.Check{}}
	bin, err := b.Build(ctx, ex, opt.Impl)
	if err != nil {
		var me *MissingError
		switch {
		case ctx.Err() != nil:
			res.Status, res.Message = result.Timeout, "not graded: the grading run's overall time limit was reached"
		case errors.As(err, &me):
			res.Status, res.Message = result.NotStarted, me.Reason
		case IsBuildProblem(err):
			res.Status, res.Message = result.BuildError, err.Error()
		default:
			res.Status, res.Message = result.BuildError, "grader could not build: "+err.Error()
			return res, []error{fmt.Errorf("%s: build: %w", ex.ID, err)}
		}
		return res, nil
	}
	ref := sync.OnceValues(func() (string, error) { return b.Build(ctx, ex, opt.Ref) })
	var errs []error
	notStarted := 0
	for _, c := range ex.Checks {
		if ctx.Err() != nil {
			// Out of time overall: say so for every check not run, so the
			// partial results still add up.
			res.Checks = append(res.Checks, result.Check{Name: c.Name, Status: result.Timeout, MaxScore: c.Points,
				Visibility: cmp.Or(c.Visibility, Visible), Message: "not run: the grading run's overall time limit was reached"})
			continue
		}
		rc, nse, err := b.runCheck(ctx, ex, c, bin, ref, opt)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s %q: %w", ex.ID, c.Name, err))
		}
		if nse {
			notStarted++
		}
		if rc.Status == result.Skipped {
			res.MaxScore -= c.Points
		}
		res.Score += rc.Score
		res.Checks = append(res.Checks, rc)
	}
	res.Status = exerciseStatus(res.Checks, notStarted)
	if res.Status == result.NotStarted {
		res.Message = fmt.Sprintf("not started: open %s/README.md, then replace the stubs that return errors.ErrUnsupported", filepath.Join(opt.Impl, ex.Dir))
	}
	return res, errs
}

// exerciseStatus sums up the checks: not started when every graded check
// met the stub, passed when all passed, else the worst thing that happened.
func exerciseStatus(checks []result.Check, notStarted int) string {
	graded, passed := 0, 0
	worst := result.Passed
	rank := map[string]int{result.Passed: 0, result.Failed: 1, result.Timeout: 2, result.OutputLimit: 3, result.MemoryLimit: 4, result.Crashed: 5}
	for _, c := range checks {
		if c.Status == result.Skipped {
			continue
		}
		graded++
		if c.Status == result.Passed {
			passed++
		}
		if rank[c.Status] > rank[worst] {
			worst = c.Status
		}
	}
	switch {
	case graded == 0 && len(checks) > 0:
		return result.Skipped // this machine could run none of them
	case graded > 0 && notStarted == graded:
		return result.NotStarted
	case passed == graded:
		return result.Passed
	}
	return worst
}

// runCheck runs one check with its deadline and turns what it returned
// into a result. notStarted reports that the check met the stub. err is
// set only for the grader's own failures.
func (b *Builder) runCheck(ctx context.Context, ex *Exercise, c Check, bin string, ref func() (string, error), opt Options) (rc result.Check, notStarted bool, err error) {
	limit := cmp.Or(c.Timeout, DefaultTimeout)
	if opt.MaxCheckTime > 0 {
		limit = min(limit, opt.MaxCheckTime)
	}
	cctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	seed := CheckSeed(opt.Seed, ex.ID, c.Name)
	def := sandbox.Default
	def.CPU = limit // one busy core for the whole check at most
	t := &T{
		Ctx: cctx, Seed: seed, Rand: rand.New(rand.NewPCG(seed, seed>>1|1)),
		ex: ex, bin: bin, ref: ref, out: newCapture(), src: opt.Impl,
		limits: c.Limits.Or(opt.Limits).Or(def),
	}
	start := time.Now()
	defer func() { rc.Duration = time.Since(start) }()
	done := make(chan error, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				done <- fmt.Errorf("check panicked: %v", v)
			}
		}()
		done <- c.Run(t)
	}()
	var cerr error
	select {
	case cerr = <-done:
	case <-time.After(limit + 5*time.Second):
		// Children are already killed by cctx; a check that still has
		// not returned ignores its context, which is a grader bug.
		cerr = fmt.Errorf("check did not stop within %v of its time limit", 5*time.Second)
	}
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
	cerr = childVerdict(t.kids, cerr)
	rc = result.Check{Name: c.Name, MaxScore: c.Points, Visibility: cmp.Or(c.Visibility, Visible)}
	var (
		fe *Failure
		se *SkipError
		te *TimeoutError
		ce *CrashError
		ne *NotStartedError
		le *LimitError
	)
	switch {
	case cerr == nil:
		rc.Status, rc.Score = result.Passed, c.Points
		return rc, false, nil
	case errors.As(cerr, &se):
		rc.Status, rc.MaxScore, rc.Message = result.Skipped, 0, se.Reason
		return rc, false, nil
	case errors.As(cerr, &ne):
		rc.Status, rc.Message = result.Failed, ne.Error()
		return rc, true, nil
	case errors.As(cerr, &fe):
		rc.Status, rc.Message, rc.Hint = result.Failed, fe.Error(), fe.Hint
	case errors.As(cerr, &le):
		rc.Status, rc.Message, rc.Hint = le.Status(), le.Error(), le.Hint()
	case errors.As(cerr, &te):
		rc.Status, rc.Message, rc.Hint = result.Timeout, te.What, te.Hint
	case errors.As(cerr, &ce):
		rc.Status, rc.Message = result.Crashed, ce.Error()
	case cctx.Err() != nil:
		rc.Status, rc.Message = result.Timeout, fmt.Sprintf("the check's time limit (%v) passed: %v", limit, cerr)
	default:
		rc.Status, rc.Message = result.Failed, "grader error: "+cerr.Error()
		err = cerr
	}
	rc.Output = studentOutput(t.out.Trimmed(), opt.Impl)
	return rc, false, err
}

// childVerdict weighs how the submission's children ended against the
// check's verdict err. A limit the judge killed a child at is the verdict,
// whatever the check then saw (a fake peer left waiting, say). A check
// that passed still fails when a child then crashed or exited on its own:
// a goroutine that panics after the function returned kills a real
// program just the same.
func childVerdict(kids []*Child, err error) error {
	var crash error
	for _, k := range kids {
		a := k.abnormal()
		var le *LimitError
		if errors.As(a, &le) {
			return le
		}
		if crash == nil {
			crash = a
		}
	}
	if err == nil {
		return crash
	}
	return err
}

// CheckSeed derives a check's seed from the run's seed and the check's
// identity, so grading one exercise replays the same faults as grading all.
func CheckSeed(seed uint64, id, name string) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%s/%s", seed, id, name)
	return h.Sum64()
}

// studentOutput names the submission's files in stack traces as the
// student knows them, and shows control characters as escapes: output
// may not move a terminal's cursor to paint over the verdicts. (A CR
// before LF moves nothing that the LF does not.)
func studentOutput(out, impl string) string {
	out = strings.ReplaceAll(out, "%2e", ".") // how the runtime escapes dots in import paths
	out = strings.ReplaceAll(out, "netcourse/exercises/", filepath.ToSlash(impl)+"/")
	if strings.IndexFunc(strings.ReplaceAll(out, "\r\n", "\n"), isControl) < 0 {
		return out
	}
	var b strings.Builder
	for i, r := range out {
		if isControl(r) && !(r == '\r' && strings.HasPrefix(out[i+1:], "\n")) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isControl is true for control characters but newline and tab, and for
// bytes that are not UTF-8 (a lone 0x9b is CSI to some terminals).
func isControl(r rune) bool {
	return r != '\n' && r != '\t' && (unicode.IsControl(r) || r == utf8.RuneError)
}
