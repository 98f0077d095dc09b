package httppost

import (
	"fmt"

	"netcourse/grader/internal/trypeer"
)

// try is the fake peer `grader try 2.2` runs: it logs the request's bytes
// as Go strings, so the student can read their Content-Type, framing and
// escaping.
var try = &trypeer.Peer{
	ID: "2.2", Kind: "tcp", Listen: "127.0.0.1:8080",
	Faults: []trypeer.Fault{
		{Name: "http", Mode: "http", About: "reads a request up to its empty line, logs every byte it receives, then sends an HTTP/1.0 response and closes"},
		{Name: "stall", Mode: "stall", About: "logs whatever you send and never answers: your client's timeout must end the call"},
	},
	Usage: func(addr string) string {
		return fmt.Sprintf("Point your code at it, from a small main (README, \"Try it by hand\"):\n"+
			"    httppost.PostForm(\"http://%s/orders?ref=a%%2Fb\", url.Values{\"name\": {\"Zoë & co\"}})\n"+
			"    httppost.PostJSON(\"http://%s/orders\", map[string]any{\"item\": \"tea\", \"qty\": 2})\n"+
			"or compare with curl:\n"+
			"    curl --data-urlencode 'name=Zoë & co' http://%s/orders", addr, addr, addr)
	},
}
