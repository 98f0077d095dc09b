package udp

import (
	"fmt"

	"netcourse/grader/internal/trypeer"
)

// try is the fake peer `grader try 1.4` runs.
var try = &trypeer.Peer{
	ID: "1.4", Kind: "udp", Listen: "127.0.0.1:9999",
	Faults: []trypeer.Fault{
		{Name: "echo", About: "answers each datagram at once, to its sender: its first 4 bytes (the ID), then \" re:\" and the rest"},
		{Name: "drop", About: "loses the first 2 datagrams, then answers: Request must try again"},
		{Name: "duplicate", About: "sends every reply twice"},
		{Name: "stale", About: "sends its reply to your previous datagram again, just before the reply to this one"},
		{Name: "forged", About: "sends a forged reply with the right ID from another port, just before the real one"},
		{Name: "oversize", About: "pads every reply to 5000 bytes: more than a 1024-byte buffer holds"},
		{Name: "silent", About: "never answers: Request must give up after retries+1 tries"},
	},
	Usage: func(addr string) string {
		host, port := trypeer.SplitAddr(addr)
		return fmt.Sprintf("Point your code at it, from a small main:\n"+
			"    udp.Request(%q, []byte(\"ab12 hello\"), time.Second, 2)\n"+
			"or by hand (each line you type is one datagram):\n"+
			"    nc -u %s %s", addr, host, port)
	},
}
