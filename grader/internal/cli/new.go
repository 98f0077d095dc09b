package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"netcourse/grader/internal/judge"
	scaffoldpkg "netcourse/grader/internal/scaffold" // the name scaffold is this command's
	"netcourse/grader/internal/verify"
)

// scaffold creates a new exercise in every tree.
func scaffold(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	name := fs.String("name", "", "folder suffix, package and driver name (default: made from the title)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("new: want an ID and a title, like: grader new 2.1 \"HTTP GET with query\" [--name httpget]\n%s", usage)
	}
	root, err := findRoot()
	if err != nil {
		return err
	}
	spec := scaffoldpkg.Spec{ID: pos[0], Title: pos[1], Name: *name}
	made, err := scaffoldpkg.Create(root, spec)
	var refused *scaffoldpkg.RefusedError
	if errors.As(err, &refused) {
		return usagef("new: %v", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created exercise %s %q:\n", spec.ID, spec.Title)
	for _, f := range made.Files {
		fmt.Fprintf(stdout, "  %s\n", f)
	}
	ex := &judge.Exercise{ID: spec.ID, Dir: made.Dir}
	fmt.Fprintf(stdout, nextSteps, scaffoldpkg.Placeholder, ex.Folder(), made.Dir, verify.MinScenarios, verify.ScenarioDir(ex), spec.ID)
	return nil
}

// nextSteps is every part of the exercise the instructor writes. The
// example API (Fetch) runs through all of them, so that the tree builds,
// its tests pass and the example check grades the reference.
const nextSteps = `next: write every part marked %[1]s (make verify lists what is left;
docs/instructors.md says how):
  contract    %[2]s/contract/contract.go: the operations (wire.Op with their
              argument and result types), events, commands and shared timings
  driver      %[2]s/driver/main.go: the child's main, one child.Handle per operation
  checks      %[2]s/checks.go: the checks, one function each (harness.Call, harness.Serve)
  hints       %[2]s/hints.go: the concept, a nudge, and a nudge per check
  promises    %[2]s/promises.go: what the README promises, and the check holding each
  try peer    %[2]s/try.go: the fake peer of grader try (delete it, and Try, for a server exercise)
  API         exercises/%[3]s (the stub) and solutions/%[3]s (the reference, full marks)
  README      exercises/%[3]s/README.md: the task, the API, trying it by hand, what the grader throws at it
  known-bad   at least %[4]d realistic wrong submissions, each in
              %[5]s/%[6]s-<mistake>/ (%[3]s/ as handed in, scenario.json),
              recorded with: go run ./grader verify --update --run %[6]s-
then run make verify until it passes.
`
