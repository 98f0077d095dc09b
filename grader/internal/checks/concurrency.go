package checks

import "netcourse/grader/internal/judge"

// Exercise 1.6: sockets and concurrency.
var concurrencyChecks = []judge.Check{}
