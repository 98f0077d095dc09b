package course

import (
	"slices"
	"testing"

	"netcourse/grader/internal/judge"
)

// TestPromisesNameRealChecks: every exercise maps its README's promises to
// checks, every check named exists, and every check holds some promise, so
// a renamed or removed check cannot leave a promise unenforced unnoticed.
func TestPromisesNameRealChecks(t *testing.T) {
	for _, ex := range Exercises {
		if len(ex.Promises) == 0 {
			t.Errorf("%s: no promises: list what exercises/%s/README.md promises, and the check of each, in %s/promises.go", ex.ID, ex.Dir, ex.Folder())
			continue
		}
		held := map[string]bool{}
		for _, p := range ex.Promises {
			if p.README == "" {
				t.Errorf("%s: a promise without its README text (check %q)", ex.ID, p.Check)
			}
			if !slices.ContainsFunc(ex.Checks, func(c judge.Check) bool { return c.Name == p.Check }) {
				t.Errorf("%s: promise %q names check %q, which %s does not have", ex.ID, p.README, p.Check, ex.ID)
			}
			held[p.Check] = true
		}
		for _, c := range ex.Checks {
			if !held[c.Name] {
				t.Errorf("%s: check %q holds no promise of the README: add the promise it enforces", ex.ID, c.Name)
			}
		}
	}
}
