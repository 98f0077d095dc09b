// Package httppost is exercise 2.2 on the grader's side: its checks, hints,
// try peer and known-bad scenarios (testdata/bad); contract/ is what its
// judge and child say to each other, driver/ is the child's main.
package httppost

import "netcourse/grader/internal/judge"

// Exercise is 2.2 in the course list (grader/course).
var Exercise = &judge.Exercise{
	ID: "2.2", Title: "HTTP POST: a form and JSON", Dir: "2.2-httppost", Package: "httppost",
	Checks: checks, Hint: hint, Try: try, Promises: promises,
}
