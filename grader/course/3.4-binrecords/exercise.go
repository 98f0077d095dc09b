// Package binrecords is exercise 3.4 on the grader's side: its checks, hints,
// try peer and known-bad scenarios (testdata/bad); contract/ is what its
// judge and child say to each other, driver/ is the child's main.
package binrecords

import "netcourse/grader/internal/judge"

// Exercise is 3.4 in the course list (grader/course).
var Exercise = &judge.Exercise{
	ID: "3.4", Title: "Binary records", Dir: "3.4-binrecords", Package: "binrecords",
	Checks: checks, Hint: hint, Try: try, Promises: promises,
}
