package htmllinks

import (
	"bytes"
	"fmt"
	"net"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/course/3.5-htmllinks/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
)

// Exercise 3.5: HTML link extraction.
//
// TODO(grader new): the example check shows the parts of every check: a
// fake peer (harness.Serve), the child running an operation of the
// contract (harness.Call) and a verdict (judge.Fail(...).With). Replace it
// with the exercise's real checks, one function each, then delete this
// paragraph.
var checks = []judge.Check{
	{Name: "returns what the server sent", Points: 1, Run: checkFetch},
}

// fetchWithin is how long Fetch may take against a prompt server.
const fetchWithin = 2 * time.Second

func checkFetch(t *judge.T) error {
	want := fixtures.Body(t.Rand, 100+t.Rand.IntN(100))
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		fixtures.Coalesce(c, want)
		fixtures.FinishWrite(c, time.Second)
	})
	if err != nil {
		return err
	}
	args := contract.FetchArgs{Host: srv.Host(), Port: srv.Port()}
	_, r, err := harness.Call(t, contract.Fetch, args, fetchWithin)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("Fetch(%q, %d) did not return within %v, although the server sent %d bytes and closed", args.Host, args.Port, fetchWithin, len(want)),
			"Return once Read reports io.EOF.")
	}
	if r.Err != nil {
		return judge.Fail("Fetch returned an error after the server sent %d bytes and closed cleanly: %s", len(want), r.Err.Text).With("",
			"a clean close (FIN) shows up as io.EOF: the normal end of the data, not an error.",
			"Treat io.EOF as the end and return what you read with a nil error.")
	}
	if !bytes.Equal(r.Data, want) {
		return judge.Fail("Fetch returned %d bytes, not the %d the server sent", len(r.Data), len(want)).With(
			judge.ShowBytes(r.Data, want),
			"TCP is a byte stream: one Read returns whatever has arrived so far, and only io.EOF says the server is done.",
			"Read in a loop until io.EOF, keeping every chunk (io.ReadAll does exactly this).")
	}
	return nil
}
