// Package dist holds the kits that run the grader elsewhere: Gradescope's
// setup.sh and run_autograder, and a GitHub Classroom workflow. Its tests
// run them as those services would, as far as this machine can. The kits
// that grade a batch in shards (github/batch.yml, kubernetes/) are
// checked in kitcheck, a module of its own.
package dist

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"netcourse/grader/course"
)

// gradescopeResults is what Gradescope reads from results.json.
type gradescopeResults struct {
	Score  *float64 `json:"score"`
	Output string   `json:"output"`
	Tests  []struct {
		Number   string  `json:"number"`
		Score    float64 `json:"score"`
		MaxScore float64 `json:"max_score"`
		Status   string  `json:"status"`
		Output   string  `json:"output"`
	} `json:"tests"`
}

// TestRunAutograder lays out /autograder in a temporary folder (source: the
// parts of this course the grader needs; submission: the reference of 1.1
// in each layout a student may upload) and runs run_autograder as
// Gradescope does. setup.sh is only syntax-checked: it installs Go.
func TestRunAutograder(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to run run_autograder with")
	}
	if testing.Short() {
		t.Skip("builds and runs the grader several times")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(repo, "grader/dist/gradescope/run_autograder")
	for _, f := range []string{script, filepath.Join(repo, "grader/dist/gradescope/setup.sh")} {
		if out, err := exec.Command(bash, "-n", f).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", f, err, out)
		}
		if fi, err := os.Stat(f); err != nil || fi.Mode()&0o111 == 0 {
			t.Errorf("%s is not executable: Gradescope runs it as a program", f)
		}
	}

	source := filepath.Join(t.TempDir(), "source")
	for _, p := range []string{"go.mod", "go.sum", "grader", "fixtures", "solutions"} {
		copyPath(t, filepath.Join(repo, p), filepath.Join(source, p))
	}
	ex := course.Lookup("1.1")
	ref := filepath.Join(repo, "solutions", ex.Dir)

	// A link into source/, where the course and its reference solutions are.
	link := func(t *testing.T, to, from string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(from), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(to, from); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name   string
		layout func(t *testing.T, sub string)
		full   bool   // full marks, else zero
		output string // in results.json's top-level output
		says   string // anywhere in results.json
	}{
		{"whole course", func(t *testing.T, sub string) {
			copyPath(t, ref, filepath.Join(sub, "exercises", ex.Dir))
			// A submitted grader must not be the one that grades.
			copyPath(t, filepath.Join(repo, "go.mod"), filepath.Join(sub, "go.mod"))
			os.MkdirAll(filepath.Join(sub, "grader"), 0o755)
			os.WriteFile(filepath.Join(sub, "grader", "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644)
		}, true, "", ""},
		{"exercise folders", func(t *testing.T, sub string) {
			copyPath(t, ref, filepath.Join(sub, ex.Dir))
		}, true, "", ""},
		{"loose files", func(t *testing.T, sub string) {
			copyPath(t, ref, sub)
		}, true, "", ""},
		{"link to the reference", func(t *testing.T, sub string) {
			os.MkdirAll(filepath.Join(sub, ex.Dir), 0o755)
			names, _ := filepath.Glob(filepath.Join(ref, "*.go"))
			for _, n := range names {
				link(t, n, filepath.Join(sub, ex.Dir, filepath.Base(n)))
			}
			os.WriteFile(filepath.Join(sub, "notes.md"), []byte("mine\n"), 0o644)
		}, false, "", "client.go is a symbolic link"},
		{"loose link into source", func(t *testing.T, sub string) {
			link(t, filepath.Join(sub, "..", "source", "solutions", ex.Dir, "client.go"), filepath.Join(sub, "client.go"))
		}, false, "", "client.go is a symbolic link"},
		// The grader finds no Go file in a folder that is a link.
		{"exercise folder linked into source", func(t *testing.T, sub string) {
			link(t, filepath.Join(sub, "..", "source", "solutions", ex.Dir), filepath.Join(sub, ex.Dir))
		}, false, "Nothing was graded", ""},
		{"course linked into source", func(t *testing.T, sub string) {
			link(t, filepath.Join(sub, "..", "source", "solutions"), filepath.Join(sub, "exercises"))
		}, false, "Nothing was graded", ""},
		{"no Go code", func(t *testing.T, sub string) {
			os.WriteFile(filepath.Join(sub, "notes.md"), []byte("mine\n"), 0o644)
		}, false, "no Go files", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "autograder")
			sub := filepath.Join(root, "submission")
			for _, d := range []string{sub, filepath.Join(root, "results")} {
				if err := os.MkdirAll(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Symlink(source, filepath.Join(root, "source")); err != nil {
				t.Fatal(err)
			}
			tc.layout(t, sub)

			cmd := exec.Command(bash, script)
			cmd.Dir = root
			cmd.Env = append(os.Environ(), "AUTOGRADER_ROOT="+root, "GRADER_EXERCISES=1.1", "GRADER_TIMEOUT=2m")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("run_autograder: %v\n%s", err, out)
			}
			data, err := os.ReadFile(filepath.Join(root, "results", "results.json"))
			if err != nil {
				t.Fatalf("%v\nrun_autograder said:\n%s", err, out)
			}
			var res gradescopeResults
			if err := json.Unmarshal(data, &res); err != nil {
				t.Fatalf("results.json: %v\n%s", err, data)
			}
			if res.Score == nil {
				t.Fatalf("results.json has no score:\n%s", data)
			}
			want := 0.0
			if tc.full {
				want = float64(ex.MaxScore())
				if len(res.Tests) != len(ex.Checks) {
					t.Errorf("%d tests, want one per check of %s (%d)", len(res.Tests), ex.ID, len(ex.Checks))
				}
				for _, r := range res.Tests {
					if r.Status != "passed" {
						t.Errorf("test %s %s: %s", r.Number, r.Status, r.Output)
					}
				}
			}
			if *res.Score != want {
				t.Errorf("score %v, want %v\n%s\nrun_autograder said:\n%s", *res.Score, want, data, out)
			}
			if !strings.Contains(res.Output, tc.output) {
				t.Errorf("output %q lacks %q", res.Output, tc.output)
			}
			if !strings.Contains(string(data), tc.says) {
				t.Errorf("results.json lacks %q:\n%s", tc.says, data)
			}
		})
	}
}

// TestClassroomWorkflow checks the GitHub Classroom template for what the
// README promises; GitHub itself is the only full test of a workflow.
func TestClassroomWorkflow(t *testing.T) {
	data, err := os.ReadFile("github/classroom.yml")
	if err != nil {
		t.Fatal(err)
	}
	wf := string(data)
	for _, want := range []string{
		"actions/checkout@", "actions/setup-go@", "go-version-file: .course/go.mod", "make -C .course grader",
		"--format json", "--format github", "actions/upload-artifact@", "results.json",
		`--impl "$GITHUB_WORKSPACE/exercises"`,
	} {
		if !strings.Contains(wf, want) {
			t.Errorf("classroom.yml lacks %q", want)
		}
	}
	if strings.Contains(wf, "\t") {
		t.Error("classroom.yml holds a tab, which YAML forbids for indentation")
	}
	// Both gradings must replay the same faults, or the artifact and the
	// annotations could disagree.
	if strings.Count(wf, "--seed \"$SEED\"") != 2 {
		t.Error("the json and github gradings do not share one seed")
	}
}

// copyPath copies a file or a folder tree.
func copyPath(t *testing.T, from, to string) {
	t.Helper()
	fi, err := os.Stat(from)
	if err != nil {
		t.Fatal(err)
	}
	if fi.IsDir() {
		err = os.CopyFS(to, os.DirFS(from))
	} else {
		var data []byte
		if data, err = os.ReadFile(from); err == nil {
			if err = os.MkdirAll(filepath.Dir(to), 0o755); err == nil {
				err = os.WriteFile(to, data, 0o644)
			}
		}
	}
	if err != nil {
		t.Fatal(err)
	}
}
