// Package sessions is exercise 2.3 on the grader's side: its checks, hints,
// try peer and known-bad scenarios (testdata/bad); contract/ is what its
// judge and child say to each other, driver/ is the child's main.
package sessions

import "netcourse/grader/internal/judge"

// Exercise is 2.3 in the course list (grader/course).
var Exercise = &judge.Exercise{
	ID: "2.3", Title: "Sessions: cookies, basic auth, redirects", Dir: "2.3-sessions", Package: "sessions",
	Checks: checks, Hint: hint, Try: try, Promises: promises,
}
