// Package netutil is exercise 1.7 on the grader's side: its checks, hints, try peer
// and known-bad scenarios (testdata/bad); contract/ is what its judge and
// child say to each other, driver/ is the child's main.
package netutil

import "netcourse/grader/internal/judge"

// Exercise is 1.7 in the course list (grader/course).
var Exercise = &judge.Exercise{
	ID: "1.7", Title: "Useful utility functions", Dir: "1.7-netutil", Package: "netutil",
	Checks: checks, Hint: hint, Try: try, Promises: promises,
}
