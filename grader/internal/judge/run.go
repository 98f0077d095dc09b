package judge

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
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
	Jobs int    // builds and checks run at once; 1 when zero; AutoJobs: as many as the idle CPU allows (Gate), one per core at least, up to MaxAutoJobs per core

	// Limits bound every child of the run where a check sets none; zero
	// fields: sandbox.Default, with CPU time up to the check's time limit.
	Limits Limits
	// MaxCheckTime, when set, shortens every check's time limit to it:
	// for verify's submissions that only wait.
	MaxCheckTime time.Duration

	// Events, when set, is told of each exercise's build, each check's
	// verdict and each exercise's result as they are known (see Event).
	// It is called from the goroutines that grade, but never twice at
	// once; grading waits while it runs, so it should return quickly.
	Events func(Event)
}

// InternalError marks a run in which the grader itself failed; the
// results it has are still reported.
type InternalError struct{ Errs []error }

func (e *InternalError) Error() string {
	return fmt.Sprintf("grader error: %v", errors.Join(e.Errs...))
}

// MaxAutoJobs bounds AutoJobs per core: every check running holds its
// children and fake peers (memory, ports, processes) however idle the
// CPU is.
const MaxAutoJobs = 16

// Grade grades each exercise of exs and returns the results in the same
// order. It returns an *InternalError beside the results when a check or a
// build failed for reasons of the grader's own.
func (b *Builder) Grade(ctx context.Context, exs []*Exercise, opt Options) (*result.Run, error) {
	run := &result.Run{Seed: opt.Seed, Impl: opt.Impl, Exercises: make([]result.Exercise, len(exs))}
	errs := make([][]error, len(exs))
	ev := &events{f: opt.Events}
	builds := NewGate(opt.Jobs, opt.Jobs)
	checks := builds
	if opt.Jobs == AutoJobs {
		// Builds compute: as many at once as the idle CPU allows.
		// Checks mostly wait (the references' checks use about a sixth
		// of a core each), and the few that compute come in bursts (a
		// 16 MB stream) that fill the CPU while the others wait, so an
		// idle-driven limit stays low; their verdicts go by what they
		// see and by CPU time, not by the load. They run MaxAutoJobs a
		// core, the longest first.
		builds = NewGate(DefaultJobs(), len(exs))
		checks = NewGate(MaxAutoJobs*DefaultJobs(), MaxAutoJobs*DefaultJobs())
	}
	pace, refs := b.memos()
	defer pace.save() // a cache that cannot be written costs only the order
	defer refs.save() // or a reference's run
	var wg sync.WaitGroup
	for i, ex := range exs {
		// Builds start in course order, before any check waiting (a
		// build lets a whole exercise's checks start); once the run is
		// over they all start, to say so.
		admitted := builds.AcquireRank(ctx, math.MaxInt) == nil
		release := sync.OnceFunc(func() {
			if admitted {
				builds.Release()
			}
		})
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer release()
			defer func() { ev.send(Event{Kind: ExerciseDone, Exercise: ex, Result: run.Exercises[i]}) }()
			defer func() {
				// A grader bug in one exercise must not end the whole run.
				if v := recover(); v != nil {
					run.Exercises[i] = result.Exercise{ID: ex.ID, Title: ex.Title, Dir: ex.Dir, Status: result.Crashed,
						MaxScore: ex.MaxScore(), Checks: []result.Check{}, Message: fmt.Sprintf("grader error: %v", v)}
					errs[i] = []error{fmt.Errorf("%s: grader panicked: %v", ex.ID, v)}
				}
			}()
			run.Exercises[i], errs[i] = b.gradeExercise(ctx, ex, opt, ev, checks, pace, release)
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

// gradeExercise builds ex in the gate's place it was given (built ends
// it), then runs each check in a place of its own: checks of one exercise
// and of others run at once as far as the gate admits them.
func (b *Builder) gradeExercise(ctx context.Context, ex *Exercise, opt Options, ev *events, gate *Gate, pace *pace, built func()) (result.Exercise, []error) {
	res := result.Exercise{ID: ex.ID, Title: ex.Title, Dir: ex.Dir, MaxScore: ex.MaxScore(), Checks: []result.Check{}}
	ev.send(Event{Kind: Building, Exercise: ex})
	bin, err := b.buildWithin(ctx, ex, opt.Impl)
	built()
	if err != nil {
		var me *MissingError
		switch {
		case Interrupted(ctx):
			res.Status, res.Message = result.Interrupted, "not graded: the run was interrupted"
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
	ref := sync.OnceValues(func() (string, error) {
		bin, err := b.buildWithin(ctx, ex, opt.Ref)
		if err != nil && ctx.Err() == nil {
			// The reference always builds: its failure is the grader's.
			err = &graderFault{fmt.Errorf("building the reference solution: %w", err)}
		}
		return bin, err
	})
	ev.send(Event{Kind: Checking, Exercise: ex})
	order := newCheckOrder(ev, ex)
	type outcome struct {
		rc         result.Check
		notStarted bool
		err        error
	}
	outs := make([]outcome, len(ex.Checks))
	// The checks expected to take longest go first, of this exercise and
	// of all (the gate admits by rank): a long one started last would end
	// the run alone. One at a time, the order would change only when the
	// verdicts show: they come in the registry's order.
	byRank, ranks := pace.order(ex, opt.Jobs != 1)
	var wg sync.WaitGroup
	for _, i := range byRank {
		c := ex.Checks[i]
		if ctx.Err() != nil || gate.AcquireRank(ctx, ranks[i]) != nil {
			// Out of time overall, or interrupted: say so for every check
			// not run, so the partial results still add up.
			outs[i].rc = result.Check{Name: c.Name, Status: result.Timeout, MaxScore: c.Points,
				Visibility: cmp.Or(c.Visibility, Visible), Message: "not run: the grading run's overall time limit was reached"}
			if Interrupted(ctx) {
				outs[i].rc.Status, outs[i].rc.Message = result.Interrupted, "not run: the run was interrupted"
			}
			order.done(i, outs[i].rc, false)
			continue
		}
		// The check holds its place until its verdict: its children
		// settle and its clean-ups run while the next checks run.
		release := sync.OnceFunc(gate.Release)
		wg.Go(func() {
			defer func() { order.done(i, outs[i].rc, outs[i].notStarted) }() // after the recover below
			defer func() {
				if v := recover(); v != nil {
					outs[i] = outcome{result.Check{Name: c.Name, Status: result.Failed, MaxScore: c.Points, Visibility: cmp.Or(c.Visibility, Visible),
						Message: fmt.Sprintf("grader error: %v", v)}, false, fmt.Errorf("grader panicked: %v", v)}
				}
			}()
			defer release()
			finish := b.startCheck(ctx, ex, c, bin, ref, opt)
			release()
			rc, nse, err := finish()
			outs[i] = outcome{rc, nse, err}
			if rc.Status == result.Passed {
				pace.passed(ex, c, rc.Duration)
			}
		})
	}
	wg.Wait()
	var errs []error
	notStarted := 0
	for i, o := range outs {
		if o.err != nil {
			errs = append(errs, fmt.Errorf("%s %q: %w", ex.ID, ex.Checks[i].Name, o.err))
		}
		if o.notStarted {
			notStarted++
		}
		if o.rc.Status == result.Skipped {
			res.MaxScore -= ex.Checks[i].Points
		}
		res.Score += o.rc.Score
		res.Checks = append(res.Checks, o.rc)
	}
	res.Status = exerciseStatus(res.Checks, notStarted)
	if res.Status == result.NotStarted {
		res.Message = fmt.Sprintf("not started: open %s/README.md, then replace the stubs that return errors.ErrUnsupported", filepath.Join(opt.Impl, ex.Dir))
	}
	return res, errs
}

// exerciseStatus sums up the checks: not started when every check graded
// met the stub, passed when all passed, interrupted when the run stopped
// before some had their verdict, else failed. How each check failed
// (timeout, crashed, a limit) is that check's verdict, not the exercise's.
func exerciseStatus(checks []result.Check, notStarted int) string {
	graded, passed, interrupted := 0, 0, 0
	for _, c := range checks {
		switch c.Status {
		case result.Skipped:
			continue
		case result.Passed:
			passed++
		case result.Interrupted:
			interrupted++
		}
		graded++
	}
	done := graded - interrupted
	switch {
	case graded == 0 && len(checks) > 0:
		return result.Skipped // this machine could run none of them
	case notStarted > 0 && notStarted == done:
		return result.NotStarted // a stub, however far its grading got
	case interrupted > 0:
		return result.Interrupted
	case passed == graded:
		return result.Passed
	}
	return result.Failed
}

// Bounds of the stages around a check, on the judge's own clock.
const (
	// checkGrace is how long a check may take to return once its time
	// limit passed (its children are killed then); one that takes longer
	// ignores its context, a grader bug, and is left behind.
	checkGrace = 5 * time.Second
	// cleanupWithin bounds a check's clean-ups: stopping its children and
	// closing its fake peers. One that hangs is left behind and reported.
	cleanupWithin = 5 * time.Second
	// answerSettle is how long a child that passed is kept running, and
	// watched, after its latest message (its answer) before the judge
	// tells it to exit: a panic in a goroutine the submission left, or an
	// os.Exit, right after the answer ends it first and fails the check.
	answerSettle = 150 * time.Millisecond
	// BuildAllowance is what Deadline allows for building one exercise's
	// children, the submission's and the reference's.
	BuildAllowance = time.Minute
)

// Deadline is the longest grading exs may take when every check runs to
// its time limit, one after another, and every build takes its
// allowance: the default overall deadline of a run given none.
func Deadline(exs []*Exercise) time.Duration {
	var d time.Duration
	for _, ex := range exs {
		d += BuildAllowance
		for _, c := range ex.Checks {
			d += c.timeout()
		}
	}
	return d
}

// buildWithin is b.Build that returns soon after ctx ends, whatever the
// build is doing then. The build is killed by ctx and, in all but a hung
// case, has ended (its temporary folders removed) when this returns: it
// is waited for up to buildGrace, then left behind.
func (b *Builder) buildWithin(ctx context.Context, ex *Exercise, impl string) (string, error) {
	type built struct {
		bin string
		err error
	}
	ch := make(chan built, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				ch <- built{err: &graderFault{fmt.Errorf("build panicked: %v", v)}}
			}
		}()
		bin, err := b.Build(ctx, ex, impl)
		ch <- built{bin, err}
	}()
	select {
	case r := <-ch:
		return r.bin, r.err
	case <-ctx.Done():
		select {
		case <-ch:
		case <-time.After(buildGrace):
		}
		return "", ctx.Err()
	}
}

// buildGrace is how long a build killed by the end of its context gets to
// clean up.
const buildGrace = 5 * time.Second

// runCheck runs one check with its deadline and turns what it returned
// into a result. notStarted reports that the check met the stub. err is
// set only for the grader's own failures.
func (b *Builder) runCheck(ctx context.Context, ex *Exercise, c Check, bin string, ref func() (string, error), opt Options) (rc result.Check, notStarted bool, err error) {
	return b.startCheck(ctx, ex, c, bin, ref, opt)()
}

// startCheck runs one check and returns once the check itself returned,
// within its time limit plus checkGrace whatever it does. finish then
// keeps the children that passed running for answerSettle, cleans up
// (within cleanupWithin, or leaves the clean-up behind and says so) and
// gives the check's result; the next check may run meanwhile.
func (b *Builder) startCheck(ctx context.Context, ex *Exercise, c Check, bin string, ref func() (string, error), opt Options) (finish func() (result.Check, bool, error)) {
	limit := c.timeout()
	if opt.MaxCheckTime > 0 {
		limit = min(limit, opt.MaxCheckTime)
	}
	cctx, cancel := context.WithTimeout(ctx, limit) // cancel kills every child of the check, also of one left behind
	seed := CheckSeed(opt.Seed, ex.ID, c.Name)
	def := sandbox.Default
	def.CPU = limit // one busy core for the whole check at most
	_, refs := b.memos()
	t := &T{
		Ctx: cctx, Seed: seed, Rand: rand.New(rand.NewPCG(seed, seed>>1|1)),
		ex: ex, check: c.Name, bin: bin, ref: ref, refs: refs, out: newCapture(), src: opt.Impl,
		limits: c.Limits.Or(opt.Limits).Or(def),
	}
	start := time.Now()
	base := result.Check{Name: c.Name, MaxScore: c.Points, Visibility: cmp.Or(c.Visibility, Visible)}

	// The check, the settling of its children and its clean-ups run in
	// a goroutine of their own, which the judge leaves behind, reported,
	// when it overruns its bound.
	verdict := make(chan error, 1)
	settled, cleaned := make(chan struct{}), make(chan struct{})
	var step atomic.Value // the clean-up running now, for the report of one that hangs
	go func() {
		defer close(cleaned)
		err := protect(func() error { return c.Run(t) }, "check")
		verdict <- err
		var fe *Failure
		if err == nil || errors.As(err, &fe) {
			// Passed or failed, the children are watched a moment
			// longer: a crash just after the answer is the verdict
			// either way (see childVerdict), whichever came first.
			// All at once: on a busy machine each may be watched up to
			// settleMore longer.
			var wg sync.WaitGroup
			for _, k := range t.kids {
				wg.Go(func() { k.settle(answerSettle) })
			}
			wg.Wait()
		}
		close(settled)
		for i := len(t.cleanups) - 1; i >= 0; i-- {
			step.Store(funcName(t.cleanups[i]))
			protect(func() error { t.cleanups[i](); return nil }, "clean-up")
		}
	}()
	var cerr error
	select {
	case cerr = <-verdict:
	case <-cctx.Done():
		select {
		case cerr = <-verdict:
		case <-time.After(checkGrace):
			if Interrupted(ctx) {
				cancel()
				rc := interruptedCheck(base)
				rc.Duration = time.Since(start)
				return func() (result.Check, bool, error) { return rc, false, nil }
			}
			// Its children are already killed by cctx. Its goroutine may
			// still change t: nothing of it but the output is read now.
			cancel()
			e := fmt.Errorf("check did not stop within %v of its time limit", checkGrace)
			rc := base
			rc.Status, rc.Message = result.Failed, "grader error: "+e.Error()
			rc.Output = studentOutput(t.out.Trimmed(), opt.Impl)
			rc.Duration = time.Since(start)
			return func() (result.Check, bool, error) { return rc, false, e }
		}
	}
	stopped := Interrupted(ctx) // when the verdict came
	return func() (rc result.Check, notStarted bool, err error) {
		defer cancel()
		var hung error
		// Settling is bounded by settle itself; the clean-ups' bound
		// starts when they do.
		select {
		case <-settled:
		case <-time.After(answerSettle + settleMore + settleEnd + time.Second):
		}
		select {
		case <-cleaned:
		case <-time.After(cleanupWithin):
			for _, k := range t.kids {
				k.kill()
			}
			running, _ := step.Load().(string)
			hung = fmt.Errorf("the check's clean-up (stopping children, closing fake peers) did not finish within %v and was left behind (still running: %s)", cleanupWithin, cmp.Or(running, "settling its children"))
		}
		rc, notStarted, err = verdictOf(base, childVerdict(t.kids, cerr), cctx, limit)
		if stopped && !notStarted && rc.Status != result.Passed && rc.Status != result.Skipped {
			// Whatever the check saw once the run was stopped (its
			// children killed, its peers closed) is no verdict.
			rc, err = interruptedCheck(base), nil
		}
		if rc.Status != result.Passed && rc.Status != result.Skipped && !notStarted {
			rc.Output = studentOutput(t.out.Trimmed(), opt.Impl)
		}
		if hung != nil {
			// The submission's verdict stands; the grader's own failure
			// is reported beside it.
			rc.Message = strings.TrimPrefix(rc.Message+"\ngrader error: "+hung.Error(), "\n")
			err = errors.Join(err, hung)
		}
		rc.Duration = time.Since(start)
		return rc, notStarted, err
	}
}

// funcName names a clean-up for the grader's own error messages:
// "fixtures.(*Server).Close".
func funcName(f func()) string {
	fn := runtime.FuncForPC(reflect.ValueOf(f).Pointer())
	if fn == nil {
		return "a clean-up"
	}
	name := strings.TrimSuffix(fn.Name(), "-fm")
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	return name
}

// ErrInterrupted is the cause a run's context is cancelled with when the
// user stops it (Ctrl-C, SIGTERM): what was not graded by then is
// interrupted, not failed.
var ErrInterrupted = errors.New("interrupted")

// Interrupted reports whether ctx was cancelled with ErrInterrupted.
func Interrupted(ctx context.Context) bool {
	return ctx.Err() != nil && errors.Is(context.Cause(ctx), ErrInterrupted)
}

func interruptedCheck(base result.Check) result.Check {
	base.Status, base.Message = result.Interrupted, "interrupted: the run was stopped before this check had its verdict"
	return base
}

// protect runs f, turning a panic in it into the grader's error.
func protect(f func() error, what string) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &graderFault{fmt.Errorf("%s panicked: %v", what, v)}
		}
	}()
	return f()
}

// verdictOf fills in rc from the check's verdict cerr. err is set only
// for the grader's own failures.
func verdictOf(rc result.Check, cerr error, cctx context.Context, limit time.Duration) (_ result.Check, notStarted bool, err error) {
	var (
		fe *Failure
		se *SkipError
		te *TimeoutError
		ce *CrashError
		ne *NotStartedError
		le *LimitError
		pe *ProtocolError
		gf *graderFault
	)
	switch {
	case cerr == nil:
		rc.Status, rc.Score = result.Passed, rc.MaxScore
	case errors.As(cerr, &se):
		rc.Status, rc.MaxScore, rc.Message = result.Skipped, 0, se.Reason
	case errors.As(cerr, &ne):
		rc.Status, rc.Message = result.Failed, ne.Error()
		notStarted = true
	case errors.As(cerr, &fe):
		rc.Status, rc.Message, rc.Hint = result.Failed, fe.Error(), fe.Hint
	case errors.As(cerr, &le):
		rc.Status, rc.Message, rc.Hint = le.Status(), le.Error(), le.Hint()
	case errors.As(cerr, &te):
		rc.Status, rc.Message, rc.Hint = result.Timeout, te.What, te.Hint
	case errors.As(cerr, &ce):
		rc.Status, rc.Message = result.Crashed, ce.Error()
	case errors.As(cerr, &pe):
		rc.Status, rc.Message = result.Crashed, pe.Error()
	case errors.As(cerr, &gf):
		rc.Status, rc.Message = result.Failed, "grader error: "+cerr.Error()
		err = cerr
	case cctx.Err() != nil:
		rc.Status, rc.Message = result.Timeout, fmt.Sprintf("the check's time limit (%v) passed: %v", limit, cerr)
	default:
		rc.Status, rc.Message = result.Failed, "grader error: "+cerr.Error()
		err = cerr
	}
	return rc, notStarted, err
}

// childVerdict weighs how the submission's children ended, and what they
// said, against the check's verdict err: it is the one place that decides
// whose failure an error is. A limit the judge killed a child at is the
// verdict, whatever the check then saw (a fake peer left waiting, say). A
// check that passed still fails when a child then crashed or exited on
// its own: a goroutine that panics after the function returned kills a
// real program just the same. An error that is no verdict of the check's
// is the child's when the child broke the protocol, crashed, or said
// something the check could not use (a forged reply); it stays the
// grader's when it is marked so, or when it comes from the system (a
// fake peer could not listen) or before the child said anything.
func childVerdict(kids []*Child, err error) error {
	var crash, broke error
	spoke := false
	for _, k := range kids {
		a := k.abnormal()
		var le *LimitError
		if errors.As(a, &le) {
			return le
		}
		if crash == nil {
			crash = a
		}
		if b := k.broke.Load(); b != nil && broke == nil {
			broke = b
		}
		spoke = spoke || k.last.Load() != 0
	}
	var (
		gf *graderFault
		fe *Failure
	)
	switch {
	case err == nil:
		return crash
	case panicked(crash) && errors.As(err, &fe):
		// What the check saw wrong may be the panic's doing (its
		// unwinding lets the function return half its work), and which
		// of the two the judge sees first is a race: the panic, the
		// cause, is the verdict.
		return crash
	case isVerdict(err), errors.As(err, &gf), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case broke != nil:
		return broke
	case crash != nil:
		return crash
	case spoke && !systemError(err):
		return &ProtocolError{What: "the grader could not use its reply: " + err.Error()}
	}
	return err
}

// panicked reports whether err is a crash of the submission's own: a
// panic or a fatal error of the Go runtime, not an exit.
func panicked(err error) bool {
	var ce *CrashError
	return errors.As(err, &ce) && (strings.HasPrefix(ce.Reason, "panicked: ") || strings.HasPrefix(ce.Reason, "crashed the Go runtime: "))
}

// isVerdict reports whether err is one of the verdicts a check gives.
func isVerdict(err error) bool {
	var (
		fe *Failure
		se *SkipError
		te *TimeoutError
		ce *CrashError
		ne *NotStartedError
		le *LimitError
		pe *ProtocolError
	)
	return errors.As(err, &fe) || errors.As(err, &se) || errors.As(err, &te) || errors.As(err, &ce) ||
		errors.As(err, &ne) || errors.As(err, &le) || errors.As(err, &pe)
}

// systemError reports whether err comes from the judge's own use of the
// system (sockets, files), not from what a child said.
func systemError(err error) bool {
	var (
		oe *net.OpError
		pe *os.PathError
		se *os.SyscallError
		en syscall.Errno
	)
	return errors.As(err, &oe) || errors.As(err, &pe) || errors.As(err, &se) || errors.As(err, &en)
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
