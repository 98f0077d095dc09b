package checks

import "netcourse/grader/internal/judge"

// Exercise 1.2: a TCP server that greets each client with its address.
var tcpserverChecks = []judge.Check{}
