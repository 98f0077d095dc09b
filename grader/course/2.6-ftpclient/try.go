package ftpclient

import (
	"fmt"

	"netcourse/grader/internal/trypeer"
)

// try is the fake FTP server `grader try 2.6` runs, for the student to
// point their client, or nc, at.
var try = &trypeer.Peer{
	ID: "2.6", Kind: "ftp", Listen: "127.0.0.1:2121",
	Faults: []trypeer.Fault{
		{Name: "split", Mode: "split multi", About: "cuts every reply into pieces, each sent once you read the last, sends multi-line replies, and the 226 before the data in one transfer and after the close in the next"},
		{Name: "after", Mode: "split after", About: "sends each 226 only after it closed the data connection"},
		{Name: "before", Mode: "split before", About: "sends each 226 before the data"},
		{Name: "hold150", Mode: "split hold150", About: "holds the data back until you have read the whole 150"},
		{Name: "noepsv", Mode: "noepsv", About: "answers EPSV with 502, as older servers do: use PASV"},
		{Name: "plain", Mode: "before", About: "one write per reply, single-line replies: the easiest to follow with nc"},
	},
	Usage: func(addr string) string {
		host, port := trypeer.SplitAddr(addr)
		return fmt.Sprintf("Point your client at it, from a small main (README, \"Try it by hand\"):\n"+
			"    c, err := ftpclient.Dial(%q)\n"+
			"    c.Login(\"alice\", \"secret\"); c.List(\"/pub\"); c.Retr(\"/pub/hello.bin\"); c.Quit()\n"+
			"or by hand: nc %s %s, then USER alice, PASS secret, EPSV, and nc to the port of its reply.",
			addr, host, port)
	},
}
