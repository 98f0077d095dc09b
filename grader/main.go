// Command grader grades the course's exercises: it plays the other end of
// the wire against the student's code and explains what it saw.
//
//	go run ./grader grade [--impl DIR] [--format text|json|junit|gradescope|github] [--seed N] [ID ...]
//	go run ./grader verify [--update]
//	go run ./grader list
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"

	"netcourse/grader/internal/cli"
	"netcourse/grader/internal/judge"
)

// Exit statuses: the contract with CI.
const (
	exitPassed   = 0
	exitFailed   = 1
	exitUsage    = 2
	exitInternal = 3
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err))
}

func exitCode(err error) int {
	var ue *cli.UsageError
	var ie *judge.InternalError
	switch {
	case err == nil:
		return exitPassed
	case errors.Is(err, cli.ErrNotPassed):
		return exitFailed
	case errors.As(err, &ue):
		fmt.Fprintln(os.Stderr, "grader:", ue.Msg)
		return exitUsage
	case errors.As(err, &ie):
		fmt.Fprintln(os.Stderr, "grader:", err)
		return exitInternal
	default:
		fmt.Fprintln(os.Stderr, "grader:", err)
		return exitInternal
	}
}
