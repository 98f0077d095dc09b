// Package httpget is exercise 2.1 on the grader's side: its checks, hints,
// try peer and known-bad scenarios (testdata/bad); contract/ is what its
// judge and child say to each other, driver/ is the child's main.
package httpget

import "netcourse/grader/internal/judge"

// Exercise is 2.1 in the course list (grader/course).
var Exercise = &judge.Exercise{
	ID: "2.1", Title: "GET with a query", Dir: "2.1-httpget", Package: "httpget",
	Checks: checks, Hint: hint, Try: try, Promises: promises,
}
