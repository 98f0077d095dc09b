package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

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
	ex := &judge.Exercise{ID: spec.ID, Dir: made.Dir, Package: made.Name}
	fmt.Fprintf(stdout, nextSteps, scaffoldpkg.Placeholder, ex.Folder(), ex.ID, ex.Dir, ex.Package,
		verify.MinScenarios, strings.TrimPrefix(verify.ScenarioDir(ex), ex.Folder()+"/"))
	return nil
}

// nextSteps names every part of the exercise the instructor writes. The
// example API (Fetch) runs through all of them, so that the tree builds,
// its tests pass and the example check grades the example reference.
const nextSteps = `next: write every part marked %[1]s; make verify lists what is
left, docs/instructors.md says how. In %[2]s/:
  contract/contract.go  the operations (wire.Op with argument and result
                        types), events, commands and shared timings
  driver/main.go        the child's main: one child.Handle per operation
  checks.go             the checks, one function each
  hints.go              the concept, a nudge, and a nudge per check
  promises.go           what the README promises, and the check of each
  try.go                the fake peer of grader try %[3]s; where the student
                        writes the server, delete it and Try in exercise.go
  %[7]s/         at least %[6]d known-bad submissions, one folder each:
                        %[3]s-<mistake>/ holding %[4]s/ as handed in and
                        scenario.json; record their transcripts with
                        go run ./grader verify --update --run %[3]s-
and for students:
  exercises/%[4]s/README.md: the task, the API, trying it by hand, and
      what the grader throws at it
  exercises/%[4]s/%[5]s.go: the stub, whose functions return
      errors.ErrUnsupported
  solutions/%[4]s/%[5]s.go: the reference, which must earn full marks
Then run make verify until it passes.
`
