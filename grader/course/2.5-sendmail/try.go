package sendmail

import (
	"fmt"

	"netcourse/grader/internal/trypeer"
)

// try is the fake mail server `grader try 2.5` runs.
var try = &trypeer.Peer{
	ID: "2.5", Kind: "smtp", Listen: "127.0.0.1:2525",
	Faults: []trypeer.Fault{
		{Name: "accept", Mode: "accept", About: "a mail server that answers in small fragments, with multi-line replies, accepts every message and logs every line and every protocol mistake it sees"},
		{Name: "refuse", Mode: "refuse", About: "the same, but it refuses " + trypeer.LaterRcpt + " with 451 (try later) and " + trypeer.NobodyRcpt + " with 550 (no such user)"},
	},
	Usage: func(addr string) string {
		host, port := trypeer.SplitAddr(addr)
		return fmt.Sprintf("Point your code at it, from a small main (README, \"Try it by hand\"):\n"+
			"    sendmail.Send(%q, \"me@example.test\", []string{\"you@example.test\", %q}, \"Grüße\", \"hi\\n.\\nbye\\n\")\n"+
			"or by hand (type each command after its reply; the server wants \\r\\n line ends):\n"+
			"    nc -C %s %s", addr, trypeer.LaterRcpt, host, port)
	},
}
