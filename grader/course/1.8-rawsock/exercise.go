// Package rawsock is exercise 1.8 on the grader's side: its checks, hints,
// try peer and known-bad scenarios (testdata/bad); contract/ is what its
// judge and child say to each other, driver/ is the child's main.
package rawsock

import "netcourse/grader/internal/judge"

// Exercise is 1.8 in the course list (grader/course).
var Exercise = &judge.Exercise{
	ID: "1.8", Title: "Raw sockets and packets", Dir: "1.8-rawsock", Package: "rawsock",
	Checks: checks, Hint: hint, Try: try, Promises: promises,
}
