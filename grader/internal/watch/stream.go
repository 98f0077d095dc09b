package watch

import (
	"cmp"
	"context"
	"slices"
	"time"

	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/result"
)

// slowStep is the resolution at which checks are ordered by duration.
const slowStep = 100 * time.Millisecond

// gradeLive grades ex with the judge, calling each with every check's
// verdict as soon as the judge reports it (and whether the check met the
// stub), and returns the exercise's result as judge.Builder.Grade gives
// it, checks in the registry's order. Checks run quickest first, by the
// durations they took last time (took, by tenths of a second), so that a
// check that waits out a timeout does not hold back the others' verdicts;
// each check's faults come from the run's seed and its name, whatever
// the order, and the exercise's status does not depend on it.
func gradeLive(ctx context.Context, b *judge.Builder, ex *judge.Exercise, opt judge.Options, took map[string]time.Duration, each func(c result.Check, notStarted bool)) (result.Exercise, error) {
	quick := *ex
	quick.Checks = runOrder(ex.Checks, took)
	opt.Events = func(e judge.Event) {
		if e.Kind == judge.CheckDone {
			each(e.Check, e.NotStarted)
		}
	}
	run, err := b.Grade(ctx, []*judge.Exercise{&quick}, opt)
	res := run.Exercises[0]
	// Back in the registry's order, as every report shows them.
	rank := map[string]int{}
	for i, c := range ex.Checks {
		rank[c.Name] = i
	}
	slices.SortFunc(res.Checks, func(a, b result.Check) int { return cmp.Compare(rank[a.Name], rank[b.Name]) })
	return res, err
}

// runOrder orders checks quickest first by the durations they took, in
// tenths of a second: checks quicker than that keep the registry's order
// rather than the noise of their timings.
func runOrder(checks []judge.Check, took map[string]time.Duration) []judge.Check {
	order := slices.Clone(checks)
	slices.SortStableFunc(order, func(a, b judge.Check) int {
		return cmp.Compare(took[a.Name]/slowStep, took[b.Name]/slowStep)
	})
	return order
}
