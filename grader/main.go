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
	"syscall"

	"netcourse/grader/internal/cli"
	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/sandbox"
	"netcourse/grader/internal/textsafe"
)

// Exit statuses: the contract with CI.
const (
	exitPassed   = 0
	exitFailed   = 1
	exitUsage    = 2
	exitInternal = 3
	// exitInterrupted is the shell's 128+SIGINT: the run was stopped
	// before it finished, so it says nothing about the submission.
	exitInterrupted = 130
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == sandbox.Command {
		// The judge starts each child through the grader: confine, then
		// execute the child. Back here only when that failed.
		if err := sandbox.Exec(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "grader:", err)
			os.Exit(exitInternal)
		}
		os.Exit(exitPassed)
	}
	if len(os.Args) > 1 && os.Args[1] == sandbox.GoCacheCommand {
		// A build in the sandbox runs this as its build cache.
		if err := sandbox.ServeGoCache(os.Args[2:], os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "grader:", err)
			os.Exit(exitInternal)
		}
		os.Exit(exitPassed)
	}
	if err := sandbox.Enable(); err != nil {
		fmt.Fprintln(os.Stderr, "grader:", err)
		os.Exit(exitInternal)
	}
	// SIGTERM too: `timeout 30 grader try 1.3` must clean up as Ctrl-C
	// does. The cause tells the judge that what it had not graded by then
	// was interrupted, not failed; a second signal kills as usual.
	ctx, cancel := context.WithCancelCause(context.Background())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		signal.Stop(sig)
		cancel(judge.ErrInterrupted)
	}()
	err := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	os.Exit(exitCode(err))
}

func exitCode(err error) int {
	var ue *cli.UsageError
	var ie *judge.InternalError
	var xe *sandbox.ExitError
	switch {
	case err == nil:
		return exitPassed
	case errors.As(err, &xe):
		return xe.Code // the grader run inside the sandbox said it all
	case errors.Is(err, judge.ErrInterrupted):
		complain("interrupted: what was not graded by then is marked interrupted")
		return exitInterrupted
	case errors.Is(err, cli.ErrNotPassed):
		return exitFailed
	case errors.As(err, &ue):
		complain(ue.Msg)
		return exitUsage
	case errors.As(err, &ie):
		complain(err.Error())
		return exitInternal
	default:
		complain(err.Error())
		return exitInternal
	}
}

// complain prints a message on stderr, escaped: it may quote a
// submission's folder name or error text.
func complain(msg string) { fmt.Fprintln(os.Stderr, "grader:", textsafe.Escape(msg)) }
