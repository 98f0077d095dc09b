package tcpclient

import (
	"fmt"

	"netcourse/grader/internal/trypeer"
)

// try is the fake peer `grader try 1.1` runs.
var try = &trypeer.Peer{
	ID: "1.1", Kind: "tcp", Listen: "127.0.0.1:8080",
	Faults: []trypeer.Fault{
		{Name: "http", Mode: "http", About: "reads a request up to its empty line, then sends an HTTP/1.0 response in small fragments, each after you read the last, and closes"},
		{Name: "rst", Mode: "rst", Body: httpResponseForTry, About: "reads the request, sends the first half of a response, then resets the connection (RST): Get must return an error"},
		{Name: "fin", Mode: "fin", Body: httpResponseForTry, About: "reads the request, sends the first half of a response, then closes cleanly (FIN)"},
		{Name: "stall", Mode: "stall", About: "reads whatever you send and never answers"},
	},
	Usage: func(addr string) string {
		host, port := trypeer.SplitAddr(addr)
		return fmt.Sprintf("Point your code at it, from a small main (README, \"Try it by hand\"):\n"+
			"    tcpclient.Get(%q, %s, \"/\")\n"+
			"or by hand:\n"+
			"    printf 'GET / HTTP/1.0\\r\\nHost: %s\\r\\n\\r\\n' | nc %s %s", host, port, host, host, port)
	},
}

// httpResponseForTry is the response the rst and fin faults cut in half.
const httpResponseForTry = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello from the fake server, a line long enough to be cut\n"
