// Package tcpserver is exercise 1.2 on the grader's side: its checks, hints
// and known-bad scenarios (testdata/bad); contract/ is what its judge and
// child say to each other, driver/ is the child's main.
package tcpserver

import "netcourse/grader/internal/judge"

// Exercise is 1.2 in the course list (grader/course).
var Exercise = &judge.Exercise{
	ID: "1.2", Title: "TCP server", Dir: "1.2-tcpserver", Package: "tcpserver",
	Checks: checks, Hint: hint, Promises: promises,
}
