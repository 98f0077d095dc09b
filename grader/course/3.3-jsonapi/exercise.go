// Package jsonapi is exercise 3.3 on the grader's side: its checks, hints,
// try peer and known-bad scenarios (testdata/bad); contract/ is what its
// judge and child say to each other, driver/ is the child's main.
package jsonapi

import "netcourse/grader/internal/judge"

// Exercise is 3.3 in the course list (grader/course).
var Exercise = &judge.Exercise{
	ID: "3.3", Title: "JSON", Dir: "3.3-jsonapi", Package: "jsonapi",
	Checks: checks, Hint: hint, Try: try, Promises: promises,
}
