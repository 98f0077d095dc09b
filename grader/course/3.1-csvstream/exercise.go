// Package csvstream is exercise 3.1 on the grader's side: its checks, hints,
// try peer and known-bad scenarios (testdata/bad); contract/ is what its
// judge and child say to each other, driver/ is the child's main.
package csvstream

import "netcourse/grader/internal/judge"

// Exercise is 3.1 in the course list (grader/course).
var Exercise = &judge.Exercise{
	ID: "3.1", Title: "CSV from a stream", Dir: "3.1-csvstream", Package: "csvstream",
	Checks: checks, Hint: hint, Try: try, Promises: promises,
}
