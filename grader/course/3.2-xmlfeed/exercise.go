// Package xmlfeed is exercise 3.2 on the grader's side: its checks, hints,
// try peer and known-bad scenarios (testdata/bad); contract/ is what its
// judge and child say to each other, driver/ is the child's main.
package xmlfeed

import "netcourse/grader/internal/judge"

// Exercise is 3.2 in the course list (grader/course).
var Exercise = &judge.Exercise{
	ID: "3.2", Title: "An XML feed", Dir: "3.2-xmlfeed", Package: "xmlfeed",
	Checks: checks, Hint: hint, Try: try, Promises: promises,
}
