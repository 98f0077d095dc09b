// Package sockets is exercise 1.3 on the grader's side: its checks, hints, try peer
// and known-bad scenarios (testdata/bad); contract/ is what its judge and
// child say to each other, driver/ is the child's main.
package sockets

import "netcourse/grader/internal/judge"

// Exercise is 1.3 in the course list (grader/course).
var Exercise = &judge.Exercise{
	ID: "1.3", Title: "Partial reads and writes, end of data, timeouts", Dir: "1.3-sockets", Package: "sockets",
	Checks: checks, Hint: hint, Try: try, Promises: promises,
}
