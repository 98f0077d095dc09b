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
	files, err := scaffoldpkg.Create(root, spec)
	var refused *scaffoldpkg.RefusedError
	if errors.As(err, &refused) {
		return usagef("new: %v", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created exercise %s %q:\n", spec.ID, spec.Title)
	for _, f := range files {
		fmt.Fprintf(stdout, "  %s\n", f)
	}
	fmt.Fprintf(stdout, `next: replace every %s in those files, add the exercise to the course
table in README.md, add at least %d known-bad submissions as
%s/%s-<mistake>/, and run make verify until it passes
(docs/instructors.md says how).
`, scaffoldpkg.Placeholder, verify.MinScenarios, verify.ScenarioDir(&judge.Exercise{Dir: spec.ID + "-" + spec.Name}), spec.ID)
	return nil
}
