package robust

import (
	"fmt"

	"netcourse/grader/internal/trypeer"
)

// try is the fake peer `grader try 2.4` runs, for the student to point
// their code, or nc, at.
//
// TODO(grader new): the example peer serves the example Fetch. Give it the
// exercise's faults (the modes of fixtures/cmd/fakepeer; Kind "udp",
// "unix" or "dns" for the other peers in grader/internal/trypeer), the
// address the README's "Try it by hand" uses, and how to point code at
// it. Where the student writes the server, there is nothing to fake:
// delete this file and leave Try out of exercise.go.
var try = &trypeer.Peer{
	ID: "2.4", Kind: "tcp", Listen: "127.0.0.1:8080",
	Faults: []trypeer.Fault{
		{Name: "drip", Mode: "drip", About: "waits for a request (a blank line ends one, or --wait passes), then sends a line in small fragments, each after you read the last, and closes"},
	},
	Usage: func(addr string) string {
		host, port := trypeer.SplitAddr(addr)
		return fmt.Sprintf("Point your code at it, from a small main:\n"+
			"    robust.Fetch(%q, %s)\n"+
			"or by hand:\n"+
			"    nc %s %s", host, port, host, port)
	},
}
