// Package scaffold creates a new exercise in every tree at once: the stub
// and its README, the reference solution, the driver, a check file and the
// registry entry, so that the course builds and grades it as not started
// from the first minute. What the instructor must still write is marked
// with Placeholder, which make verify looks for.
package scaffold

import (
	"bytes"
	"embed"
	"fmt"
	"go/format"
	"go/parser"
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

// RegistryFile is where the exercise list lives, relative to the root.
const RegistryFile = "grader/internal/checks/registry.go"

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
	Name  string // folder suffix, package and driver name; from Title when empty
}

// data is what the templates see.
type data struct {
	ID, Title, Name, Dir string
	Camel                string // Name with a capital, inside identifiers
	Placeholder          string
}

var idPattern = regexp.MustCompile(`^[0-9]+\.[0-9]+$`)
var namePattern = regexp.MustCompile(`^[a-z]+$`)

// smallWords are left out of names made from titles.
var smallWords = map[string]bool{
	"a": true, "an": true, "and": true, "by": true, "for": true, "from": true, "in": true,
	"of": true, "on": true, "or": true, "the": true, "to": true, "with": true,
}

// reserved are names that cannot be a package name or that the generated
// driver uses itself, so an import named so would not compile.
var reserved = map[string]bool{
	"main": true, "json": true, "os": true, "time": true, "child": true, "wire": true,
	"fetch": true, "a": true, "r": true, "s": true, "raw": true, "err": true, "start": true, "data": true,
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
// name, nor a name the generated driver uses.
func CheckName(name string) error {
	switch {
	case !namePattern.MatchString(name):
		return refusef("name %q: want lowercase letters a-z only", name)
	case token.IsKeyword(name), types.Universe.Lookup(name) != nil, reserved[name]:
		return refusef("name %q is taken by Go or by the generated driver", name)
	}
	return nil
}

// checkTitle keeps the title to one printable line, as the README's first
// line and the registry show it.
func checkTitle(title string) error {
	if strings.TrimSpace(title) == "" || strings.TrimSpace(title) != title || strings.IndexFunc(title, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
		return refusef("title %q: want one line of text without leading or trailing spaces", title)
	}
	return nil
}

// file is one file to write, relative to the root.
type file struct {
	path string
	tmpl string
}

// Create writes the exercise described by s into the course at root and
// returns the paths it wrote, relative to root. It refuses, having written
// nothing, when the ID, a folder or a name exists already.
func Create(root string, s Spec) ([]string, error) {
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
		Camel: strings.ToUpper(s.Name[:1]) + s.Name[1:], Placeholder: Placeholder}

	files := []file{
		{filepath.Join("exercises", d.Dir, d.Name+".go"), "stub.go.tmpl"},
		{filepath.Join("exercises", d.Dir, "README.md"), "README.md.tmpl"},
		{filepath.Join("solutions", d.Dir, d.Name+".go"), "solution.go.tmpl"},
		{filepath.Join("grader/drivers", d.Name, "main.go"), "driver.go.tmpl"},
		{filepath.Join("grader/internal/checks", d.Name+".go"), "checks.go.tmpl"},
	}
	if err := refuseExisting(root, d, files); err != nil {
		return nil, err
	}
	if err := refuseTakenIdentifiers(filepath.Join(root, "grader/internal/checks"), d); err != nil {
		return nil, err
	}
	reg, err := os.ReadFile(filepath.Join(root, RegistryFile))
	if err != nil {
		return nil, err
	}
	reg, err = AddEntry(reg, Entry{ID: d.ID, Title: d.Title, Dir: d.Dir, Package: d.Name, Driver: d.Name, Checks: d.Name + "Checks"})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", RegistryFile, err)
	}
	contents := make([][]byte, len(files))
	for i, f := range files {
		if contents[i], err = render(f, d); err != nil {
			return nil, err
		}
	}

	// Everything is known to be new and renders: write, and on a failure
	// take back what was written so the tree is as before.
	var written []string
	undo := func() {
		for _, p := range written {
			os.Remove(filepath.Join(root, p))
		}
		for _, dir := range []string{filepath.Join("exercises", d.Dir), filepath.Join("solutions", d.Dir), filepath.Join("grader/drivers", d.Name)} {
			os.Remove(filepath.Join(root, dir)) // only if empty
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
		written = append(written, f.path)
	}
	if err := os.WriteFile(filepath.Join(root, RegistryFile), reg, 0o644); err != nil {
		undo()
		return nil, err
	}
	return append(written, RegistryFile), nil
}

// refuseExisting refuses an exercise whose ID already has a folder, or
// whose files or folders exist.
func refuseExisting(root string, d data, files []file) error {
	for _, tree := range []string{"exercises", "solutions"} {
		m, err := filepath.Glob(filepath.Join(root, tree, d.ID+"-*"))
		if err != nil {
			return err
		}
		if len(m) > 0 {
			rel, _ := filepath.Rel(root, m[0])
			return refusef("exercise %s exists already: %s", d.ID, rel)
		}
	}
	paths := []string{filepath.Join("grader/drivers", d.Name)}
	for _, f := range files {
		paths = append(paths, f.path)
	}
	for _, p := range paths {
		if _, err := os.Stat(filepath.Join(root, p)); err == nil {
			return refusef("%s exists already: choose another --name", p)
		}
	}
	return nil
}

// refuseTakenIdentifiers refuses a name whose generated identifiers are
// declared already in the checks package, which would not compile.
func refuseTakenIdentifiers(dir string, d data) error {
	mine := map[string]bool{d.Name + "Checks": true, d.Name + "Within": true, d.Name + "Args": true, "check" + d.Camel + "Fetch": true}
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return err
	}
	fset := token.NewFileSet()
	for _, p := range paths {
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			for _, name := range declaredNames(decl) {
				if mine[name] {
					return refusef("%s already declares %s: choose another --name", filepath.Base(p), name)
				}
			}
		}
	}
	return nil
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
