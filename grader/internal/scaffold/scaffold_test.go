package scaffold

import (
	"errors"
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
	for _, name := range []string{"", "Httpget", "http_get", "http2", "go", "func", "string", "main", "json", "wire"} {
		if !isRefused(CheckName(name)) {
			t.Errorf("CheckName(%q) accepted", name)
		}
	}
}

const registrySrc = `package checks

import "netcourse/grader/internal/judge"

// Registry lists the course's exercises.
var Registry = []*judge.Exercise{
	{ID: "1.1", Title: "TCP client", Dir: "1.1-tcpclient", Package: "tcpclient", Driver: "tcpclient", Checks: tcpclientChecks},
	{ID: "1.2", Title: "TCP server", Dir: "1.2-tcpserver", Package: "tcpserver", Driver: "tcpserver", Checks: tcpserverChecks},
}

// Lookup finds an exercise by its ID.
func Lookup(id string) *judge.Exercise { return nil }
`

var newEntry = Entry{ID: "2.1", Title: `HTTP "GET"`, Dir: "2.1-httpget", Package: "httpget", Driver: "httpget", Checks: "httpgetChecks"}

func TestAddEntry(t *testing.T) {
	got, err := AddEntry([]byte(registrySrc), newEntry)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(registrySrc, "tcpserverChecks},\n}", "tcpserverChecks},\n"+
		"\t{ID: \"2.1\", Title: \"HTTP \\\"GET\\\"\", Dir: \"2.1-httpget\", Package: \"httpget\", Driver: \"httpget\", Checks: httpgetChecks},\n}", 1)
	if string(got) != want {
		t.Errorf("AddEntry wrote:\n%s\nwant:\n%s", got, want)
	}
}

// TestAddEntryOtherLayouts: a literal on one line, an empty one, and one
// ending in a comment all get the entry as their last element.
func TestAddEntryOtherLayouts(t *testing.T) {
	head := "package checks\n\nvar Registry = []*judge.Exercise"
	for _, lit := range []string{
		`{{ID: "1.1", Dir: "1.1-a", Checks: aChecks}}`,
		`{}`,
		"{\n\t{ID: \"1.1\", Dir: \"1.1-a\", Checks: aChecks}, // the first\n\t// more to come\n}",
	} {
		got, err := AddEntry([]byte(head+lit+"\n"), newEntry)
		if err != nil {
			t.Errorf("%s: %v", lit, err)
			continue
		}
		if !strings.HasSuffix(string(got), "\t"+newEntry.String()+",\n}\n") {
			t.Errorf("%s: the entry is not the last line of the literal:\n%s", lit, got)
		}
		if again, _ := format.Source(got); string(again) != string(got) {
			t.Errorf("%s: result is not gofmt'ed:\n%s", lit, got)
		}
	}
}

func TestAddEntryRefusesDuplicates(t *testing.T) {
	for _, e := range []Entry{
		{ID: "1.2", Dir: "1.2-other", Checks: "otherChecks"},
		{ID: "2.1", Dir: "1.2-tcpserver", Checks: "otherChecks"},
	} {
		if _, err := AddEntry([]byte(registrySrc), e); !isRefused(err) {
			t.Errorf("AddEntry(%s) = %v, want a refusal", e, err)
		}
	}
	if _, err := AddEntry([]byte("package checks\n"), newEntry); err == nil {
		t.Error("AddEntry found a Registry in a file without one")
	}
}

// course lays out the least of a course that Create works on.
func course(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	write(t, root, RegistryFile, registrySrc)
	write(t, root, "grader/internal/checks/other.go", "package checks\n\nvar takenChecks = 1\n")
	write(t, root, "exercises/1.1-tcpclient/client.go", "package tcpclient\n")
	write(t, root, "exercises/3.1-old/old.go", "package old\n")
	write(t, root, "grader/drivers/driverless/main.go", "package main\n")
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
		{ID: "2.1", Title: "Select"},                      // the made name is a keyword
		{ID: "1.2", Title: "Registered only"},             // ID registered, no folder
		{ID: "1.1", Title: "Registered", Name: "more"},    // ID registered, with a folder
		{ID: "3.1", Title: "Unregistered", Name: "fresh"}, // ID has a folder, not registered
		{ID: "2.1", Title: "Driver exists", Name: "driverless"},
		{ID: "2.1", Title: "Taken identifier", Name: "taken"},
	} {
		files, err := Create(root, s)
		if !isRefused(err) {
			t.Errorf("Create(%+v) = %v, want a refusal", s, err)
		}
		if len(files) > 0 {
			t.Errorf("Create(%+v) wrote %q", s, files)
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
	files, err := Create(root, Spec{ID: "9.9", Title: "Test Exercise"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"exercises/9.9-testexercise/testexercise.go",
		"exercises/9.9-testexercise/README.md",
		"solutions/9.9-testexercise/testexercise.go",
		"grader/drivers/testexercise/main.go",
		"grader/internal/checks/testexercise.go",
		RegistryFile,
	}
	if !slices.Equal(files, want) {
		t.Errorf("Create wrote %q, want %q", files, want)
	}
	readme, err := os.ReadFile(filepath.Join(root, want[1]))
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(string(readme), "\n"); first != "# 9.9 Test Exercise" {
		t.Errorf("README starts %q", first)
	}
	for _, section := range []string{"## The task", "## The API", "## Try it by hand", "## What the grader throws at it", Placeholder} {
		if !strings.Contains(string(readme), section) {
			t.Errorf("README lacks %q", section)
		}
	}
	for path, pkg := range map[string]string{want[0]: "testexercise", want[2]: "testexercise", want[3]: "main", want[4]: "checks"} {
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
	}
	reg, _ := os.ReadFile(filepath.Join(root, RegistryFile))
	entry := `{ID: "9.9", Title: "Test Exercise", Dir: "9.9-testexercise", Package: "testexercise", Driver: "testexercise", Checks: testexerciseChecks},`
	if !strings.Contains(string(reg), entry) {
		t.Errorf("registry lacks %s:\n%s", entry, reg)
	}
	if _, err := Create(root, Spec{ID: "9.9", Title: "Test Exercise"}); !isRefused(err) {
		t.Errorf("creating 9.9 twice: %v, want a refusal", err)
	}
}

func isRefused(err error) bool {
	var r *RefusedError
	return errors.As(err, &r)
}
