package scaffold

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// repo is the course this package lives in.
const repo = "../../.."

// TestNewExerciseBuildsAndGrades runs grader new in a copy of the course
// and proves what the instructor is promised: everything builds and vets,
// the registry agrees with the tree, and the new exercise grades as not
// started. It builds the whole course, so it takes a while.
func TestNewExerciseBuildsAndGrades(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole course")
	}
	root := t.TempDir()
	for _, p := range []string{"go.mod", "go.sum", "fixtures", "grader", "exercises", "solutions"} {
		copyTree(t, filepath.Join(repo, p), filepath.Join(root, p))
	}
	gorun := func(args ...string) (string, error) {
		cmd := exec.CommandContext(t.Context(), "go", args...)
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := gorun("run", "./grader", "new", "9.9", "Test Exercise"); err != nil {
		t.Fatalf("grader new: %v\n%s", err, out)
	}
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		if out, err := gorun(args...); err != nil {
			t.Fatalf("go %s after grader new: %v\n%s", strings.Join(args, " "), err, out)
		}
	}

	reg, err := os.ReadFile(filepath.Join(root, RegistryFile))
	if err != nil {
		t.Fatal(err)
	}
	entry := Entry{ID: "9.9", Title: "Test Exercise", Dir: "9.9-testexercise", Package: "testexercise", Driver: "testexercise", Checks: "testexerciseChecks"}
	if !strings.Contains(string(reg), "\t"+entry.String()+",\n}") {
		t.Errorf("the registry does not end with the new entry:\n%s", reg)
	}

	// Exercises others are still writing may upset the registry test for
	// their own IDs; only complaints about the new exercise count here.
	if out, err := gorun("test", "-count=1", "-run", "^TestRegistryMatchesTree$", "./grader/internal/checks"); err != nil {
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, "9.9") || strings.Contains(line, "testexercise") {
				t.Errorf("TestRegistryMatchesTree: %s", strings.TrimSpace(line))
			}
		}
	}

	// The built grader, not go run, whose exit status is always 1.
	bin := filepath.Join(t.TempDir(), "grader")
	if out, err := gorun("build", "-o", bin, "./grader"); err != nil {
		t.Fatalf("go build ./grader: %v\n%s", err, out)
	}
	cmd := exec.CommandContext(t.Context(), bin, "grade", "--format", "json", "--seed", "1", "9.9")
	cmd.Dir = root
	out, err := cmd.Output()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("grader grade 9.9: %v, want exit status 1 (not every exercise passed)", err)
	}
	var run struct {
		Exercises []struct{ ID, Status string }
	}
	if err := json.Unmarshal(out, &run); err != nil {
		t.Fatalf("grade --format json: %v\n%s", err, out)
	}
	if len(run.Exercises) != 1 || run.Exercises[0].ID != "9.9" || run.Exercises[0].Status != "not_started" {
		t.Errorf("grade 9.9 reported %+v, want 9.9 not_started\n%s", run.Exercises, out)
	}
}

// copyTree copies the regular files under src to dst, leaving out
// testdata (known-bad submissions, golden files) that building ignores.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir() && d.Name() == "testdata":
			return filepath.SkipDir
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case !d.Type().IsRegular():
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
