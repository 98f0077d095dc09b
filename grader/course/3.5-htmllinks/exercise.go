// Package htmllinks is exercise 3.5 on the grader's side: its checks, hints,
// try peer and known-bad scenarios (testdata/bad); contract/ is what its
// judge and child say to each other, driver/ is the child's main.
package htmllinks

import "netcourse/grader/internal/judge"

// Exercise is 3.5 in the course list (grader/course).
var Exercise = &judge.Exercise{
	ID: "3.5", Title: "HTML link extraction", Dir: "3.5-htmllinks", Package: "htmllinks",
	Checks: checks, Hint: hint, Try: try, Promises: promises,
	// The Go team's HTML5 tokenizer, at the project's version of x/net.
	Imports: []string{"golang.org/x/net/html"},
}
