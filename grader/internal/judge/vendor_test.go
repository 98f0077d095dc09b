package judge

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// usesHTML is a 1.1 submission that imports golang.org/x/net/html.
const usesHTML = `package tcpclient

import (
	"errors"

	"golang.org/x/net/html"
)

func Get(host string, port int, path string) ([]byte, error) {
	return nil, errors.New(html.EscapeString("<" + host + ">"))
}
`

// TestDeclaredImportsAreVendored: an exercise's Imports reach its child as
// copies in a vendor folder, at the version the project's go.mod requires,
// and nothing but the Go files the go tool compiles and modules.txt.
func TestDeclaredImportsAreVendored(t *testing.T) {
	b := builder(t)
	impl, dir := submission(t)
	write(t, filepath.Join(dir, "client.go"), usesHTML)
	ex := *tcpclient
	ex.Imports = []string{"golang.org/x/net/html"}
	files, err := b.sources(&ex, impl)
	if err != nil {
		t.Fatal(err)
	}
	root, err := os.ReadFile(filepath.Join(b.Root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*golang.org/x/net (v\S+)`).FindSubmatch(root)
	if m == nil {
		t.Fatal("the project's go.mod does not require golang.org/x/net")
	}
	version := string(m[1])
	if want := "require (\n\tgolang.org/x/net " + version + "\n)\n"; !bytes.HasSuffix(files["go.mod"], []byte(want)) {
		t.Errorf("the child's go.mod is\n%s\nwant it to end in\n%s", files["go.mod"], want)
	}
	if want := "# golang.org/x/net " + version + "\n## explicit; go "; !bytes.HasPrefix(files["vendor/modules.txt"], []byte(want)) {
		t.Errorf("vendor/modules.txt is\n%s\nwant it to start with %q", files["vendor/modules.txt"], want)
	}
	if !bytes.Contains(files["go.sum"], []byte("golang.org/x/net "+version+" h1:")) {
		t.Errorf("the child's go.sum is\n%s\nwant the project's lines for golang.org/x/net %s", files["go.sum"], version)
	}
	for _, want := range []string{"vendor/golang.org/x/net/html/token.go", "vendor/golang.org/x/net/html/atom/atom.go"} {
		if _, ok := files[want]; !ok {
			t.Errorf("no %s among the child's files", want)
		}
	}
	for rel := range files {
		if strings.HasPrefix(rel, "vendor/") && rel != "vendor/modules.txt" && (!strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go")) {
			t.Errorf("%s was copied: only the Go files the go tool compiles go in", rel)
		}
	}
	// Exercises that declare nothing keep a go.mod that requires nothing.
	plain, err := b.sources(tcpclient, impl)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(plain["go.mod"], []byte("require")) || plain["vendor/modules.txt"] != nil {
		t.Errorf("an exercise without Imports got requirements:\n%s", plain["go.mod"])
	}
}

// TestDeclaredImportsBuildOffline builds, in the sandbox (no network, no
// module cache), a submission that imports golang.org/x/net/html: it
// builds where the exercise declares the package, and is the student's
// build error where it does not.
func TestDeclaredImportsBuildOffline(t *testing.T) {
	if testing.Short() {
		t.Skip("builds children")
	}
	b := builder(t)
	impl, dir := submission(t)
	write(t, filepath.Join(dir, "client.go"), usesHTML)
	ex := *tcpclient
	ex.Imports = []string{"golang.org/x/net/html"}
	bin, err := b.Build(context.Background(), &ex, impl)
	if err != nil {
		t.Fatalf("with golang.org/x/net/html declared: %v", err)
	}
	if fi, err := os.Stat(bin); err != nil || !fi.Mode().IsRegular() {
		t.Fatalf("no child at %s: %v", bin, err)
	}
	_, err = b.Build(context.Background(), tcpclient, impl)
	var be *BuildError
	if !errors.As(err, &be) || !strings.Contains(be.Output, "golang.org/x/net/html") {
		t.Errorf("undeclared: got %v, want a build error naming golang.org/x/net/html", err)
	}
}

// go list's answer is kept in the cache: a later process (here: a
// cleared vendorCache) gets it without running go list, unless a folder
// it names has gone.
func TestGoListAnswerIsKept(t *testing.T) {
	b := builder(t)
	runs := 0
	list := goList
	goList = func(root string, imports []string) ([]byte, error) {
		runs++
		return list(root, imports)
	}
	t.Cleanup(func() { goList = list; vendorCache.Clear() })
	imports := []string{"golang.org/x/net/html"}
	vendorCache.Clear()
	first, err := vendorList(b.Root, b.Cache, imports)
	if err != nil {
		t.Fatal(err)
	}
	vendorCache.Clear()
	again, err := vendorList(b.Root, b.Cache, imports)
	if err != nil {
		t.Fatal(err)
	}
	if runs != 1 {
		t.Errorf("go list ran %d times for two processes; want once", runs)
	}
	if diff := cmp.Diff(first, again); diff != "" {
		t.Errorf("the kept answer differs from go list's (-listed +kept):\n%s", diff)
	}
	// A kept answer naming a folder that is gone is listed again.
	file := listFile(b.Root, b.Cache, imports)
	gone := append([]listed(nil), first...)
	gone[0].Dir = filepath.Join(t.TempDir(), "gone")
	saveListed(file, gone)
	vendorCache.Clear()
	if _, err := vendorList(b.Root, b.Cache, imports); err != nil {
		t.Fatal(err)
	}
	if runs != 2 {
		t.Errorf("go list ran %d times; want twice: the kept answer names a folder that is gone", runs)
	}
}
