package unixsock

import (
	"fmt"

	"netcourse/grader/internal/trypeer"
)

// try is the fake peer `grader try 1.5` runs.
var try = &trypeer.Peer{
	ID: "1.5", Kind: "unix",
	Faults: []trypeer.Fault{
		{Name: "upper", About: "reads a request until your half-close, answers it in upper case, and closes"},
		{Name: "drip", About: "reads a request until your half-close, answers it in upper case in small fragments, each after you read the last, and closes"},
		{Name: "stale", About: "leaves a stale socket file at the path, with nothing listening: Request must fail (connection refused), and your Listen must replace it"},
	},
	Usage: func(path string) string {
		return fmt.Sprintf("Point your code at it, from a small main (README, \"Try it by hand\"):\n"+
			"    unixsock.Request(%q, []byte(\"hello, unix\"))\n"+
			"or by hand (-N sends the half-close when the input ends):\n"+
			"    printf 'hello, unix' | nc -N -U %s", path, path)
	},
}
