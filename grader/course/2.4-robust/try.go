package robust

import (
	"fmt"

	"netcourse/grader/internal/trypeer"
)

// try is the fake peer `grader try 2.4` runs: one behaviour of the flaky
// server per run, from fixtures/cmd/fakepeer's modes with a raw HTTP
// response as the body.
var try = &trypeer.Peer{
	ID: "2.4", Kind: "tcp", Listen: "127.0.0.1:8080",
	Faults: []trypeer.Fault{
		{Name: "503", Mode: "coalesce", Body: tryUnavailable, About: "reads a request, answers 503 Service Unavailable with Retry-After: 1, and closes: run it with -n 3 to see three attempts"},
		{Name: "stall", Mode: "stall", About: "reads whatever you send and never answers: each attempt must end at AttemptTimeout"},
		{Name: "rst", Mode: "rst", Body: tryResponse, About: "reads a request, sends the first half of a 200 OK with its body, then resets the connection (RST)"},
		{Name: "short", Mode: "fin", Body: tryResponse, About: "reads a request, sends the first half of a 200 OK whose Content-Length counts the whole body, then closes (FIN): io.ErrUnexpectedEOF"},
		{Name: "good", Mode: "http", About: "reads a request and answers 200 OK with a short body, in small fragments"},
	},
	Usage: func(addr string) string {
		return fmt.Sprintf("Point your code at it, from a small main (README, \"Try it by hand\"):\n"+
			"    robust.Get(ctx, \"http://%s/\", policy)\n"+
			"or by hand:\n"+
			"    curl -v http://%s/", addr, addr)
	},
}

const (
	tryUnavailable = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
	tryResponse    = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 64\r\nConnection: close\r\n\r\nthe body of a good answer, which this server cuts off halfway.\r\n"
)
