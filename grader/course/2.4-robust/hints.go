package robust

import "netcourse/grader/internal/judge"

// hint is what `grader hint 2.4` shows, in layers: the concept, then a
// nudge, then the nudge of each failing check. Hints point and ask; they
// hand over no code to paste.
var hint = judge.Hint{
	Concept: "TODO(grader new): the idea the exercise is about, in network terms: what happens on the wire, and why that makes the task harder than it looks.",
	Nudge:   "TODO(grader new): a question that leads to the usual mistake, such as what makes the student's loop stop.",
	Checks: map[string]string{
		"returns what the server sent": "TODO(grader new): one nudge per check, keyed by the check's name.",
	},
}
