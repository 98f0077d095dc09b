// Package udp is exercise 1.4 on the grader's side: its checks, hints, try peer
// and known-bad scenarios (testdata/bad); contract/ is what its judge and
// child say to each other, driver/ is the child's main.
package udp

import "netcourse/grader/internal/judge"

// Exercise is 1.4 in the course list (grader/course).
var Exercise = &judge.Exercise{
	ID: "1.4", Title: "UDP datagrams", Dir: "1.4-udp", Package: "udp",
	Checks: checks, Hint: hint, Try: try, Promises: promises,
}
