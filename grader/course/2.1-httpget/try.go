package httpget

import (
	"fmt"

	"netcourse/grader/internal/trypeer"
)

// try is the fake HTTP server `grader try 2.1` runs, for the student to
// point their Get, or curl, at.
var try = &trypeer.Peer{
	ID: "2.1", Kind: "http", Listen: "127.0.0.1:8080",
	Faults: []trypeer.Fault{
		{Name: "echo", Mode: "echo", About: "answers 200 with a body that says what it read: the request line, each query parameter decoded, each header"},
		{Name: "chunked", Mode: "chunked", About: "the same answer, sent with Transfer-Encoding: chunked in small chunks, with a trailer"},
		{Name: "status", Mode: "status", About: "answers 404 Not Found with an error page"},
		{Name: "stall", Mode: "stall", About: "reads the request and never answers"},
		{Name: "stall-body", Mode: "stall-body", About: "sends the status line, the headers and half the body, then nothing more"},
	},
	Usage: func(addr string) string {
		return fmt.Sprintf("Point your code at it, from a small main:\n"+
			"    body, err := httpget.Get(\"http://%s/search\", url.Values{\"q\": {\"fish & chips\"}}, http.Header{\"User-Agent\": {\"me/1.0\"}})\n"+
			"or by hand:\n"+
			"    curl -sv 'http://%s/search?q=fish+%%26+chips'", addr, addr)
	},
}
