package report

import (
	"slices"

	"netcourse/grader/internal/result"
	"netcourse/grader/internal/textsafe"
)

// escaped is a copy of run whose every text is safe to show: messages
// quote what the submission returned, build errors quote its file names
// and string literals, output is its own, and the impl path may be a
// folder it named. Every format writes this copy, so no field is
// forgotten; the grader's own texts hold no control characters and come
// through unchanged, as does output the judge has already escaped.
func escaped(run *result.Run) *result.Run {
	e := textsafe.Escape
	out := *run
	out.Impl = e(run.Impl)
	if run.Sandbox != nil {
		sb := *run.Sandbox
		sb.Network = e(sb.Network)
		sb.Notes = slices.Clone(sb.Notes)
		for i, n := range sb.Notes {
			sb.Notes[i] = e(n)
		}
		out.Sandbox = &sb
	}
	out.Exercises = slices.Clone(run.Exercises)
	for i := range out.Exercises {
		x := &out.Exercises[i]
		x.ID, x.Title, x.Dir, x.Status, x.Message = e(x.ID), e(x.Title), e(x.Dir), e(x.Status), e(x.Message)
		x.Checks = slices.Clone(x.Checks)
		for j := range x.Checks {
			c := &x.Checks[j]
			c.Name, c.Status, c.Message, c.Hint, c.Output = e(c.Name), e(c.Status), e(c.Message), e(c.Hint), e(c.Output)
			c.Visibility = e(c.Visibility)
		}
	}
	return &out
}
