package sockets

import (
	"fmt"

	"netcourse/grader/internal/trypeer"
)

// try is the fake peer `grader try 1.3` runs.
var try = &trypeer.Peer{
	ID: "1.3", Kind: "tcp", Listen: "127.0.0.1:9000",
	Faults: []trypeer.Fault{
		{Name: "drip", Mode: "drip", About: "reads a request up to an empty line, sends its reply in small fragments, each after you read the last, then closes"},
		{Name: "coalesce", Mode: "coalesce", About: "reads a request, sends the whole reply in one write, then closes"},
		{Name: "stall", Mode: "stall", About: "reads whatever you send and never answers: Fetch must time out"},
		{Name: "fin", Mode: "fin", About: "reads a request, sends half the reply, then closes cleanly (FIN): a good end for RecvAll, a cut record for RecvExactly"},
		{Name: "rst", Mode: "rst", About: "reads a request, sends half the reply, then resets the connection (RST): an error, not a short reply"},
	},
	Usage: func(addr string) string {
		host, port := trypeer.SplitAddr(addr)
		return fmt.Sprintf("Point your code at it, from a small main (README, \"Try it by hand\"):\n"+
			"    sockets.Fetch(%q, []byte(\"hello\\n\\n\"), 2*time.Second)\n"+
			"or by hand:\n"+
			"    printf 'hello\\n\\n' | nc %s %s", addr, host, port)
	},
}
