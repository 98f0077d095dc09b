// Package robust is exercise 2.4 on the grader's side: its checks, hints,
// try peer and known-bad scenarios (testdata/bad); contract/ is what its
// judge and child say to each other, driver/ is the child's main.
package robust

import "netcourse/grader/internal/judge"

// Exercise is 2.4 in the course list (grader/course).
var Exercise = &judge.Exercise{
	ID: "2.4", Title: "A robust client", Dir: "2.4-robust", Package: "robust",
	Checks: checks, Hint: hint, Try: try, Promises: promises,
}
