package watch

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"netcourse/grader/course"
	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/result"
)

const root = "../../.."

// TestLiveMatchesJudge: grading quickest first, with each verdict
// reported as it is known, sums up exactly as the judge's own grading in
// the registry's order, for every kind of outcome.
func TestLiveMatchesJudge(t *testing.T) {
	abs, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	b := &judge.Builder{Root: abs, Cache: t.TempDir()}
	ex := course.Lookup("1.1")
	for _, impl := range []string{
		"solutions", // passed
		"exercises", // not started
		"grader/course/1.1-tcpclient/testdata/bad/1.1-one-read",      // failed
		"grader/course/1.1-tcpclient/testdata/bad/1.1-log-fatal",     // crashed
		"grader/course/1.1-tcpclient/testdata/bad/1.1-compile-error", // build error
	} {
		t.Run(impl, func(t *testing.T) {
			opt := judge.Options{Impl: filepath.Join(abs, impl), Ref: filepath.Join(abs, "solutions"), Seed: 7}
			run, err := b.Grade(context.Background(), []*judge.Exercise{ex}, opt)
			if err != nil {
				t.Fatal(err)
			}
			want := run.Exercises[0]
			// Reversed, as if the last checks had been the quickest.
			took := map[string]time.Duration{}
			for i, c := range ex.Checks {
				took[c.Name] = time.Duration(len(ex.Checks)-i) * slowStep
			}
			var order []string
			stubs := 0
			got, err := gradeLive(context.Background(), b, ex, opt, took, func(c result.Check, notStarted bool) {
				order = append(order, c.Name)
				if notStarted {
					stubs++
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if (stubs == len(want.Checks) && stubs > 0) != (want.Status == result.NotStarted) {
				t.Errorf("%d of %d checks reported as meeting the stub, the exercise is %s", stubs, len(want.Checks), want.Status)
			}
			if got.Status != want.Status || got.Score != want.Score || got.MaxScore != want.MaxScore || got.Message != want.Message {
				t.Errorf("streamed: %s %d/%d %q\njudge:    %s %d/%d %q", got.Status, got.Score, got.MaxScore, got.Message, want.Status, want.Score, want.MaxScore, want.Message)
			}
			if len(got.Checks) != len(want.Checks) {
				t.Fatalf("streamed %d checks, judge %d", len(got.Checks), len(want.Checks))
			}
			for i := range got.Checks {
				g, w := got.Checks[i], want.Checks[i]
				if g.Name != w.Name || g.Status != w.Status || g.Score != w.Score {
					t.Errorf("check %d: streamed %q %s %d, judge %q %s %d", i, g.Name, g.Status, g.Score, w.Name, w.Status, w.Score)
				}
			}
			if len(want.Checks) > 0 {
				var rev []string
				for _, c := range slices.Backward(ex.Checks) {
					rev = append(rev, c.Name)
				}
				if !slices.Equal(order, rev) {
					t.Errorf("ran in the order %q, want the quickest first: %q", order, rev)
				}
			}
		})
	}
}

func TestRunOrderPutsSlowChecksLast(t *testing.T) {
	cs := []judge.Check{{Name: "a"}, {Name: "timeout"}, {Name: "b"}, {Name: "budget"}, {Name: "c"}}
	took := map[string]time.Duration{
		"a": 3 * time.Millisecond, "b": time.Millisecond, // noise: keep the registry's order
		"timeout": 400 * time.Millisecond, "budget": 1500 * time.Millisecond,
		// "c" was never timed: quick until known
	}
	var got []string
	for _, c := range runOrder(cs, took) {
		got = append(got, c.Name)
	}
	if want := []string{"a", "b", "c", "timeout", "budget"}; !slices.Equal(got, want) {
		t.Errorf("order %q, want %q", got, want)
	}
}
