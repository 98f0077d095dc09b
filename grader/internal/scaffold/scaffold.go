// Package scaffold creates a new exercise in every tree at once: the stub
// and its README, the reference solution, and the exercise's one folder on
// the grader's side (grader/course/<dir>/: definition, checks, hints,
// promises, try peer, contract, driver, testdata/bad), listed in
// grader/course/course.go and in README.md's course table, so that the
// course builds, its tests pass and it grades the new exercise as not
// started from the first minute. What the instructor must still write is
// marked with Placeholder, which make verify looks for.
package scaffold

import (
	"bytes"
	"embed"
	"fmt"
	"go/format"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"
	"unicode"
)

// Placeholder marks the text grader new writes that the instructor must
// replace. make verify fails while an exercise's files still contain it.
const Placeholder = "TODO(grader new)"

// RefusedError is a refusal caused by the request itself: a bad ID, title
// or name, or an exercise that exists already. Nothing was written.
type RefusedError struct{ Msg string }

func (e *RefusedError) Error() string { return e.Msg }

func refusef(format string, args ...any) error {
	return &RefusedError{Msg: fmt.Sprintf(format, args...)}
}

//go:embed templates/*.tmpl
var templates embed.FS

// Spec is the exercise to create.
type Spec struct {
	ID    string // "2.1"
	Title string // "HTTP GET with query"
	Name  string // folder suffix and package name; from Title when empty
}

// Created is what Create made.
type Created struct {
	Name  string   // the package name, "httpget"
	Dir   string   // the folder in every tree, "2.1-httpget"
	Files []string // what it wrote or changed, relative to the root; folders end in /
}

// data is what the templates see.
type data struct {
	ID, Title, Name, Dir string
	Placeholder          string
}

var idPattern = regexp.MustCompile(`^[0-9]+\.[0-9]+$`)
var namePattern = regexp.MustCompile(`^[a-z]+$`)

// smallWords are left out of names made from titles.
var smallWords = map[string]bool{
	"a": true, "an": true, "and": true, "by": true, "for": true, "from": true, "in": true,
	"of": true, "on": true, "or": true, "the": true, "to": true, "with": true,
}

// reserved are names the generated files use beside the exercise's
// package: the driver imports the student's package under the name, next
// to its own imports and variables, and course.go imports the grader's
// package under it, next to judge. An import named so would not compile.
var reserved = map[string]bool{
	"main": true, "os": true, "time": true, "child": true, "contract": true, "wire": true, "judge": true,
	"fetch": true, "a": true, "r": true, "s": true, "err": true, "start": true, "data": true,
}

// Slug makes an exercise name from a title: the first two words that are
// not small words (a, the, of, with, ...), lowercased and joined, where a
// word is a run of ASCII letters. "HTTP GET with query" gives "httpget",
// "TCP client" gives "tcpclient".
func Slug(title string) (string, error) {
	words := strings.FieldsFunc(strings.ToLower(title), func(r rune) bool { return r < 'a' || r > 'z' })
	var kept []string
	for _, w := range words {
		if !smallWords[w] {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 {
		return "", refusef("no name can be made from the title %q: pass --name", title)
	}
	name := strings.Join(kept[:min(2, len(kept))], "")
	if err := CheckName(name); err != nil {
		return "", refusef("%v (made from the title %q): pass --name", err, title)
	}
	return name, nil
}

// CheckID accepts IDs like 2.1 or 10.12: section, dot, number.
func CheckID(id string) error {
	if !idPattern.MatchString(id) {
		return refusef("exercise ID %q: want section.number, like 2.1", id)
	}
	return nil
}

// CheckName accepts a name usable as folder suffix, package name and
// import name: lowercase ASCII letters, not a Go keyword or predeclared
// name, nor a name the generated files use.
func CheckName(name string) error {
	switch {
	case !namePattern.MatchString(name):
		return refusef("name %q: want lowercase letters a-z only", name)
	case token.IsKeyword(name), types.Universe.Lookup(name) != nil, reserved[name]:
		return refusef("name %q is taken by Go or by the generated files", name)
	}
	return nil
}

// checkTitle keeps the title to one printable line, as the README's first
// line, the course table and `grader list` show it.
func checkTitle(title string) error {
	if strings.TrimSpace(title) == "" || strings.TrimSpace(title) != title || strings.IndexFunc(title, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
		return refusef("title %q: want one line of text without leading or trailing spaces", title)
	}
	if strings.Contains(title, "|") {
		return refusef("title %q: no | please, it would split a cell of README.md's course table", title)
	}
	return nil
}

// file is one file to write, relative to the root.
type file struct {
	path string
	tmpl string
}

// Create writes the exercise described by s into the course at root. It
// refuses, having written nothing, when the ID, a folder or the name is
// taken already.
func Create(root string, s Spec) (*Created, error) {
	if err := CheckID(s.ID); err != nil {
		return nil, err
	}
	if err := checkTitle(s.Title); err != nil {
		return nil, err
	}
	if s.Name == "" {
		name, err := Slug(s.Title)
		if err != nil {
			return nil, err
		}
		s.Name = name
	} else if err := CheckName(s.Name); err != nil {
		return nil, err
	}
	d := data{ID: s.ID, Title: s.Title, Name: s.Name, Dir: s.ID + "-" + s.Name,
		Placeholder: Placeholder}
	grader := filepath.Join(CourseDir, d.Dir)

	files := []file{
		{filepath.Join("exercises", d.Dir, d.Name+".go"), "stub.go.tmpl"},
		{filepath.Join("exercises", d.Dir, "README.md"), "README.md.tmpl"},
		{filepath.Join("solutions", d.Dir, d.Name+".go"), "solution.go.tmpl"},
		{filepath.Join(grader, "exercise.go"), "exercise.go.tmpl"},
		{filepath.Join(grader, "checks.go"), "checks.go.tmpl"},
		{filepath.Join(grader, "hints.go"), "hints.go.tmpl"},
		{filepath.Join(grader, "promises.go"), "promises.go.tmpl"},
		{filepath.Join(grader, "try.go"), "try.go.tmpl"},
		{filepath.Join(grader, "contract", "contract.go"), "contract.go.tmpl"},
		{filepath.Join(grader, "driver", "main.go"), "driver.go.tmpl"},
	}
	scenarios := filepath.Join(grader, "testdata", "bad")
	for _, tree := range []string{"exercises", "solutions", CourseDir} {
		m, err := filepath.Glob(filepath.Join(root, tree, d.ID+"-*"))
		if err != nil {
			return nil, err
		}
		if len(m) > 0 {
			rel, _ := filepath.Rel(root, m[0])
			return nil, refusef("exercise %s exists already: %s", d.ID, rel)
		}
	}
	for _, p := range []string{filepath.Join("exercises", d.Dir), filepath.Join("solutions", d.Dir), grader} {
		if _, err := os.Stat(filepath.Join(root, p)); err == nil {
			return nil, refusef("%s exists already: choose another --name", p)
		}
	}

	// The two shared files: the course list and the README's table.
	course, err := os.ReadFile(filepath.Join(root, CourseFile))
	if err != nil {
		return nil, err
	}
	if course, err = AddToCourse(course, d.ID, d.Name, d.Dir); err != nil {
		return nil, fmt.Errorf("%s: %w", CourseFile, err)
	}
	readme, err := os.ReadFile(filepath.Join(root, ReadmeFile))
	if err != nil {
		return nil, err
	}
	if readme, err = AddTableRow(readme, TableRow{ID: d.ID, Title: d.Title, Folder: "exercises/" + d.Dir}); err != nil {
		return nil, fmt.Errorf("%s: %w", ReadmeFile, err)
	}
	contents := make([][]byte, len(files))
	for i, f := range files {
		if contents[i], err = render(f, d); err != nil {
			return nil, err
		}
	}

	// Everything is known to be new and renders: write, and on a failure
	// take back what was written so the tree is as before. The three
	// folders did not exist, so removing them removes only what we wrote.
	out := &Created{Name: d.Name, Dir: d.Dir}
	var changed map[string][]byte // shared file → its contents before
	undo := func() {
		for _, dir := range []string{filepath.Join("exercises", d.Dir), filepath.Join("solutions", d.Dir), grader} {
			os.RemoveAll(filepath.Join(root, dir))
		}
		for p, old := range changed {
			os.WriteFile(filepath.Join(root, p), old, 0o644)
		}
	}
	for i, f := range files {
		p := filepath.Join(root, f.path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			undo()
			return nil, err
		}
		if err := os.WriteFile(p, contents[i], 0o644); err != nil {
			undo()
			return nil, err
		}
		out.Files = append(out.Files, f.path)
	}
	// Empty: the known-bad submissions are the instructor's to write,
	// and make verify asks for them here.
	if err := os.MkdirAll(filepath.Join(root, scenarios), 0o755); err != nil {
		undo()
		return nil, err
	}
	out.Files = append(out.Files, scenarios+"/")
	changed = map[string][]byte{}
	for _, sh := range []struct {
		path string
		data []byte
	}{{CourseFile, course}, {ReadmeFile, readme}} {
		p := filepath.Join(root, sh.path)
		old, err := os.ReadFile(p)
		if err == nil {
			changed[sh.path] = old
			err = os.WriteFile(p, sh.data, 0o644)
		}
		if err != nil {
			undo()
			return nil, err
		}
		out.Files = append(out.Files, sh.path)
	}
	return out, nil
}

// render fills in a template; Go files come out gofmt'ed.
func render(f file, d data) ([]byte, error) {
	t, err := template.ParseFS(templates, "templates/"+f.tmpl)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, d); err != nil {
		return nil, err
	}
	if !strings.HasSuffix(f.path, ".go") {
		return buf.Bytes(), nil
	}
	out, err := format.Source(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", f.tmpl, err)
	}
	return out, nil
}
