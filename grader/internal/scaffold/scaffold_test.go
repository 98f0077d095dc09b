package scaffold

import (
	"errors"
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	for title, want := range map[string]string{
		"HTTP GET with query":     "httpget",
		"TCP client":              "tcpclient",
		"The TCP server":          "tcpserver",
		"Sockets and concurrency": "socketsconcurrency",
		"HTTP/2 streams":          "httpstreams",
		"Echo":                    "echo",
		"A chat room, with rooms": "chatroom",
	} {
		got, err := Slug(title)
		if err != nil || got != want {
			t.Errorf("Slug(%q) = %q, %v; want %q", title, got, err, want)
		}
	}
	for _, title := range []string{"", "42", "The and of", "Select", "Main", "Fetch"} {
		if got, err := Slug(title); !isRefused(err) {
			t.Errorf("Slug(%q) = %q, %v; want a refusal", title, got, err)
		}
	}
}

func TestCheckIDAndName(t *testing.T) {
	for _, id := range []string{"1.1", "2.10", "10.3"} {
		if err := CheckID(id); err != nil {
			t.Errorf("CheckID(%q): %v", id, err)
		}
	}
	for _, id := range []string{"", "2", "2.", ".1", "2.1.1", "a.b", "2.1-x", " 2.1"} {
		if !isRefused(CheckID(id)) {
			t.Errorf("CheckID(%q) accepted", id)
		}
	}
	for _, name := range []string{"", "Httpget", "http_get", "http2", "go", "func", "string", "main", "contract", "wire", "judge"} {
		if !isRefused(CheckName(name)) {
			t.Errorf("CheckName(%q) accepted", name)
		}
	}
}

const courseSrc = `package course

import (
	tcpclient "netcourse/grader/course/1.1-tcpclient"
	udp "netcourse/grader/course/1.4-udp"
	"netcourse/grader/internal/judge"
)

// Exercises are the course's exercises in course order.
var Exercises = []*judge.Exercise{
	tcpclient.Exercise,
	udp.Exercise,
}

// Lookup finds an exercise by its ID.
func Lookup(id string) *judge.Exercise { return nil }
`

func TestAddToCourse(t *testing.T) {
	for _, tc := range []struct{ id, name, after string }{
		{"1.2", "tcpserver", "tcpclient"}, // between two
		{"1.10", "late", "udp"},           // numbers, not strings: after 1.4
		{"2.1", "httpget", "udp"},         // at the end
		{"0.9", "intro", ""},              // at the start
	} {
		got, err := AddToCourse([]byte(courseSrc), tc.id, tc.name, tc.id+"-"+tc.name)
		if err != nil {
			t.Errorf("%s: %v", tc.id, err)
			continue
		}
		imp := fmt.Sprintf("\t%s \"netcourse/grader/course/%s-%s\"\n", tc.name, tc.id, tc.name)
		if !strings.Contains(string(got), imp) {
			t.Errorf("%s: no import %q:\n%s", tc.id, imp, got)
		}
		elt := "{\n\t" + tc.name + ".Exercise,\n"
		if tc.after != "" {
			elt = "\t" + tc.after + ".Exercise,\n\t" + tc.name + ".Exercise,\n"
		}
		if !strings.Contains(string(got), elt) {
			t.Errorf("%s: %s.Exercise is not after %q:\n%s", tc.id, tc.name, tc.after, got)
		}
		if again, _ := format.Source(got); string(again) != string(got) {
			t.Errorf("%s: result is not gofmt'ed:\n%s", tc.id, got)
		}
	}
}

// TestAddToCourseOneLine: a literal on one line, and an empty one, get
// the exercise as their last element.
func TestAddToCourseOneLine(t *testing.T) {
	head := "package course\n\nimport (\n\ta \"netcourse/grader/course/1.1-a\"\n)\n\nvar Exercises = []*judge.Exercise"
	for _, lit := range []string{`{a.Exercise}`, `{}`} {
		got, err := AddToCourse([]byte(head+lit+"\n"), "2.1", "httpget", "2.1-httpget")
		if err != nil {
			t.Errorf("%s: %v", lit, err)
			continue
		}
		if !strings.HasSuffix(string(got), "\thttpget.Exercise,\n}\n") {
			t.Errorf("%s: the exercise is not the last line of the literal:\n%s", lit, got)
		}
	}
}

func TestAddToCourseRefuses(t *testing.T) {
	for _, tc := range []struct{ id, name string }{
		{"1.4", "other"}, // the ID is listed
		{"2.1", "udp"},   // the import name is taken
		{"2.1", "judge"}, // likewise, by the course list's own import
	} {
		if _, err := AddToCourse([]byte(courseSrc), tc.id, tc.name, tc.id+"-"+tc.name); !isRefused(err) {
			t.Errorf("AddToCourse(%s, %s) = %v, want a refusal", tc.id, tc.name, err)
		}
	}
	if _, err := AddToCourse([]byte("package course\n\nimport (\n\t\"fmt\"\n)\n"), "2.1", "httpget", "2.1-httpget"); err == nil {
		t.Error("AddToCourse found Exercises in a file without one")
	}
}

const readmeSrc = `# course

## The course

| ID  | Exercise | Folder |
|-----|----------|--------|
| 1.1 | TCP client | ` + "`exercises/1.1-tcpclient`" + ` |
| 1.4 | UDP datagrams | ` + "`exercises/1.4-udp`" + ` |

More text.
`

func TestAddTableRow(t *testing.T) {
	for _, tc := range []struct {
		id   string
		want []string // the IDs of the table after
	}{
		{"1.2", []string{"1.1", "1.2", "1.4"}},
		{"1.10", []string{"1.1", "1.4", "1.10"}}, // numbers, not strings
		{"0.1", []string{"0.1", "1.1", "1.4"}},
	} {
		r := TableRow{ID: tc.id, Title: "New " + tc.id, Folder: "exercises/" + tc.id + "-new"}
		got, err := AddTableRow([]byte(readmeSrc), r)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := CourseTable(got)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, row := range rows {
			ids = append(ids, row.ID)
		}
		if !slices.Equal(ids, tc.want) || !slices.Contains(rows, r) {
			t.Errorf("adding %s: rows %q, want %q with %+v", tc.id, ids, tc.want, r)
		}
		if !strings.HasSuffix(string(got), "` |\n\nMore text.\n") {
			t.Errorf("adding %s: the text after the table changed:\n%s", tc.id, got)
		}
	}
	if _, err := AddTableRow([]byte(readmeSrc), TableRow{ID: "1.4", Title: "Again"}); !isRefused(err) {
		t.Errorf("adding 1.4 twice: %v, want a refusal", err)
	}
	for _, bad := range []string{"# course\n", "## The course\n\nNo table.\n\n## Next\n\n| ID | Exercise | Folder |\n|-|-|-|\n", "## The course\n\n| ID | Name |\n|-|-|\n"} {
		if _, err := CourseTable([]byte(bad)); err == nil {
			t.Errorf("found a course table in %q", bad)
		}
	}
}

// course lays out the least of a course that Create works on.
func course(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	write(t, root, CourseFile, courseSrc)
	write(t, root, ReadmeFile, readmeSrc)
	write(t, root, "exercises/1.1-tcpclient/client.go", "package tcpclient\n")
	write(t, root, "exercises/3.1-old/old.go", "package old\n")                        // a folder, not listed
	write(t, root, "grader/course/3.2-graderonly/exercise.go", "package graderonly\n") // likewise
	write(t, root, "solutions/2.5-taken/taken.go", "package taken\n")
	return root
}

func write(t *testing.T, root, path, text string) {
	t.Helper()
	p := filepath.Join(root, path)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// snapshot is every file under root with its contents.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		files[p] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestCreateRefusesAndWritesNothing(t *testing.T) {
	root := course(t)
	before := snapshot(t, root)
	for _, s := range []Spec{
		{ID: "2", Title: "No number"},
		{ID: "2.1.1", Title: "Too deep"},
		{ID: "2.1", Title: ""},
		{ID: "2.1", Title: "Two\nlines"},
		{ID: "2.1", Title: "Bad name", Name: "Bad"},
		{ID: "2.1", Title: "Keyword", Name: "go"},
		{ID: "2.1", Title: "A | B"},                        // would split a table cell
		{ID: "2.1", Title: "Select"},                       // the made name is a keyword
		{ID: "1.4", Title: "Listed only"},                  // ID listed, no folder
		{ID: "1.1", Title: "Listed", Name: "more"},         // ID listed, with a folder
		{ID: "3.1", Title: "Unlisted", Name: "fresh"},      // ID has a folder, not listed
		{ID: "3.2", Title: "Unlisted", Name: "fresher"},    // likewise, on the grader's side
		{ID: "2.5", Title: "Solution only", Name: "other"}, // ID has a solution only
		{ID: "2.1", Title: "Import name taken", Name: "udp"},
		{ID: "2.1", Title: "Contract", Name: "contract"}, // the driver imports contract
	} {
		made, err := Create(root, s)
		if !isRefused(err) {
			t.Errorf("Create(%+v) = %+v, %v; want a refusal", s, made, err)
		}
	}
	after := snapshot(t, root)
	if len(after) != len(before) {
		t.Errorf("the tree changed: %d files before, %d after", len(before), len(after))
	}
	for p, data := range before {
		if after[p] != data {
			t.Errorf("%s changed", p)
		}
	}
}

func TestCreateWritesEveryTree(t *testing.T) {
	root := course(t)
	made, err := Create(root, Spec{ID: "1.2", Title: "Test Exercise"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"exercises/1.2-testexercise/testexercise.go",
		"exercises/1.2-testexercise/README.md",
		"solutions/1.2-testexercise/testexercise.go",
		"grader/course/1.2-testexercise/exercise.go",
		"grader/course/1.2-testexercise/checks.go",
		"grader/course/1.2-testexercise/hints.go",
		"grader/course/1.2-testexercise/promises.go",
		"grader/course/1.2-testexercise/try.go",
		"grader/course/1.2-testexercise/contract/contract.go",
		"grader/course/1.2-testexercise/driver/main.go",
		"grader/course/1.2-testexercise/testdata/bad/",
		CourseFile,
		ReadmeFile,
	}
	if made.Name != "testexercise" || made.Dir != "1.2-testexercise" || !slices.Equal(made.Files, want) {
		t.Errorf("Create made %+v, want files %q", made, want)
	}
	readme, err := os.ReadFile(filepath.Join(root, want[1]))
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(string(readme), "\n"); first != "# 1.2 Test Exercise" {
		t.Errorf("README starts %q", first)
	}
	for _, section := range []string{"## The task", "## The API", "## Try it by hand", "## What the grader throws at it", Placeholder} {
		if !strings.Contains(string(readme), section) {
			t.Errorf("README lacks %q", section)
		}
	}
	pkgs := map[int]string{0: "testexercise", 2: "testexercise", 3: "testexercise", 4: "testexercise", 5: "testexercise", 6: "testexercise", 7: "testexercise", 8: "contract", 9: "main"}
	for i, pkg := range pkgs {
		path := want[i]
		src, err := os.ReadFile(filepath.Join(root, path))
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.PackageClauseOnly)
		if err != nil || f.Name.Name != pkg {
			t.Errorf("%s: package %v, %v; want %s", path, f.Name, err, pkg)
		}
		if formatted, _ := format.Source(src); string(formatted) != string(src) {
			t.Errorf("%s is not gofmt'ed", path)
		}
		// Every grader-side file but the exercise's definition holds
		// something the instructor writes, and make verify says so.
		if i != 3 && !strings.Contains(string(src), Placeholder) {
			t.Errorf("%s does not mark what the instructor writes with %s", path, Placeholder)
		}
	}
	if fi, err := os.Stat(filepath.Join(root, want[10])); err != nil || !fi.IsDir() {
		t.Errorf("%s: %v, want a folder", want[10], err)
	}
	list, _ := os.ReadFile(filepath.Join(root, CourseFile))
	if !strings.Contains(string(list), "\ttcpclient.Exercise,\n\ttestexercise.Exercise,\n\tudp.Exercise,\n") {
		t.Errorf("the course list lacks 1.2 between 1.1 and 1.4:\n%s", list)
	}
	table, _ := os.ReadFile(filepath.Join(root, ReadmeFile))
	if !strings.Contains(string(table), "| 1.2 | Test Exercise | `exercises/1.2-testexercise` |\n| 1.4 |") {
		t.Errorf("the course table lacks 1.2 before 1.4:\n%s", table)
	}
	if _, err := Create(root, Spec{ID: "1.2", Title: "Test Exercise"}); !isRefused(err) {
		t.Errorf("creating 1.2 twice: %v, want a refusal", err)
	}
}

func isRefused(err error) bool {
	var r *RefusedError
	return errors.As(err, &r)
}
