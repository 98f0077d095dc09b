package htmllinks

import (
	"fmt"

	"netcourse/grader/internal/trypeer"
)

// try is the fake peer `grader try 3.5` runs: fakepeer's web server with
// the README's example page.
var try = &trypeer.Peer{
	ID: "3.5", Kind: "tcp", Listen: "127.0.0.1:8080",
	Faults: []trypeer.Fault{
		{Name: "page", Mode: "http", Body: tryPage, About: "reads a request up to its empty line, then sends the README's example page (a <base>, a comment, a script, an entity, a link twice) in small fragments, each after you read the last, and closes"},
		{Name: "rst", Mode: "rst", Body: tryResponse, About: "reads the request, sends the first half of the page, then resets the connection (RST): Links must return an error"},
		{Name: "stall", Mode: "stall", About: "reads whatever you send and never answers"},
	},
	Usage: func(addr string) string {
		return fmt.Sprintf("Point your code at it, from a small main (README, \"Try it by hand\"):\n"+
			"    htmllinks.Links(\"http://%s/docs/guide/intro.html\")\n"+
			"which should return the three links the README shows, or look at the page with:\n"+
			"    curl -s http://%s/docs/guide/intro.html", addr, addr)
	},
}

// tryPage is the README's example.
const tryPage = `<head><base href="/docs/api/"></head>
<!-- <a href="draft.html">not yet</a> -->
<a href="conn.html">Conn</a> <A HREF='../guide/'>guide</A>
<a href="?page=2&amp;sort=name">next</a> <a href="/docs/api/conn.html">Conn again</a>
<img src="logo.png"> <script>document.write('<a href="ad.html">')</script>
`

// tryResponse is the whole response the rst fault cuts in half.
var tryResponse = fmt.Sprintf("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s", len(tryPage), tryPage)
