// Package ftpclient is exercise 2.6 on the grader's side: its checks, hints,
// try peer and known-bad scenarios (testdata/bad); contract/ is what its
// judge and child say to each other, driver/ is the child's main.
package ftpclient

import "netcourse/grader/internal/judge"

// Exercise is 2.6 in the course list (grader/course).
var Exercise = &judge.Exercise{
	ID: "2.6", Title: "An FTP-style client", Dir: "2.6-ftpclient", Package: "ftpclient",
	Checks: checks, Hint: hint, Try: try, Promises: promises,
}
