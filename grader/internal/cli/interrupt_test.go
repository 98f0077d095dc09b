package cli

import (
	"context"
	"path/filepath"
	"testing"

	"netcourse/grader/course"
	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/result"
)

// TestInterruptIsNoFailure: a run stopped (Ctrl-C) while checks are
// running blames nobody. The correct solution's checks are passed or
// interrupted, never timeout or failed, and the grader reports no error
// of its own; a stub still says not started.
func TestInterruptIsNoFailure(t *testing.T) {
	root, err := findRoot()
	if err != nil {
		t.Fatal(err)
	}
	ex := course.Lookup("1.3")
	for _, tc := range []struct {
		impl string
		want string
	}{
		{"solutions", result.Interrupted},
		{"exercises", result.NotStarted},
	} {
		t.Run(tc.impl, func(t *testing.T) {
			ctx, cancel := context.WithCancelCause(context.Background())
			defer cancel(nil)
			b := &judge.Builder{Root: root, Cache: cacheDir()}
			opt := judge.Options{
				Impl: filepath.Join(root, tc.impl), Ref: filepath.Join(root, "solutions"), Seed: 1, Jobs: 1,
				// Stopped as soon as the first verdict is known: the
				// checks after it are running or not yet started.
				Events: func(e judge.Event) {
					if e.Kind == judge.CheckDone {
						cancel(judge.ErrInterrupted)
					}
				},
			}
			run, err := b.Grade(ctx, []*judge.Exercise{ex}, opt)
			if err != nil {
				t.Errorf("Grade: %v, want no grader error", err)
			}
			e := run.Exercises[0]
			if e.Status != tc.want {
				t.Errorf("exercise status %s, want %s (%s)", e.Status, tc.want, e.Message)
			}
			interrupted := 0
			for _, c := range e.Checks {
				switch {
				case c.Status == result.Interrupted:
					interrupted++
				case tc.impl == "solutions" && c.Status != result.Passed:
					t.Errorf("%q: %s: %s", c.Name, c.Status, c.Message)
				}
			}
			if tc.impl == "solutions" && interrupted == 0 {
				t.Errorf("no check interrupted, though the run was stopped at the first of %d verdicts", len(e.Checks))
			}
		})
	}
}
