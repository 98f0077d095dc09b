// Package tcpclient is exercise 1.1 on the grader's side: its checks, hints, try peer
// and known-bad scenarios (testdata/bad); contract/ is what its judge and
// child say to each other, driver/ is the child's main.
package tcpclient

import "netcourse/grader/internal/judge"

// Exercise is 1.1 in the course list (grader/course).
var Exercise = &judge.Exercise{
	ID: "1.1", Title: "TCP client", Dir: "1.1-tcpclient", Package: "tcpclient",
	Checks: checks, Hint: hint, Try: try, Promises: promises,
}
