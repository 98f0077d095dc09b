// Package concurrency is exercise 1.6 on the grader's side: its checks, hints
// and known-bad scenarios (testdata/bad); contract/ is what its judge and
// child say to each other, driver/ is the child's main.
package concurrency

import "netcourse/grader/internal/judge"

// Exercise is 1.6 in the course list (grader/course).
var Exercise = &judge.Exercise{
	ID: "1.6", Title: "Sockets and concurrency", Dir: "1.6-concurrency", Package: "concurrency",
	Checks: checks, Hint: hint, Promises: promises,
}
