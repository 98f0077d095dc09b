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
// the course's own tests accept the new exercise, the stub grades as not
// started and the example reference earns full marks. It builds the whole
// course, so it takes a while.
func TestNewExerciseBuildsAndGrades(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole course")
	}
	root := t.TempDir()
	for _, p := range []string{"go.mod", "go.sum", "README.md", "fixtures", "grader", "exercises", "solutions"} {
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

	list, err := os.ReadFile(filepath.Join(root, CourseFile))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(list), "\ttestexercise.Exercise,\n}") || !strings.Contains(string(list), `testexercise "netcourse/grader/course/9.9-testexercise"`) {
		t.Errorf("the course list does not end with the new exercise:\n%s", list)
	}

	// The tests that hold the course list, the trees, the README and the
	// hints together. Exercises others are still writing may upset them
	// for their own IDs; only complaints about the new exercise count.
	for _, tc := range []struct{ pkg, run string }{
		{"./grader/course", "^(TestCourseMatchesTree|TestReadmeListsTheCourse|TestHints.*|TestPromises.*)$"},
		{"./grader/internal/cli", "^(TestIsStub|TestListShowsEveryExercise)$"},
	} {
		out, err := gorun("test", "-count=1", "-run", tc.run, tc.pkg)
		if err == nil {
			continue
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, "9.9") || strings.Contains(line, "testexercise") || strings.Contains(line, "Test Exercise") {
				t.Errorf("go test %s: %s", tc.pkg, strings.TrimSpace(line))
			}
		}
	}

	// The built grader, not go run, whose exit status is always 1.
	bin := filepath.Join(t.TempDir(), "grader")
	if out, err := gorun("build", "-o", bin, "./grader"); err != nil {
		t.Fatalf("go build ./grader: %v\n%s", err, out)
	}
	for _, tc := range []struct {
		impl, status string
		exit         int
	}{
		{"exercises", "not_started", 1}, // not every exercise passed
		{"solutions", "passed", 0},
	} {
		cmd := exec.CommandContext(t.Context(), bin, "grade", "--impl", tc.impl, "--format", "json", "--seed", "1", "9.9")
		cmd.Dir = root
		out, err := cmd.Output()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatalf("grader grade --impl %s 9.9: %v", tc.impl, err)
		}
		if code != tc.exit {
			t.Errorf("grader grade --impl %s 9.9: exit status %d, want %d", tc.impl, code, tc.exit)
		}
		var run struct {
			Exercises []struct{ ID, Status string }
		}
		if err := json.Unmarshal(out, &run); err != nil {
			t.Fatalf("grade --format json: %v\n%s", err, out)
		}
		if len(run.Exercises) != 1 || run.Exercises[0].ID != "9.9" || run.Exercises[0].Status != tc.status {
			t.Errorf("grade --impl %s 9.9 reported %+v, want 9.9 %s\n%s", tc.impl, run.Exercises, tc.status, out)
		}
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
