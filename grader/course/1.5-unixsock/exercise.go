// Package unixsock is exercise 1.5 on the grader's side: its checks, hints, try peer
// and known-bad scenarios (testdata/bad); contract/ is what its judge and
// child say to each other, driver/ is the child's main.
package unixsock

import "netcourse/grader/internal/judge"

// Exercise is 1.5 in the course list (grader/course).
var Exercise = &judge.Exercise{
	ID: "1.5", Title: "Unix domain sockets", Dir: "1.5-unixsock", Package: "unixsock",
	Checks: checks, Hint: hint, Try: try, Promises: promises,
}
