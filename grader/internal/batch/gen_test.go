package batch

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/verify"
)

// projectRoot is the course folder, found from the test's working
// directory up.
func projectRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.HasPrefix(string(data), "module netcourse\n") {
			return dir
		}
		if filepath.Dir(dir) == dir {
			tb.Fatal("no go.mod of module netcourse above the test")
		}
		dir = filepath.Dir(dir)
	}
}

// copyExercise copies the Go files of src (a folder such as
// solutions/1.1-tcpclient) into dst. A non-empty salt is added to each
// file as a comment, so that the copy's sources are its own, as every
// student's are, and its build is not found in the cache.
func copyExercise(tb testing.TB, src, dst, salt string) {
	tb.Helper()
	names, err := filepath.Glob(filepath.Join(src, "*.go"))
	if err != nil || len(names) == 0 {
		tb.Fatalf("no Go files in %s (%v)", src, err)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		tb.Fatal(err)
	}
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			tb.Fatal(err)
		}
		if salt != "" {
			data = fmt.Appendf(data, "\n// %s\n", salt)
		}
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(n)), data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// Where a generated submission's exercise comes from.
const (
	fromReference = "reference"
	fromStub      = "stub"
	fromBad       = "known-bad"
	fromNothing   = "missing"
)

// generate writes n submissions into dir, student000 on, each exercise of
// exs drawn with seed from: the reference solution (45%), the untouched
// stub (20%), one of that exercise's known-bad scenarios (30%), or no
// folder at all (5%). Every file is salted with its student's name, so
// that nothing is shared with another student's build. It returns how
// many exercises came from where.
func generate(tb testing.TB, root, dir string, n int, exs []*judge.Exercise, seed uint64) map[string]int {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, 0))
	counts := map[string]int{}
	for i := range n {
		student := fmt.Sprintf("student%03d", i)
		for _, ex := range exs {
			dst := filepath.Join(dir, student, ex.Dir)
			bad := realisticBad(root, ex)
			kind := fromBad
			switch p := rng.IntN(100); {
			case p < 45:
				kind = fromReference
				copyExercise(tb, filepath.Join(root, "solutions", ex.Dir), dst, student)
			case p < 65:
				kind = fromStub
				copyExercise(tb, filepath.Join(root, "exercises", ex.Dir), dst, student)
			case p < 95 && len(bad) > 0:
				copyExercise(tb, bad[rng.IntN(len(bad))], dst, student)
			default:
				kind = fromNothing
			}
			counts[kind]++
		}
		// A student who submitted nothing still has a folder.
		if err := os.MkdirAll(filepath.Join(dir, student), 0o755); err != nil {
			tb.Fatal(err)
		}
	}
	return counts
}

// realisticBad lists the known-bad submissions of ex that are student
// mistakes, leaving out the attacks on the machine (scenarios that need the
// sandbox), which a benchmark has no business running.
func realisticBad(root string, ex *judge.Exercise) []string {
	scens, _ := verify.LoadScenarios(root)
	var dirs []string
	for _, s := range scens {
		if s.Exercise == ex.ID && s.Needs == "" {
			dirs = append(dirs, filepath.Join(root, s.Dir, ex.Dir))
		}
	}
	return dirs
}
