package cli

import (
	"context"
	"flag"
	"io"
	"strings"
	"time"

	"netcourse/grader/course"
	"netcourse/grader/internal/trypeer"
)

// try runs an exercise's fake peer stand-alone with a chosen fault, so
// that the student can point their code, or nc, at it and read the bytes.
func try(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("try", flag.ContinueOnError)
	fault := fs.String("fault", "", "the peer's behaviour (default: the first of the exercise's faults)")
	listen := fs.String("listen", "", "address to listen on, or socket path for 1.5 (default: the one in the exercise's README)")
	n := fs.Int("n", 20, "stop after this many connections, datagrams or queries")
	seed := fs.Uint64("seed", 1, "seed of fragment sizes and padding")
	wait := fs.Duration("wait", 10*time.Second, "how long the peer waits for a request, and for each fragment to be read")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("try: want one exercise ID, like: grader try 1.3 --fault stall (exercises with a fake peer: %s)\n%s",
			strings.Join(tryIDs(), ", "), usage)
	}
	exs, err := selectExercises(pos)
	if err != nil {
		return err
	}
	ex := exs[0]
	peer := ex.Try
	if peer == nil {
		return usagef("try: in %s %s your code is the server, so there is no fake peer to run: start your server as its README shows (\"Try it by hand\") and be the client with nc (fake peers: %s)",
			ex.ID, ex.Title, strings.Join(tryIDs(), ", "))
	}
	if _, err := peer.Fault(*fault); err != nil {
		return usagef("try: %v", err)
	}
	if *n < 1 {
		return usagef("try: -n %d: want at least 1", *n)
	}
	root, err := findRoot()
	if err != nil {
		return err
	}
	return peer.Run(ctx, trypeer.Options{
		Root: root, Fault: *fault, Listen: *listen, N: *n, Seed: *seed, Wait: *wait,
	}, stdout)
}

// tryIDs lists the exercises that have a fake peer.
func tryIDs() []string {
	var ids []string
	for _, ex := range course.Exercises {
		if ex.Try != nil {
			ids = append(ids, ex.ID)
		}
	}
	return ids
}
