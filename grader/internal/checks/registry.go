// Package checks holds the course registry: every exercise with its
// checks, one file per exercise. Adding a check is one function in the
// exercise's file and one entry in its list.
package checks

import "netcourse/grader/internal/judge"

// Registry lists the course's exercises in course order. Its folders,
// drivers and READMEs are checked against the tree by TestRegistryMatchesTree.
var Registry = []*judge.Exercise{
	{ID: "1.1", Title: "TCP client", Dir: "1.1-tcpclient", Package: "tcpclient", Driver: "tcpclient", Checks: tcpclientChecks},
	{ID: "1.2", Title: "TCP server", Dir: "1.2-tcpserver", Package: "tcpserver", Driver: "tcpserver", Checks: tcpserverChecks},
	{ID: "1.3", Title: "Partial reads and writes, end of data, timeouts", Dir: "1.3-sockets", Package: "sockets", Driver: "sockets", Checks: socketsChecks},
	{ID: "1.4", Title: "UDP datagrams", Dir: "1.4-udp", Package: "udp", Driver: "udp", Checks: udpChecks},
	{ID: "1.5", Title: "Unix domain sockets", Dir: "1.5-unixsock", Package: "unixsock", Driver: "unixsock", Checks: unixsockChecks},
	{ID: "1.6", Title: "Sockets and concurrency", Dir: "1.6-concurrency", Package: "concurrency", Driver: "concurrency", Checks: concurrencyChecks},
	{ID: "1.7", Title: "Useful utility functions", Dir: "1.7-netutil", Package: "netutil", Driver: "netutil", Checks: netutilChecks},
}

// Lookup finds an exercise by its ID.
func Lookup(id string) *judge.Exercise {
	for _, e := range Registry {
		if e.ID == id {
			return e
		}
	}
	return nil
}
