package robust

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/course/2.4-robust/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// Exercise 2.4: Get and Post against a flaky server, under a policy of
// attempts, timeouts and seeded backoff the judge chooses.
var checks = []judge.Check{
	{Name: "returns the body of a good response", Points: 1, Run: checkGood},
	{Name: "retries a GET through 503s, resets and cut bodies", Points: 3, Run: checkRetries},
	// Up to five runs of the plan: see checkAttemptTimeout.
	{Name: "gives up on a stalled or trickling attempt at its timeout", Points: 3, Run: checkAttemptTimeout, Timeout: 40 * time.Second},
	{Name: "waits the seeded backoff with jitter between attempts", Points: 3, Timeout: 30 * time.Second, Run: checkBackoff},
	{Name: "honours Retry-After", Points: 2, Run: checkRetryAfter},
	{Name: "stops after the attempts allowed", Points: 2, Run: checkBounded},
	{Name: "ends the whole call at the total deadline", Points: 2, Timeout: 30 * time.Second, Run: checkTotal},
	{Name: "does not retry a POST once its body was sent", Points: 3, Run: checkPost},
	{Name: "stops at once when the context is cancelled", Points: 2, Timeout: 30 * time.Second, Run: checkCancel},
}

const (
	grace      = 2 * time.Second // past the total deadline, how long a call is waited for
	settleFor  = time.Second     // how long the server waits, after a call, for its connections to end
	backoffFmt = "u·min(MaxBackoff, BaseBackoff·2^(n−1))"
	// rounding is how much earlier than its due time a wait may end: a
	// wait computed in whole milliseconds is that much shorter.
	rounding = time.Millisecond

	whyRetry    = "a 503, a reset or a body cut short are what a busy or restarting server does; they pass, and the same GET a moment later usually works. A GET asks for nothing to change, so sending it again is safe."
	retryHint   = "Loop over the attempts: on a 5xx (or 429) status, or on any error from the request or from reading the body (io.ErrUnexpectedEOF, a reset, a timeout), wait the backoff and try again, up to Policy.Attempts in all."
	whyTimeout  = "a server that stops talking leaves no error to see: only a deadline ends the wait. A deadline per read is not enough either: a server that sends two bytes now and then never breaks it, and holds the attempt for ever."
	timeoutHint = "Give each attempt its own deadline for the whole exchange, the body included: context.WithTimeout(ctx, p.AttemptTimeout) around the request and the reading of its body (cancel it after reading, not before), or an http.Client whose Timeout is the attempt's."
	whyBackoff  = "clients that retry at once, or all at the same moments, hit a struggling server together again and again; an exponential backoff spreads the retries out, and the jitter keeps clients that failed together from coming back together."
	backoffHint = "Before attempt n+1, after the n-th failure, sleep u·min(MaxBackoff, BaseBackoff<<(n-1)), with u = p.Rand.Float64() drawn for this wait (one draw per wait, no other draws). Sleep in a select on a timer and ctx.Done()."
)

// base is a policy for a call of the URL; checks change what they test.
func base(url string) contract.Args {
	return contract.Args{URL: url, Attempts: 3, AttemptTimeout: time.Second, Total: 2 * time.Second,
		BaseBackoff: 10 * time.Millisecond, MaxBackoff: 20 * time.Millisecond}
}

// policyText is the policy as the student's code receives it.
func policyText(a contract.Args) string {
	return fmt.Sprintf("Policy{Attempts: %d, AttemptTimeout: %v, Total: %v, BaseBackoff: %v, MaxBackoff: %v, Rand: rand.New(rand.NewPCG(%d, 0))}",
		a.Attempts, a.AttemptTimeout, a.Total, a.BaseBackoff, a.MaxBackoff, a.Seed)
}

// draws are the first n values of the policy's Rand.Float64().
func draws(seed uint64, n int) []float64 {
	r := rand.New(rand.NewPCG(seed, 0))
	u := make([]float64, n)
	for i := range u {
		u[i] = r.Float64()
	}
	return u
}

// pickSeed chooses, from t.Rand, a seed whose first draws fall in the
// ranges given ([lo, hi) each), so that every wait of the check is long or
// short enough to tell a right backoff from the usual wrong ones.
// The loop is bounded: ranges that no seed in 1<<16 meets are the
// check's bug, and the last seed tried is used.
func pickSeed(t *judge.T, ranges ...[2]float64) uint64 {
	var seed uint64
	for range 1 << 16 {
		seed = t.Rand.Uint64() >> 1
		u := draws(seed, len(ranges))
		ok := true
		for i, r := range ranges {
			ok = ok && u[i] >= r[0] && u[i] < r[1]
		}
		if ok {
			break
		}
	}
	return seed
}

// waitFor is the wait due before attempt n+1 (n from 1), after the n-th
// failure: the README's formula, and Retry-After when it is longer.
func waitFor(a contract.Args, u []float64, n int, retryAfter int) time.Duration {
	d := a.MaxBackoff
	if n-1 < 62 && a.BaseBackoff<<(n-1) > 0 {
		d = min(d, a.BaseBackoff<<(n-1))
	}
	return max(time.Duration(u[n-1]*float64(d)), time.Duration(retryAfter)*time.Second)
}

// run calls op with a on the submission (or the reference) and waits up
// to within for its result.
func run(t *judge.T, op wire.Op[contract.Args, contract.Result], a contract.Args, within time.Duration, reference bool) (contract.Result, error) {
	start := harness.Start[contract.Args, contract.Result]
	if reference {
		start = harness.StartReference[contract.Args, contract.Result]
	}
	c, err := start(t, op, a)
	if err != nil {
		return contract.Result{}, err
	}
	r, err := harness.Result(c, op, within)
	if reference {
		c.Stop()
		if err != nil {
			return r, fmt.Errorf("reference solution: %w", err)
		}
	}
	return r, err
}

// returned says what a call returned, for messages.
func returned(r contract.Result) string {
	if r.Err == nil {
		return fmt.Sprintf("%d bytes and a nil error", len(r.Data))
	}
	return fmt.Sprintf("the error %q", r.Err.Text)
}

func hangs(call string, within time.Duration, what string) string {
	return fmt.Sprintf("%s did not return within %v: %s", call, within, what)
}

// ---- a good response ----

func checkGood(t *judge.T) error {
	body := fixtures.Body(t.Rand, 100+t.Rand.IntN(400))
	f, err := startFlaky(t, plan{steps: []step{answer}}, body, 3*time.Second)
	if err != nil {
		return err
	}
	path := "/" + harness.Word(t.Rand, 6) + "?q=" + harness.Word(t.Rand, 4)
	a := base(f.URL(path))
	call := fmt.Sprintf("Get(ctx, %q, %s)", a.URL, policyText(a))
	r, err := run(t, contract.Get, a, a.Total+grace, false)
	if err != nil {
		return harness.TimedOut(err, hangs(call, a.Total+grace, "the server answered 200 OK with a Content-Length and closed"), "Read the body to its end (io.ReadAll) and return it; bound the call with its total deadline.")
	}
	all := f.settle(t.Ctx, settleFor)
	if len(all) == 0 {
		return judge.Fail("%s returned %s, but the server never received a request", call, returned(r)).With("", "", "Make the request to the URL you are given (http.NewRequestWithContext and a client's Do).")
	}
	var probs []string
	if s := all[0]; s.method != "GET" || s.target != path {
		probs = append(probs, fmt.Sprintf("the request was %s %s, want GET %s", s.method, s.target, path))
	}
	if len(all) > 1 {
		probs = append(probs, fmt.Sprintf("the server answered the first request with 200 OK, yet it received %d requests", len(all)))
	}
	switch {
	case r.Err != nil:
		probs = append(probs, fmt.Sprintf("Get returned the error %q for a 200 OK with its whole body", r.Err.Text))
	case !bytes.Equal(r.Data, body):
		probs = append(probs, fmt.Sprintf("Get returned %d bytes that are not the %d-byte body:\n%s", len(r.Data), len(body), judge.ShowBytes(r.Data, body)))
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%s", strings.Join(probs, "\n")).With(call+"; the server answered the first request with 200 OK and its body.\n"+timeline(all, 3),
		"a client that cannot fetch a good response has nothing to be robust about: the rest of the exercise builds on this.",
		"Make one request, check the status is 2xx, read the whole body, close it, and return it.")
}

// ---- retries ----

func checkRetries(t *judge.T) error {
	steps := []step{unavailable, resetBody, shortBody}
	t.Rand.Shuffle(len(steps), func(i, j int) { steps[i], steps[j] = steps[j], steps[i] })
	steps = append(steps, answer)
	body := fixtures.Body(t.Rand, 200+t.Rand.IntN(300))
	f, err := startFlaky(t, plan{steps: steps}, body, 3*time.Second)
	if err != nil {
		return err
	}
	a := base(f.URL("/" + harness.Word(t.Rand, 6)))
	a.Attempts, a.Total = len(steps), 4*time.Second
	a.BaseBackoff = time.Duration(60+t.Rand.IntN(20)) * time.Millisecond
	a.MaxBackoff = 2 * a.BaseBackoff
	a.Seed = pickSeed(t, [2]float64{0.5, 1}, [2]float64{0.5, 1}, [2]float64{0.5, 1})
	u := draws(a.Seed, len(steps))
	call := fmt.Sprintf("Get(ctx, %q, %s)", a.URL, policyText(a))
	detail := func(all []seen) string {
		return fmt.Sprintf("%s; the server's plan: %s, then it answered 200 OK.\n%s", call, planText(steps[:len(steps)-1]), timeline(all, len(steps)+1))
	}
	r, err := run(t, contract.Get, a, a.Total+grace, false)
	if err != nil {
		return harness.TimedOut(err, hangs(call, a.Total+grace, "its total deadline had long passed"), "Bound the whole call with context.WithTimeout(ctx, p.Total).")
	}
	all := f.settle(t.Ctx, settleFor)
	if p := outcomeProblem(r, all, steps, body, a); p != "" {
		return judge.Fail("%s", p).With(detail(all), whyRetry, retryHint)
	}
	// Each wait began after the server's failure was on the wire: the
	// next connection can come no sooner than the wait.
	// Every wait is listed, early or not: which of them a loaded machine
	// stretches past its due time is no part of the verdict.
	early := false
	var waits []string
	for i := 0; i+1 < len(all) && i+1 < len(steps); i++ {
		due := waitFor(a, u, i+1, 0)
		gap := all[i+1].accepted.Sub(all[i].failed)
		early = early || gap < due-rounding
		waits = append(waits, fmt.Sprintf("attempt %d came %s after attempt %d failed; the wait due was %v (u = %.3f)", i+2, approx(gap), i+1, due.Round(time.Microsecond), u[i]))
	}
	if early {
		return judge.Fail("Get retried before its backoff was over; its waits, from each failure to the next connection:\n  - %s", strings.Join(waits, "\n  - ")).With(detail(all), whyBackoff, backoffHint)
	}
	return nil
}

// planText lists failing steps in words.
func planText(steps []step) string {
	var parts []string
	for i, s := range steps {
		parts = append(parts, fmt.Sprintf("attempt %d %s", i+1, s))
	}
	return strings.Join(parts, ", ")
}

// outcomeProblem judges a GET against a plan whose last step answers:
// it must take every attempt up to the answer, no more, and return the
// body. "" when it did.
func outcomeProblem(r contract.Result, all []seen, steps []step, body []byte, a contract.Args) string {
	n := len(steps)
	switch {
	case len(all) == 0:
		return fmt.Sprintf("Get returned %s, but the server never received a request", returned(r))
	case len(all) < n && r.Err == nil && bytes.Equal(r.Data, body) && all[len(all)-1].step == trickle:
		return fmt.Sprintf("Get took the body the server trickled on attempt %d, two bytes every %v, although the attempt had lasted far longer than its AttemptTimeout of %v: a deadline per read, or none at all, let it through", len(all), trickleGap(a), a.AttemptTimeout)
	case len(all) < n && r.Err == nil:
		return fmt.Sprintf("Get returned %d bytes and a nil error after attempt %d, on which the server %s: that was no answer to return", len(r.Data), len(all), all[len(all)-1].step)
	case len(all) < n && all[len(all)-1].step.timed() && r.Elapsed >= a.Total:
		return fmt.Sprintf("Get returned the error %q after %s: on attempt %d the server %s, and Get waited on it until the total deadline (%v) instead of giving up after AttemptTimeout (%v) and trying again", r.Err.Text, approx(r.Elapsed), len(all), all[len(all)-1].step, a.Total, a.AttemptTimeout)
	case len(all) < n:
		return fmt.Sprintf("Get gave up after attempt %d of the %d allowed, on which the server %s; it returned the error %q", len(all), a.Attempts, all[len(all)-1].step, r.Err.Text)
	case len(all) > n:
		return fmt.Sprintf("the server answered attempt %d with 200 OK, yet it received %d requests", n, len(all))
	case r.Err != nil:
		return fmt.Sprintf("attempt %d got 200 OK and the whole body, yet Get returned the error %q", n, r.Err.Text)
	case !bytes.Equal(r.Data, body):
		return fmt.Sprintf("Get returned %d bytes that are not the %d-byte body of attempt %d:\n%s", len(r.Data), len(body), n, judge.ShowBytes(r.Data, body))
	}
	for i, s := range all {
		if s.method != "GET" {
			return fmt.Sprintf("attempt %d was a %s, want GET", i+1, s.method)
		}
	}
	return ""
}

// ---- the attempt's timeout ----

func trickleGap(a contract.Args) time.Duration { return a.AttemptTimeout / 4 }

func checkAttemptTimeout(t *judge.T) error {
	steps := []step{stallHead, stallBody, trickle}
	t.Rand.Shuffle(len(steps), func(i, j int) { steps[i], steps[j] = steps[j], steps[i] })
	steps = append(steps, answer)
	body := fixtures.Body(t.Rand, 60)
	// The answer comes under the same AttemptTimeout: long enough for a
	// child starved of the CPU a while on a loaded machine.
	a := contract.Args{Attempts: len(steps), AttemptTimeout: time.Duration(400+t.Rand.IntN(50)) * time.Millisecond,
		BaseBackoff: 10 * time.Millisecond, MaxBackoff: 20 * time.Millisecond, Seed: t.Rand.Uint64() >> 1}
	// Three slow attempts and the answer fit in Total with 600 ms to
	// spare, and not if any slow attempt lasts much longer than its
	// timeout: the bound both ways.
	a.Total = 3*a.AttemptTimeout + 600*time.Millisecond
	within := a.Total + grace
	path := "/" + harness.Word(t.Rand, 6)
	// once runs the plan against a fresh server, for the submission or
	// the reference, and says what went wrong ("" for nothing).
	once := func(reference bool) (r contract.Result, problem, detail string, err error) {
		f, err := startFlaky(t, plan{steps: steps, gap: trickleGap(a)}, body, within)
		if err != nil {
			return r, "", "", err
		}
		a := a
		a.URL = f.URL(path)
		call := fmt.Sprintf("Get(ctx, %q, %s)", a.URL, policyText(a))
		r, err = run(t, contract.Get, a, within, reference)
		if err != nil {
			if reference {
				return r, "", "", err
			}
			return r, "", "", harness.TimedOut(err, hangs(call, within, "no timeout at all: the first attempt that stalled held it, though both AttemptTimeout and Total had passed"), timeoutHint)
		}
		all := f.settle(t.Ctx, settleFor)
		detail = fmt.Sprintf("%s; the server's plan: %s, then it answered 200 OK.\n%s", call, planText(steps[:len(steps)-1]), timeline(all, len(steps)+1))
		return r, outcomeProblem(r, all, steps, body, a), detail, nil
	}
	r, problem, detail, err := once(false)
	if err != nil {
		return err
	}
	// A run cut by Total may be the machine's: three slow attempts, each
	// a little late on a loaded machine, add up. It counts when the
	// reference, beside it in this check, got through the same plan; when
	// the reference did not either, the submission runs once more.
	for try := 1; problem != "" && r.Elapsed >= a.Total && try <= 2; try++ {
		_, refProblem, _, err := once(true)
		if err != nil {
			return err
		}
		if refProblem == "" {
			break
		}
		if try == 2 {
			return nil // the machine cannot run this plan in time now: no verdict against the submission
		}
		if r, problem, detail, err = once(false); err != nil {
			return err
		}
	}
	if problem != "" {
		return judge.Fail("%s", problem).With(detail, whyTimeout, timeoutHint)
	}
	// Each slow attempt lasts its timeout at least, measured in the
	// child, around the call alone. (The waits are the backoff checks'.)
	least := time.Duration(len(steps)-1) * a.AttemptTimeout
	if r.Elapsed < least {
		return judge.Fail("Get returned after %s, but three attempts that each had to wait out AttemptTimeout (%v) take %v at least: it gave up on a slow attempt before its timeout", approx(r.Elapsed), a.AttemptTimeout, least).With(detail,
			fmt.Sprintf("the caller chose %v: a healthy server may take almost that long, and an attempt cut short fails a request that would have worked.", a.AttemptTimeout),
			"Use p.AttemptTimeout as it is, for the whole attempt.")
	}
	return nil
}

// ---- backoff and jitter ----

// backoffMargin is how long after its due time the attempt after the
// shortest wait may come in the backoff check: the client reads the 503,
// closes and dials again, on a machine that may be loaded. More only when
// the reference solution, run on the same plan in the same check, is late
// itself. A wait without jitter, or any fixed fraction of the backoff that
// is not early on the first wait, is later than this by 130 ms at least.
const backoffMargin = 250 * time.Millisecond

func checkBackoff(t *judge.T) error {
	steps := []step{unavailable, unavailable, unavailable, answer}
	body := fixtures.Body(t.Rand, 100+t.Rand.IntN(100))
	a := base("")
	a.Attempts, a.Total = len(steps), 4*time.Second
	a.BaseBackoff, a.MaxBackoff = 400*time.Millisecond, 800*time.Millisecond
	// The first wait is long, the second short, the third in between: no
	// fixed fraction of the backoff fits all three. Every wait has its
	// lower bound (safe under load); only the short second one has an
	// upper bound, far enough above it: a fraction that is not early on
	// the first wait (at least 0.6 of 400 ms) is 480 ms or more on the
	// second, whose due time is at most 96 ms.
	a.Seed = pickSeed(t, [2]float64{0.6, 0.9}, [2]float64{0.03, 0.12}, [2]float64{0.4, 0.6})
	u := draws(a.Seed, 3)
	path := "/" + harness.Word(t.Rand, 6)
	due := make([]time.Duration, 3)
	for i := range due {
		due[i] = waitFor(a, u, i+1, 0)
	}
	once := func(reference bool) (contract.Args, contract.Result, []seen, error) {
		f, err := startFlaky(t, plan{steps: steps}, body, 3*time.Second)
		if err != nil {
			return a, contract.Result{}, nil, err
		}
		a := a
		a.URL = f.URL(path)
		r, err := run(t, contract.Get, a, a.Total+grace, reference)
		if err != nil {
			return a, r, nil, err
		}
		return a, r, f.settle(t.Ctx, settleFor), nil
	}
	a, r, all, err := once(false)
	call := fmt.Sprintf("Get(ctx, %q, %s)", a.URL, policyText(a))
	if err != nil {
		return harness.TimedOut(err, hangs(call, a.Total+grace, "its total deadline had long passed"), backoffHint)
	}
	gaps := func(all []seen) []time.Duration {
		var g []time.Duration
		for i := 0; i+1 < len(all) && i < 3; i++ {
			g = append(g, all[i+1].accepted.Sub(all[i].failed))
		}
		return g
	}
	detail := func(all []seen) string {
		var d []string
		for i := range due {
			d = append(d, fmt.Sprintf("before attempt %d: %.3f × %v = %v", i+2, u[i], min(a.MaxBackoff, a.BaseBackoff<<i), due[i].Round(time.Microsecond)))
		}
		return fmt.Sprintf("%s; the server answered 503 three times, then 200 OK. The waits due, %s with the draws of the policy's Rand:\n  %s\n%s",
			call, backoffFmt, strings.Join(d, "\n  "), timeline(all, len(steps)+1))
	}
	if p := outcomeProblem(r, all, steps, body, a); p != "" {
		return judge.Fail("%s", p).With(detail(all), whyRetry, retryHint)
	}
	g := gaps(all)
	early := false
	var waits []string
	for i, gap := range g {
		early = early || gap < due[i]-rounding
		waits = append(waits, fmt.Sprintf("attempt %d came %s after the 503 of attempt %d; the wait due was %v", i+2, approx(gap), i+1, due[i].Round(time.Microsecond)))
	}
	if early {
		return judge.Fail("Get retried before its backoff was over; its waits, from each 503 to the next connection:\n  - %s", strings.Join(waits, "\n  - ")).With(detail(all), whyBackoff, backoffHint)
	}
	excess := func(g []time.Duration) []time.Duration {
		if len(g) < 2 {
			return nil
		}
		return []time.Duration{g[1] - due[1]}
	}
	runs, late, err := secondOpinion(excess(g), backoffMargin, func(reference bool) ([]time.Duration, error) {
		_, _, all, err := once(reference)
		if err != nil && !reference {
			return nil, nil // no second run to judge: the first one's lateness stands
		}
		return excess(gaps(all)), err
	})
	if err != nil || !late {
		return err
	}
	return judge.Fail("Get waited longer than its jittered backoff before attempt 3; its waits, from each 503 to the next connection:\n  - %s\nThe bound on the short second wait is %v past its due time, or past the reference solution's lateness in the same run (%s), whichever is later; late in two runs.", strings.Join(waits, "\n  - "), backoffMargin, runs).With(detail(all),
		whyBackoff+" A wait of the whole backoff every time (no jitter) brings every client back at the same moments.",
		backoffHint)
}

// secondOpinion judges lateness: got are how late each event of the
// submission's run was; margin is the bound. Over it, the reference
// solution runs the same exchange (run(true)) and the bound grows by its
// lateness; still over, the submission runs again with a fresh reference
// run: late only if late both times. runs says the reference's lateness.
func secondOpinion(got []time.Duration, margin time.Duration, run func(reference bool) ([]time.Duration, error)) (runs string, late bool, err error) {
	over := func(got, ref []time.Duration) bool {
		for i, g := range got {
			allowed := margin
			if i < len(ref) {
				allowed += max(0, ref[i])
			}
			if g > allowed {
				return true
			}
		}
		return false
	}
	var refs []string
	for n := 1; ; n++ {
		if !over(got, nil) {
			return "", false, nil
		}
		ref, err := run(true)
		if err != nil {
			return "", false, err
		}
		refs = append(refs, latenessText(ref))
		if !over(got, ref) {
			return "", false, nil
		}
		if n == 2 {
			return strings.Join(refs, ", then "), true, nil
		}
		if again, err := run(false); err != nil {
			return "", false, err
		} else if again != nil {
			got = again
		}
	}
}

func latenessText(d []time.Duration) string {
	var parts []string
	for _, x := range d {
		parts = append(parts, approx(max(0, x)))
	}
	return strings.Join(parts, " ")
}

// ---- Retry-After ----

func checkRetryAfter(t *judge.T) error {
	steps := []step{unavailable, answer}
	body := fixtures.Body(t.Rand, 100+t.Rand.IntN(100))
	p := plan{steps: steps, retryAfter: 1}
	f, err := startFlaky(t, p, body, 3*time.Second)
	if err != nil {
		return err
	}
	a := base(f.URL("/" + harness.Word(t.Rand, 6)))
	a.Total = 3 * time.Second
	a.BaseBackoff, a.MaxBackoff = 20*time.Millisecond, 40*time.Millisecond
	a.Seed = t.Rand.Uint64() >> 1
	call := fmt.Sprintf("Get(ctx, %q, %s)", a.URL, policyText(a))
	r, err := run(t, contract.Get, a, a.Total+grace, false)
	if err != nil {
		return harness.TimedOut(err, hangs(call, a.Total+grace, "its total deadline had long passed"), "Wait what Retry-After says, in a select with ctx.Done().")
	}
	all := f.settle(t.Ctx, settleFor)
	detail := fmt.Sprintf("%s; the server answered attempt 1 with 503 Service Unavailable and \"Retry-After: 1\", then 200 OK.\n%s", call, timeline(all, 4))
	if p := outcomeProblem(r, all, steps, body, a); p != "" {
		return judge.Fail("%s", p).With(detail, whyRetry, retryHint)
	}
	due := waitFor(a, draws(a.Seed, 1), 1, p.retryAfter)
	if gap := all[1].accepted.Sub(all[0].failed); gap < due-rounding {
		return judge.Fail("Get ignored Retry-After: attempt 2 came %s after the 503 that said \"Retry-After: 1\"; it had to wait %v", approx(gap), due).With(detail,
			"Retry-After is the server saying when it can take the request: coming back sooner only adds to its load, and gets another 503.",
			"Read resp.Header.Get(\"Retry-After\"): a number of seconds (strconv.Atoi) or an HTTP date (http.ParseTime); wait the longer of it and your backoff.")
	}
	return nil
}

// ---- bounded retries ----

func checkBounded(t *judge.T) error {
	f, err := startFlaky(t, plan{steps: []step{unavailable}}, nil, 3*time.Second)
	if err != nil {
		return err
	}
	a := base(f.URL("/" + harness.Word(t.Rand, 6)))
	a.Attempts, a.Total = 2+t.Rand.IntN(3), 1500*time.Millisecond
	a.Seed = t.Rand.Uint64() >> 1
	call := fmt.Sprintf("Get(ctx, %q, %s)", a.URL, policyText(a))
	r, err := run(t, contract.Get, a, a.Total+grace, false)
	if err != nil {
		return harness.TimedOut(err, hangs(call, a.Total+grace, "its total deadline had long passed"), "Count the attempts, and stop at p.Attempts.")
	}
	all := f.settle(t.Ctx, settleFor)
	detail := fmt.Sprintf("%s; the server answered every request with 503 Service Unavailable.\n%s", call, timeline(all, a.Attempts+1))
	switch {
	case len(all) > a.Attempts:
		// What it returned depends on where the total deadline caught it:
		// only the count is the verdict.
		return judge.Fail("Get made more attempts than the %d allowed: attempt %d came %s after the first, and Get returned only after %s", a.Attempts, a.Attempts+1, approx(all[a.Attempts].accepted.Sub(all[0].accepted)), approx(r.Elapsed)).With(detail,
			"retries without a bound turn a server's bad minute into a flood from every client, just when it can least take it; and the caller waits for ever.",
			"Stop after p.Attempts attempts in all (the first included) and return the last error.")
	case len(all) < a.Attempts:
		return judge.Fail("Get stopped after %d of the %d attempts allowed, although every answer was a 503, which is worth retrying; it returned %s", len(all), a.Attempts, returned(r)).With(detail, whyRetry, retryHint)
	case r.Err == nil:
		return judge.Fail("Get returned %d bytes and a nil error, but every answer was 503 Service Unavailable", len(r.Data)).With(detail,
			"a 503 is no answer: the caller must be told, with the status.", "Return a *StatusError with the status code when the status is not 2xx.")
	case r.Status != 503:
		return judge.Fail("Get returned the error %q after the last 503, but errors.As(err, &se) with se a *StatusError does not find Code 503 in it", r.Err.Text).With(detail,
			"the caller decides what to do by what the error is: a status is not a network failure. An error made up in its place, or wrapped with %v, hides it.",
			"Return &StatusError{Code: resp.StatusCode}, as it is or wrapped with %w.")
	}
	return checkNotFound(t)
}

// checkNotFound: a 404 is the server's final word, not a passing failure.
func checkNotFound(t *judge.T) error {
	f, err := startFlaky(t, plan{steps: []step{notFound}}, nil, 3*time.Second)
	if err != nil {
		return err
	}
	a := base(f.URL("/" + harness.Word(t.Rand, 6)))
	a.Seed = t.Rand.Uint64() >> 1
	call := fmt.Sprintf("Get(ctx, %q, %s)", a.URL, policyText(a))
	r, err := run(t, contract.Get, a, a.Total+grace, false)
	if err != nil {
		return harness.TimedOut(err, hangs(call, a.Total+grace, "its total deadline had long passed"), "Return a *StatusError at once for a status that is not 2xx, 429 or 5xx.")
	}
	all := f.settle(t.Ctx, settleFor)
	detail := fmt.Sprintf("%s; the server answered 404 Not Found.\n%s", call, timeline(all, a.Attempts+1))
	switch {
	case len(all) > 1:
		return judge.Fail("Get retried a 404 Not Found: the server received %d requests", len(all)).With(detail,
			"a 404 (like any 4xx but 429) says the request itself is wrong: the same request will get the same answer, so a retry only wastes the server's time and the caller's.",
			"Retry only on 429, 5xx and errors of the request or the body; return a *StatusError at once for any other status.")
	case r.Err == nil:
		return judge.Fail("Get returned %d bytes and a nil error for a 404 Not Found", len(r.Data)).With(detail,
			"a 404 is no answer: the caller must be told, with the status.", "Return a *StatusError with the status code when the status is not 2xx.")
	case r.Status != 404:
		return judge.Fail("Get returned the error %q for the 404, but errors.As(err, &se) with se a *StatusError does not find Code 404 in it", r.Err.Text).With(detail,
			"the caller decides what to do by what the error is: a status is not a network failure.",
			"Return &StatusError{Code: resp.StatusCode}, as it is or wrapped with %w.")
	}
	return nil
}

// ---- the total deadline ----

func checkTotal(t *judge.T) error {
	a := contract.Args{Attempts: 12, AttemptTimeout: 100 * time.Millisecond, Total: time.Duration(250+t.Rand.IntN(100)) * time.Millisecond,
		BaseBackoff: 10 * time.Millisecond, MaxBackoff: 20 * time.Millisecond, Seed: t.Rand.Uint64() >> 1}
	within := time.Duration(a.Attempts)*(a.AttemptTimeout+a.MaxBackoff) + grace
	path := "/" + harness.Word(t.Rand, 6)
	// 12 attempts of 100 ms are 1.2 s, twice the bound at least.
	margin := max(a.Total, 300*time.Millisecond)
	once := func(reference bool) (contract.Args, contract.Result, []seen, error) {
		f, err := startFlaky(t, plan{steps: []step{stallHead}}, nil, within)
		if err != nil {
			return a, contract.Result{}, nil, err
		}
		a := a
		a.URL = f.URL(path)
		r, err := run(t, contract.Get, a, within, reference)
		if err != nil {
			return a, r, nil, err
		}
		return a, r, f.settle(t.Ctx, settleFor), nil
	}
	a, r, all, err := once(false)
	call := fmt.Sprintf("Get(ctx, %q, %s)", a.URL, policyText(a))
	if err != nil {
		return harness.TimedOut(err, hangs(call, within, "every attempt stalled, and it never stopped"), "Bound the whole call with context.WithTimeout(ctx, p.Total), and derive each attempt's context from that one.")
	}
	detail := fmt.Sprintf("%s; the server stalled on every request, before the status line.\n%s", call, timeline(all, 3))
	whyTotal := fmt.Sprintf("the caller's Total (%v) is a promise: an answer or an error by then, whatever the server does. Timeouts per attempt alone add up: %d attempts of %v are %v.", a.Total, a.Attempts, a.AttemptTimeout, time.Duration(a.Attempts)*a.AttemptTimeout)
	totalHint := "Make one context.WithTimeout(ctx, p.Total) for the whole call; derive each attempt's context from it (so an attempt ends at whichever deadline comes first), and wait the backoff in a select on it too."
	switch {
	case r.Err == nil:
		return judge.Fail("Get returned %d bytes and a nil error, but the server never answered", len(r.Data)).With(detail, whyTimeout, timeoutHint)
	case !r.Err.Timeout:
		return judge.Fail("Get returned the error %q at its deadline, which does not say timeout: neither errors.Is(err, context.DeadlineExceeded) nor a net.Error's Timeout()", r.Err.Text).With(detail,
			"the caller tells a timeout from other failures by the error's identity; one made up in its place, or wrapped with %v, hides it.",
			"Return the error the request (or ctx.Err()) gave you, as it is or wrapped with %w.")
	case r.Elapsed < a.Total:
		return judge.Fail("Get returned its timeout after %s, before its total deadline of %v, with attempts left (%d allowed; the server received %d so far)", approx(r.Elapsed), a.Total, a.Attempts, min(len(all), 3)).With(detail,
			"the caller gave the call that long: an attempt that might have worked was never made.",
			totalHint)
	}
	runs, late, err := secondOpinion([]time.Duration{r.Elapsed - a.Total}, margin, func(reference bool) ([]time.Duration, error) {
		_, r, _, err := once(reference)
		if err != nil && !reference {
			return nil, nil
		}
		return []time.Duration{r.Elapsed - a.Total}, err
	})
	if err != nil || !late {
		return err
	}
	return judge.Fail("Get returned its timeout %s after it started, long after its total deadline of %v: the bound is %v past it, or past the reference solution's own lateness in the same run (%s); late in two runs", approx(r.Elapsed), a.Total, margin, runs).With(detail, whyTotal, totalHint)
}

// ---- POST ----

func checkPost(t *judge.T) error {
	var probs []string
	var details []string
	for _, first := range []step{answer, unavailable, resetBody, stallHead} {
		steps := []step{first, answer}
		reply := fixtures.Body(t.Rand, 50+t.Rand.IntN(100))
		f, err := startFlaky(t, plan{steps: steps}, reply, 3*time.Second)
		if err != nil {
			return err
		}
		a := base(f.URL("/" + harness.Word(t.Rand, 6)))
		a.Seed = t.Rand.Uint64() >> 1
		if first == stallHead {
			// Only the stall needs the attempt to time out; the others
			// keep a second, however loaded the machine.
			a.AttemptTimeout = 300 * time.Millisecond
		}
		a.ContentType = "application/json"
		a.Body = fmt.Appendf(nil, `{"order":%q,"qty":%d}`, harness.Word(t.Rand, 8), 1+t.Rand.IntN(9))
		call := fmt.Sprintf("Post(ctx, %q, %q, %s, %s)", a.URL, a.ContentType, judge.Quote(a.Body), policyText(a))
		r, err := run(t, contract.Post, a, a.Total+grace, false)
		if err != nil {
			return harness.TimedOut(err, hangs(call, a.Total+grace, "its total deadline had long passed"), "Bound Post like Get: a timeout per attempt and one for the whole call.")
		}
		all := f.settle(t.Ctx, settleFor)
		var ps []string
		switch {
		case len(all) == 0:
			ps = append(ps, fmt.Sprintf("Post returned %s, but the server never received a request", returned(r)))
		case len(all) > 1:
			ps = append(ps, fmt.Sprintf("the server received the POST %d times: the server %s once the whole body had arrived (attempt 1), and Post sent it again", len(all), first))
		}
		if len(all) > 0 {
			if s := all[0]; s.method != "POST" || !bytes.Equal(s.body, a.Body) || s.ctype != a.ContentType {
				ps = append(ps, fmt.Sprintf("the server received %s with Content-Type %q and the body %s; want POST, %q and %s", s.method, s.ctype, judge.Quote(s.body), a.ContentType, judge.Quote(a.Body)))
			}
		}
		switch {
		case first == answer && r.Err != nil:
			ps = append(ps, fmt.Sprintf("Post returned the error %q for a 200 OK", r.Err.Text))
		case first == answer && !bytes.Equal(r.Data, reply):
			ps = append(ps, fmt.Sprintf("Post returned %d bytes that are not the %d-byte body of the 200 OK:\n%s", len(r.Data), len(reply), judge.ShowBytes(r.Data, reply)))
		case first != answer && len(all) == 1 && r.Err == nil:
			ps = append(ps, fmt.Sprintf("Post returned %d bytes and a nil error, but the server %s", len(r.Data), first))
		case first == unavailable && len(all) == 1 && r.Status != 503:
			ps = append(ps, fmt.Sprintf("Post returned the error %q for the 503, but errors.As does not find a *StatusError with Code 503 in it", r.Err.Text))
		}
		if len(ps) > 0 {
			probs = append(probs, ps...)
			details = append(details, fmt.Sprintf("%s; the server's plan: attempt 1 %s, then it answered 200 OK.\n%s", call, first, timeline(all, 3)))
		}
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%s", strings.Join(probs, "\n")).With(strings.Join(details, "\n"),
		"a POST asks the server to act (place an order, send money): once its body has arrived, the server may have acted on it even if the answer is a 503, a reset or nothing. Sending it again may do it twice.",
		"Retry a POST only when nothing of it was sent (the connection could not be made); once it was written, return the attempt's error. httptrace.ClientTrace's WroteHeaders tells you when it was.")
}

// ---- cancellation ----

// cancelLate is how long after the cancel a call may return: more only
// when the reference solution, cancelled the same way in the same check,
// takes longer itself.
const cancelLate = 300 * time.Millisecond

func checkCancel(t *judge.T) error {
	type phase struct {
		when  string
		about string
		steps []step
		args  func(a *contract.Args)
		// ready waits for the moment to cancel, or until ctx ends (the
		// check's, or the stub's return).
		ready func(ctx context.Context, f *flaky, a contract.Args) bool
	}
	phases := []phase{
		{when: "during an attempt", about: "the server stalled before the status line; the context was cancelled once it had the request, during the first attempt",
			steps: []step{stallHead},
			args:  func(a *contract.Args) { a.AttemptTimeout, a.Total = 1500*time.Millisecond, 2*time.Second },
			ready: func(ctx context.Context, f *flaky, _ contract.Args) bool { return f.waitCount(ctx, 1, 2*time.Second) }},
		{when: "during the backoff", about: "the server answered 503 and closed; the context was cancelled halfway through the wait due after it, during the backoff",
			steps: []step{unavailable, answer},
			args: func(a *contract.Args) {
				a.Attempts, a.AttemptTimeout, a.Total, a.BaseBackoff, a.MaxBackoff = 2, time.Second, 3*time.Second, 2*time.Second, 2*time.Second
				a.Seed = pickSeed(t, [2]float64{0.6, 0.95})
			},
			ready: func(ctx context.Context, f *flaky, a contract.Args) bool {
				// Halfway through the wait due, counted from the 503: by
				// then the client has read it and is waiting.
				if !f.waitCount(ctx, 1, 2*time.Second) {
					return false
				}
				all := f.settle(ctx, 2*time.Second)
				if len(all) == 0 || all[0].failed.IsZero() {
					return false
				}
				select {
				case <-time.After(time.Until(all[0].failed.Add(waitFor(a, draws(a.Seed, 1), 1, 0) / 2))):
				case <-ctx.Done():
				}
				return true
			}},
	}
	var probs, details []string
	for _, ph := range phases {
		path := "/" + harness.Word(t.Rand, 6)
		seed := t.Rand.Uint64() >> 1
		once := func(reference bool) (contract.Args, contract.Result, []seen, error) {
			f, err := startFlaky(t, plan{steps: ph.steps}, fixtures.Body(t.Rand, 80), 3*time.Second)
			if err != nil {
				return contract.Args{}, contract.Result{}, nil, err
			}
			a := base(f.URL(path))
			a.Seed, a.WaitCancel = seed, true
			ph.args(&a)
			start := harness.Start[contract.Args, contract.Result]
			if reference {
				start = harness.StartReference[contract.Args, contract.Result]
			}
			c, err := start(t, contract.Get, a)
			if err != nil {
				return a, contract.Result{}, nil, err
			}
			if reference {
				defer c.Stop()
			}
			ph.ready(harness.UntilStub(t, c), f, a)
			n := f.count()
			if err := harness.Send(c, contract.Cancel, wire.None{}); err != nil {
				return a, contract.Result{}, nil, err
			}
			r, err := harness.Result(c, contract.Get, contract.CancelWithin+time.Second)
			if err != nil {
				return a, r, nil, err
			}
			all := f.settle(t.Ctx, settleFor)
			return a, r, all[:min(len(all), max(n, 1)+1)], nil
		}
		a, r, all, err := once(false)
		call := fmt.Sprintf("Get(ctx, %q, %s)", a.URL, policyText(a))
		if err != nil {
			return harness.TimedOut(err, hangs(call, contract.CancelWithin+time.Second, "the context was cancelled and it did not return"), "Pass ctx to every request (http.NewRequestWithContext) and wait the backoff in a select with ctx.Done().")
		}
		var ps []string
		n := 1
		switch {
		case r.Early:
			ps = append(ps, fmt.Sprintf("Get returned %s before the context was cancelled, after %s", returned(r), approx(r.Elapsed)))
		case r.Hung:
			ps = append(ps, fmt.Sprintf("Get had not returned %v after the context was cancelled", contract.CancelWithin))
		default:
			if len(all) > n {
				ps = append(ps, fmt.Sprintf("Get made attempt %d after the context was cancelled", n+1))
			}
			if !r.Canceled {
				ps = append(ps, fmt.Sprintf("Get returned %s after the cancel, but errors.Is(err, context.Canceled) is false", returned(r)))
			}
			if r.AfterCancel > cancelLate && len(ps) == 0 { // late matters only when nothing worse happened
				runs, late, err := secondOpinion([]time.Duration{r.AfterCancel}, cancelLate, func(reference bool) ([]time.Duration, error) {
					_, r, _, err := once(reference)
					if err != nil && !reference {
						return nil, nil
					}
					return []time.Duration{r.AfterCancel}, err
				})
				if err != nil {
					return err
				}
				if late {
					ps = append(ps, fmt.Sprintf("Get returned %s after the context was cancelled; the bound is %v, or the reference solution's own time in the same run (%s); late in two runs", approx(r.AfterCancel), cancelLate, runs))
				}
			}
		}
		if len(ps) > 0 {
			for _, p := range ps {
				probs = append(probs, "cancelled "+ph.when+": "+p)
			}
			details = append(details, fmt.Sprintf("%s: %s.\n%s", call, ph.about, timeline(all, 3)))
		}
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%s", strings.Join(probs, "\n")).With(strings.Join(details, "\n"),
		"cancelling a context is the caller saying \"stop now\": the user left, the request it serves was abandoned. A client that carries on holds a connection and a goroutine for nothing, and may still retry.",
		"Pass ctx to every request (http.NewRequestWithContext, derived contexts for the attempts) and wait the backoff in a select on a timer and ctx.Done(), never time.Sleep; then return an error that wraps ctx.Err().")
}
