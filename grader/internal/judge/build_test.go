package judge

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"netcourse/grader/internal/sandbox"
)

// drivers lists every exercise's driver package, for go list.
func drivers(t *testing.T) []string {
	t.Helper()
	dirs, err := filepath.Glob("../../course/*/driver")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no drivers found: %v", err)
	}
	for i, d := range dirs {
		dirs[i] = "./" + d
	}
	return dirs
}

// TestChildPackagesMatchDrivers proves ChildPackages is exactly what the
// drivers import from the project, besides the exercises themselves and
// their own contract: no driver links the judge, the checks, the harness
// or the fixtures' fake peers into the student's process.
func TestChildPackagesMatchDrivers(t *testing.T) {
	out, err := exec.Command("go", append([]string{"list", "-deps", "-f", "{{.ImportPath}}"}, drivers(t)...)...).Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var got []string
	for _, p := range strings.Fields(string(out)) {
		rel, ok := strings.CutPrefix(p, "netcourse/")
		if !ok || strings.HasPrefix(rel, "exercises/") ||
			strings.HasPrefix(rel, "grader/course/") && (strings.HasSuffix(rel, "/driver") || strings.HasSuffix(rel, "/contract")) {
			continue
		}
		got = append(got, rel)
	}
	slices.Sort(got)
	want := slices.Sorted(slices.Values(ChildPackages))
	if !slices.Equal(got, want) {
		t.Errorf("drivers import %q from the project, ChildPackages says %q", got, want)
	}
}

// TestChildNeedsOnlyTheStandardLibrary proves the child's module needs no
// module cache: a build in the sandbox has none, and its go.mod requires
// nothing but the modules of an exercise's Imports, which the child gets
// as vendored copies (TestDeclaredImportsAreVendored).
func TestChildNeedsOnlyTheStandardLibrary(t *testing.T) {
	out, err := exec.Command("go", append([]string{"list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}"}, drivers(t)...)...).Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if !strings.HasPrefix(p, "netcourse/") {
			t.Errorf("a child imports %s, outside the standard library and the project", p)
		}
	}
}

var tcpclient = &Exercise{ID: "1.1", Dir: "1.1-tcpclient", Package: "tcpclient"}

// submission makes a submission folder with 1.1's folder in it, and
// returns both.
func submission(t *testing.T) (impl, dir string) {
	t.Helper()
	impl = t.TempDir()
	dir = filepath.Join(impl, tcpclient.Dir)
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return impl, dir
}

func builder(t *testing.T) *Builder {
	t.Helper()
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	return &Builder{Root: root, Cache: t.TempDir()}
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSourcesTakeOnlyRegularFiles: a link, a named pipe or a folder where
// a Go file should be is the student's build error, named; so are a
// submission or exercise folder that is a link. Nothing is read through a
// link.
func TestSourcesTakeOnlyRegularFiles(t *testing.T) {
	b := builder(t)
	ref := filepath.Join(b.Root, "solutions", tcpclient.Dir, "client.go")
	for _, tc := range []struct {
		name string
		make func(t *testing.T, impl, dir string) string // returns the impl to grade
		says string                                      // after the path made
	}{
		{"file linked to the reference", func(t *testing.T, impl, dir string) string {
			os.Symlink(ref, filepath.Join(dir, "client.go"))
			return impl
		}, "client.go is a symbolic link; the grader takes only regular files"},
		{"named pipe", func(t *testing.T, impl, dir string) string {
			write(t, filepath.Join(dir, "client.go"), "package tcpclient\n")
			if err := syscall.Mkfifo(filepath.Join(dir, "pipe.go"), 0o644); err != nil {
				t.Fatal(err)
			}
			return impl
		}, "pipe.go is a named pipe"},
		{"folder named like a Go file", func(t *testing.T, impl, dir string) string {
			write(t, filepath.Join(dir, "client.go"), "package tcpclient\n")
			os.Mkdir(filepath.Join(dir, "x.go"), 0o755)
			return impl
		}, "x.go is a folder"},
		{"exercise folder linked to the reference's", func(t *testing.T, impl, dir string) string {
			os.Remove(dir)
			os.Symlink(filepath.Dir(ref), dir)
			return impl
		}, tcpclient.Dir + " is a symbolic link; the grader takes only real folders"},
		{"submission folder linked to the references", func(t *testing.T, impl, dir string) string {
			link := filepath.Join(t.TempDir(), "impl")
			os.Symlink(filepath.Join(b.Root, "solutions"), link)
			return link
		}, "impl is a symbolic link; the grader takes only real folders"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			impl, dir := submission(t)
			impl = tc.make(t, impl, dir)
			_, err := b.sources(tcpclient, impl)
			var be *BuildError
			if !errors.As(err, &be) || !strings.Contains(be.Output, tc.says) {
				t.Errorf("got %v, want a build error saying %q", err, tc.says)
			}
		})
	}
}

// TestSourcesCopyOnlyCompiledFiles: names the go tool ignores (tests,
// _x.go, .x.go) and other files are neither read nor copied, whatever
// they are; a file over the size limit is refused.
func TestSourcesCopyOnlyCompiledFiles(t *testing.T) {
	b := builder(t)
	impl, dir := submission(t)
	write(t, filepath.Join(dir, "client.go"), "package tcpclient\n")
	write(t, filepath.Join(dir, "client_test.go"), "package tcpclient\n")
	write(t, filepath.Join(dir, ".hidden.go"), "package tcpclient\n")
	write(t, filepath.Join(dir, "notes.txt"), "mine\n")
	os.Symlink("/proc/self/environ", filepath.Join(dir, "_environ.go"))
	os.Symlink("/proc/self/environ", filepath.Join(dir, "environ.txt"))
	files, err := b.sources(tcpclient, impl)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rel := range files {
		if strings.HasPrefix(rel, "exercises/") {
			got = append(got, rel)
		}
	}
	if want := []string{"exercises/1.1-tcpclient/client.go"}; !slices.Equal(got, want) {
		t.Errorf("copied %q, want only %q", got, want)
	}
	if !bytes.HasPrefix(files["go.mod"], []byte("module netcourse\n\ngo ")) || bytes.Contains(files["go.mod"], []byte("require")) {
		t.Errorf("the child's go.mod is\n%s\nwant the module and Go version only", files["go.mod"])
	}

	write(t, filepath.Join(dir, "big.go"), "package tcpclient\n\n//"+strings.Repeat("x", maxSourceFile)+"\n")
	_, err = b.sources(tcpclient, impl)
	var be *BuildError
	if !errors.As(err, &be) || !strings.Contains(be.Output, "big.go is larger than 1 MiB") {
		t.Errorf("a file over 1 MiB: got %v, want a build error naming it", err)
	}
}

// TestEmbedReachesOnlyTheCopies builds a submission that embeds a link to
// the grader's environment under a name the go tool ignores: the build
// fails, and nothing of the environment reaches the message.
func TestEmbedReachesOnlyTheCopies(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a child")
	}
	t.Setenv("NETCOURSE_TEST_SECRET", "s3cr3t-in-the-environment")
	b := builder(t)
	impl, dir := submission(t)
	os.Symlink("/proc/self/environ", filepath.Join(dir, "_environ.go"))
	write(t, filepath.Join(dir, "client.go"), `package tcpclient

import (
	_ "embed"
	"errors"
)

//go:embed _environ.go
var environ string

func Get(host string, port int, path string) ([]byte, error) { return nil, errors.New(environ) }
`)
	_, err := b.Build(context.Background(), tcpclient, impl)
	var be *BuildError
	if !errors.As(err, &be) || !strings.Contains(be.Output, "pattern _environ.go: no matching files found") {
		t.Errorf("got %v, want the build to find no _environ.go", err)
	}
	if err != nil && strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("the environment reached the message: %v", err)
	}
}

// TestCachedChildStartsNothing: with the child in the cache, Build
// returns it without a build or the toolchain's warm-up.
func TestCachedChildStartsNothing(t *testing.T) {
	b := builder(t)
	impl, dir := submission(t)
	write(t, filepath.Join(dir, "client.go"), "package tcpclient\n")
	files, err := b.sources(tcpclient, impl)
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(b.Cache, key(files))
	write(t, bin, "cached")
	t.Setenv("PATH", "") // no go command to start
	got, err := b.Build(context.Background(), tcpclient, impl)
	if err != nil || got != bin {
		t.Fatalf("Build = %q, %v; want the cached %q", got, err, bin)
	}
	warmed.Lock()
	defer warmed.Unlock()
	if _, ok := warmed.reuse[b.Cache]; ok {
		t.Error("a cached child warmed the build cache up")
	}
}

// TestBuildFailureMessages: a build stopped at a limit is the student's
// build error, saying which; a build the grader could not run is not.
func TestBuildFailureMessages(t *testing.T) {
	for _, tc := range []struct {
		err  error
		says string // "" for the grader's own error
	}{
		{&sandbox.BuildFailed{Status: "exit status 1"}, "x.go:1:1: syntax error"},
		{&sandbox.Exceeded{Limit: sandbox.Memory, Max: "1 GiB"}, "the compiler used more than 1 GiB of memory compiling your code"},
		{&sandbox.Exceeded{Limit: sandbox.CPU, Max: "1m0s"}, "the compiler used more than 1m0s of CPU time compiling your code"},
		{&sandbox.Exceeded{Limit: sandbox.Output, Max: "1 MiB"}, "the compiler wrote more than 1 MiB of messages"},
		{&sandbox.BuildTimeout{Max: time.Minute}, "the build of your code took more than 1m0s"},
		{&sandbox.FileTooLarge{Max: "64 MiB"}, "the compiler tried to write a file larger than 64 MiB"},
		{errors.New("starting go build: no such file"), ""},
	} {
		err := buildFailure(tc.err, "x.go:1:1: syntax error")
		var be *BuildError
		switch {
		case tc.says == "" && errors.As(err, &be):
			t.Errorf("%v became the student's build error %q", tc.err, be.Output)
		case tc.says != "" && (!errors.As(err, &be) || !strings.HasPrefix(be.Output, tc.says)):
			t.Errorf("%v: got %v, want a build error starting %q", tc.err, err, tc.says)
		}
	}
}
