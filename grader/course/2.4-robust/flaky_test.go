package robust

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"netcourse/grader/course/2.4-robust/contract"
	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// TestFlakyAgainstNetHTTP: Go's own client sees each step of the flaky
// server as the fault it is, and the server records what it saw.
func TestFlakyAgainstNetHTTP(t *testing.T) {
	body := []byte(strings.Repeat("0123456789", 6))
	const timeout = 300 * time.Millisecond
	isTimeout := func(err error) bool {
		var ne net.Error
		return errors.As(err, &ne) && ne.Timeout()
	}
	for _, tc := range []struct {
		step   step
		status int   // 0: Do fails
		read   error // what reading the body gives; nil for the whole body
		check  func(err error) bool
	}{
		{step: answer, status: 200},
		{step: unavailable, status: 503},
		{step: notFound, status: 404},
		{step: stallHead, check: isTimeout},
		{step: stallBody, status: 200, check: isTimeout},
		{step: trickle, status: 200, check: isTimeout},
		{step: resetBody, status: 200, check: func(err error) bool { return errors.Is(err, syscall.ECONNRESET) }},
		{step: shortBody, status: 200, check: func(err error) bool { return errors.Is(err, io.ErrUnexpectedEOF) }},
	} {
		t.Run(tc.step.String(), func(t *testing.T) {
			f, err := newFlaky(plan{steps: []step{tc.step}, retryAfter: 1, gap: timeout / 4}, body, 2*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer f.srv.Close()
			start := time.Now() // before the context's clock starts: a timeout ends no earlier than timeout after it
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, "POST", f.URL("/x?y=1"), strings.NewReader("the body"))
			req.Header.Set("Content-Type", "text/plain")
			resp, err := http.DefaultClient.Do(req)
			var got []byte
			if err == nil {
				if resp.StatusCode != tc.status {
					t.Errorf("status %d, want %d", resp.StatusCode, tc.status)
				}
				if tc.step == unavailable && resp.Header.Get("Retry-After") != "1" {
					t.Errorf("Retry-After %q, want \"1\"", resp.Header.Get("Retry-After"))
				}
				got, err = io.ReadAll(resp.Body)
				resp.Body.Close()
			} else if tc.status != 0 {
				t.Fatalf("Do: %v, want status %d", err, tc.status)
			}
			switch {
			case tc.check == nil && err != nil:
				t.Errorf("error %v, want none", err)
			case tc.check == nil && tc.step == answer && !bytes.Equal(got, body):
				t.Errorf("body %q, want %q", got, body)
			case tc.check != nil && !tc.check(err):
				t.Errorf("error %v, not the fault's", err)
			}
			if tc.step.timed() && time.Since(start) < timeout {
				t.Errorf("ended after %v, before the timeout", time.Since(start))
			}
			all := f.settle(context.Background(), time.Second)
			if len(all) != 1 {
				t.Fatalf("server saw %d requests, want 1", len(all))
			}
			s := all[0]
			if s.method != "POST" || s.target != "/x?y=1" || string(s.body) != "the body" || s.ctype != "text/plain" || s.step != tc.step {
				t.Errorf("server saw %+v", s)
			}
			if wantFailed := !tc.step.timed() && tc.step != answer; wantFailed == s.failed.IsZero() {
				t.Errorf("failed time %v for step %v", s.failed, tc.step)
			}
			if tc.step.timed() && s.closed.IsZero() {
				t.Errorf("the client's close was not seen")
			}
			if !s.failed.IsZero() && s.failed.Before(s.accepted) {
				t.Errorf("failed before accepted")
			}
		})
	}
}

// TestSecondOpinion: late only when over the bound in two runs, each
// against the reference's lateness.
func TestSecondOpinion(t *testing.T) {
	ms := time.Millisecond
	for _, tc := range []struct {
		name      string
		got, runs []time.Duration // runs: ref, student, ref
		late      bool
		calls     int
	}{
		{"in time", []time.Duration{50 * ms}, nil, false, 0},
		{"late, reference fast twice", []time.Duration{500 * ms}, []time.Duration{10 * ms, 400 * ms, 10 * ms}, true, 3},
		{"late, reference as late", []time.Duration{500 * ms}, []time.Duration{450 * ms}, false, 1},
		{"late once, then in time", []time.Duration{500 * ms}, []time.Duration{10 * ms, 50 * ms}, false, 2},
	} {
		calls := 0
		_, late, err := secondOpinion(tc.got, 100*ms, func(reference bool) ([]time.Duration, error) {
			d := tc.runs[calls]
			calls++
			return []time.Duration{d}, nil
		})
		if err != nil || late != tc.late || calls != tc.calls {
			t.Errorf("%s: late %v after %d runs (err %v), want %v after %d", tc.name, late, calls, err, tc.late, tc.calls)
		}
	}
}

// TestWaitFor: the README's formula, with its cap and Retry-After.
func TestWaitFor(t *testing.T) {
	a := base("")
	a.BaseBackoff, a.MaxBackoff = 100*time.Millisecond, 300*time.Millisecond
	u := []float64{0.5, 0.5, 0.5, 0.5}
	for _, tc := range []struct {
		n, ra int
		want  time.Duration
	}{
		{1, 0, 50 * time.Millisecond}, {2, 0, 100 * time.Millisecond}, {3, 0, 150 * time.Millisecond}, {4, 0, 150 * time.Millisecond}, {1, 1, time.Second},
	} {
		if got := waitFor(a, u, tc.n, tc.ra); got != tc.want {
			t.Errorf("waitFor(n=%d, Retry-After %d) = %v, want %v", tc.n, tc.ra, got, tc.want)
		}
	}
}

// TestOutcomeProblem: each way a GET can end against a plan that answers
// last is told apart, and the right end passes.
func TestOutcomeProblem(t *testing.T) {
	steps := []step{unavailable, stallHead, answer}
	body := []byte("the body")
	a := base("")
	a.Attempts, a.AttemptTimeout, a.Total = 3, 100*time.Millisecond, time.Second
	seenOf := func(n int) []seen {
		var all []seen
		for i := range n {
			all = append(all, seen{step: steps[min(i, len(steps)-1)], method: "GET"})
		}
		return all
	}
	ok := contract.Result{Return: wire.Return{Data: body}}
	failed := func(elapsed time.Duration) contract.Result {
		return contract.Result{Return: wire.Return{Err: &wire.Err{Text: "boom"}, Elapsed: elapsed}}
	}
	for _, tc := range []struct {
		name string
		r    contract.Result
		n    int
		want string // a part of the problem; "" for none
	}{
		{"right", ok, 3, ""},
		{"no request", failed(0), 0, "never received a request"},
		{"gave up", failed(200 * time.Millisecond), 1, "gave up after attempt 1"},
		{"held to the total", failed(time.Second), 2, "until the total deadline"},
		{"success without an answer", contract.Result{Return: wire.Return{Data: []byte("x")}}, 1, "that was no answer"},
		{"too many", ok, 4, "received 4 requests"},
		{"error after the answer", failed(0), 3, "yet Get returned the error"},
		{"wrong body", contract.Result{Return: wire.Return{Data: []byte("other")}}, 3, "not the 8-byte body"},
	} {
		got := outcomeProblem(tc.r, seenOf(tc.n), steps, body, a)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: problem %q, want one with %q", tc.name, got, tc.want)
		}
	}
}

// TestPickSeedRanges: the draws of the seed chosen fall in the ranges.
func TestPickSeedRanges(t *testing.T) {
	jt := &judge.T{Rand: rand.New(rand.NewPCG(7, 7))}
	ranges := [][2]float64{{0.6, 0.9}, {0.03, 0.12}, {0.4, 0.6}}
	u := draws(pickSeed(jt, ranges...), 3)
	for i, r := range ranges {
		if u[i] < r[0] || u[i] >= r[1] {
			t.Errorf("draw %d is %v, not in %v", i, u[i], r)
		}
	}
}
