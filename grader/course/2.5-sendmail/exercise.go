// Package sendmail is exercise 2.5 on the grader's side: its checks, hints,
// try peer and known-bad scenarios (testdata/bad); contract/ is what its
// judge and child say to each other, driver/ is the child's main.
package sendmail

import "netcourse/grader/internal/judge"

// Exercise is 2.5 in the course list (grader/course).
var Exercise = &judge.Exercise{
	ID: "2.5", Title: "Sending mail", Dir: "2.5-sendmail", Package: "sendmail",
	Checks: checks, Hint: hint, Try: try, Promises: promises,
}
