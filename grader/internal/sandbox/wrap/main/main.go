// Command netcourse-sandbox is the wrapper every sandboxed child starts
// as: the grader builds it from the source it embeds (wrap.Source).
package main

import (
	"fmt"
	"os"

	"netcourse/grader/internal/sandbox/wrap"
)

func main() {
	if len(os.Args) < 2 || os.Args[1] != wrap.Command {
		fmt.Fprintln(os.Stderr, "netcourse-sandbox: the grader's own program, not to be run by hand")
		os.Exit(2)
	}
	if err := wrap.Exec(os.Args[2:]); err != nil {
		fmt.Fprintln(os.Stderr, "netcourse-sandbox:", err)
		os.Exit(3)
	}
}
