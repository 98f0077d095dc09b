package course

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/scaffold"
	"netcourse/grader/internal/verify"
)

const root = "../.."

// TestCourseMatchesTree proves the one course list, the folders of every
// tree and the READMEs agree, so no list is kept by hand in two places.
func TestCourseMatchesTree(t *testing.T) {
	ids := map[string]bool{}
	dirs := map[string]bool{}
	folders := map[string]bool{}
	for _, ex := range Exercises {
		if ids[ex.ID] {
			t.Errorf("exercise %s is in the course list twice", ex.ID)
		}
		ids[ex.ID], dirs[ex.Dir], folders[ex.Dir] = true, true, true
		if !strings.HasPrefix(ex.Dir, ex.ID+"-") {
			t.Errorf("%s: folder %q does not start with its ID", ex.ID, ex.Dir)
		}
		for _, tree := range []string{"exercises", "solutions"} {
			if got := packageName(t, filepath.Join(root, tree, ex.Dir)); got != ex.Package {
				t.Errorf("%s: %s/%s is package %q, course list says %q", ex.ID, tree, ex.Dir, got, ex.Package)
			}
		}
		// Not testdata/bad: git keeps no empty folder, and make verify
		// asks for the known-bad submissions there, by name.
		for _, f := range []string{"exercise.go", "driver/main.go", "contract/contract.go"} {
			if _, err := os.Stat(filepath.Join(root, ex.Folder(), f)); err != nil {
				t.Errorf("%s: %v", ex.ID, err)
			}
		}
		readme, err := os.ReadFile(filepath.Join(root, "exercises", ex.Dir, "README.md"))
		if err != nil {
			t.Errorf("%s: %v", ex.ID, err)
		} else if first, _, _ := strings.Cut(string(readme), "\n"); first != "# "+ex.ID+" "+ex.Title {
			t.Errorf("%s: README title is %q, want %q", ex.ID, first, "# "+ex.ID+" "+ex.Title)
		}
		names := map[string]bool{}
		for _, c := range ex.Checks {
			if names[c.Name] {
				t.Errorf("%s: check %q twice", ex.ID, c.Name)
			}
			names[c.Name] = true
			if c.Points <= 0 || c.Run == nil {
				t.Errorf("%s: check %q needs points and a Run function", ex.ID, c.Name)
			}
		}
	}
	for tree, want := range map[string]map[string]bool{"exercises": dirs, "solutions": dirs, "grader/course": folders} {
		entries, err := os.ReadDir(filepath.Join(root, tree))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() && !want[e.Name()] {
				t.Errorf("%s/%s is not in the course list", tree, e.Name())
			}
		}
	}
}

// TestReadmeListsTheCourse: the course table in README.md lists exactly
// the course's exercises, in course order, with their titles and folders
// (grader new adds the row).
func TestReadmeListsTheCourse(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(root, scaffold.ReadmeFile))
	if err != nil {
		t.Fatal(err)
	}
	got, err := scaffold.CourseTable(readme)
	if err != nil {
		t.Fatalf("%s: %v", scaffold.ReadmeFile, err)
	}
	var want []scaffold.TableRow
	for _, ex := range Exercises {
		want = append(want, scaffold.TableRow{ID: ex.ID, Title: ex.Title, Folder: "exercises/" + ex.Dir})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the course table of %s is not the course list (-want +got):\n%s", scaffold.ReadmeFile, diff)
	}
}

// TestScenariosNameRealChecks keeps known-bad scenarios in step with
// renamed checks.
func TestScenariosNameRealChecks(t *testing.T) {
	scens, err := verify.LoadScenarios(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(scens) == 0 {
		t.Fatal("no scenarios found")
	}
	for _, s := range scens {
		ex := Lookup(s.Exercise)
		if ex == nil {
			t.Errorf("%s: unknown exercise %q", s.Name, s.Exercise)
			continue
		}
		if s.About == "" {
			t.Errorf("%s: says nothing about the mistake", s.Name)
		}
		if !strings.HasPrefix(s.Name, s.Exercise+"-") {
			t.Errorf("%s: name should start with %s-", s.Name, s.Exercise)
		}
		for _, f := range s.Fails {
			if !slices.ContainsFunc(ex.Checks, func(c judge.Check) bool { return c.Name == f }) {
				t.Errorf("%s: fails %q, which is no check of %s", s.Name, f, s.Exercise)
			}
		}
		if filepath.Dir(s.Dir) != filepath.FromSlash(verify.ScenarioDir(ex)) {
			t.Errorf("%s: in %s, want it in %s", s.Name, filepath.Dir(s.Dir), verify.ScenarioDir(ex))
		}
		if _, err := os.Stat(filepath.Join(root, s.Dir, ex.Dir)); err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
	}
}

func packageName(t *testing.T, dir string) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	if len(files) == 0 {
		t.Errorf("%s: no Go files", dir)
		return ""
	}
	f, err := parser.ParseFile(token.NewFileSet(), files[0], nil, parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	return f.Name.Name
}
