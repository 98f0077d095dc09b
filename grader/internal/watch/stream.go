package watch

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/result"
)

// slowStep is the resolution at which checks are ordered by duration.
const slowStep = 100 * time.Millisecond

// gradeStream grades ex one check at a time, calling each with every
// check's result as soon as it is known, and returns the exercise's result
// as judge.Builder.Grade would: checks in the registry's order, summed up
// the judge's way. Checks run quickest first, by the durations they took
// last time (took, by tenths of a second), so that a check that waits out a timeout does not hold
// back the others' verdicts; each check's faults come from the run's seed
// and its name, whatever the order.
//
// The judge grades a whole exercise at once, so each check is graded as an
// exercise of one check; the built child is cached by its sources, so only
// the first builds.
func gradeStream(ctx context.Context, b *judge.Builder, ex *judge.Exercise, opt judge.Options, took map[string]time.Duration, each func(result.Check)) (result.Exercise, error) {
	res := result.Exercise{ID: ex.ID, Title: ex.Title, Dir: ex.Dir, MaxScore: ex.MaxScore(), Checks: []result.Check{}}
	order := runOrder(ex.Checks, took)
	var errs []error
	notStarted := 0
	for _, c := range order {
		one := *ex
		one.Checks = []judge.Check{c}
		run, err := b.Grade(ctx, []*judge.Exercise{&one}, opt)
		if run == nil {
			return res, err
		}
		if err != nil {
			errs = append(errs, err)
		}
		r := run.Exercises[0]
		if len(r.Checks) == 0 {
			// It never got to the check: no folder, no Go files, a
			// build error, or out of time. That is the whole result.
			r.MaxScore = ex.MaxScore()
			return r, errors.Join(errs...)
		}
		rc := r.Checks[0]
		if r.Status == result.NotStarted {
			notStarted++
			res.Message = r.Message
		}
		if rc.Status == result.Skipped {
			res.MaxScore -= c.Points
		}
		res.Score += rc.Score
		res.Checks = append(res.Checks, rc)
		each(rc)
	}
	// Back in the registry's order, as every report shows them.
	rank := map[string]int{}
	for i, c := range ex.Checks {
		rank[c.Name] = i
	}
	slices.SortFunc(res.Checks, func(a, b result.Check) int { return cmp.Compare(rank[a.Name], rank[b.Name]) })
	res.Status = exerciseStatus(res.Checks, notStarted)
	if res.Status != result.NotStarted {
		res.Message = ""
	}
	return res, errors.Join(errs...)
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

// exerciseStatus sums up the checks as the judge does: not started when
// every graded check met the stub, passed when all passed, else the worst
// thing that happened. TestStreamMatchesJudge keeps the two in step.
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
		return result.Skipped
	case graded > 0 && notStarted == graded:
		return result.NotStarted
	case passed == graded:
		return result.Passed
	}
	return worst
}
