package judge

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

// ChildPackages are the project folders every child is built from, besides
// its driver and the submission's folder. The judge copies only these into
// the child's temporary module; a test checks them against go list.
var ChildPackages = []string{"fixtures/sock", "grader/child", "grader/wire"}

// BuildError is a submission that does not compile (or is not the package
// the exercise asks for). Output uses the student's file names.
type BuildError struct{ Output string }

func (e *BuildError) Error() string { return e.Output }

// MissingError says the submission has no folder, or no Go files, for an
// exercise.
type MissingError struct{ Reason string }

func (e *MissingError) Error() string { return e.Reason }

// Builder builds child binaries, keeping them in a cache keyed by the hash
// of every source file that goes in, so an unchanged exercise is not
// rebuilt.
type Builder struct {
	Root  string // the project's root folder
	Cache string // where built children are kept
}

// Build builds the child for exercise ex from the submission folder impl
// (laid out like exercises/) and returns the binary's path.
func (b *Builder) Build(ctx context.Context, ex *Exercise, impl string) (string, error) {
	files, err := b.sources(ex, impl)
	if err != nil {
		return "", err
	}
	bin := filepath.Join(b.Cache, key(files))
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	tmp, err := os.MkdirTemp("", "netcourse-build-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	for rel, data := range files {
		p := filepath.Join(tmp, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return "", err
		}
	}
	if err := os.MkdirAll(b.Cache, 0o755); err != nil {
		return "", err
	}
	// Linked beside its final name, then renamed into place: a rename
	// within one folder is atomic (across filesystems, say /tmp on tmpfs,
	// it fails), so concurrent builds of one key each publish a whole
	// binary and no reader sees half of one.
	out, err := filepath.Abs(bin + "." + filepath.Base(tmp)) // go build runs in tmp
	if err != nil {
		return "", err
	}
	defer os.Remove(out) // only after a failure is it still there
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", out, "./grader/drivers/"+ex.Driver)
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local", "GOFLAGS=-mod=readonly -buildvcs=false", "CGO_ENABLED=0")
	if msg, err := cmd.CombinedOutput(); err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", &BuildError{Output: studentPaths(string(msg), ex, impl)}
	}
	if err := os.Rename(out, bin); err != nil {
		return "", err
	}
	return bin, nil
}

// sources collects the child's module: relative path to contents.
func (b *Builder) sources(ex *Exercise, impl string) (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(b.Root, f))
		if err != nil {
			return nil, err
		}
		files[f] = data
	}
	for _, dir := range append(ChildPackages, "grader/drivers/"+ex.Driver) {
		if _, err := readPackage(filepath.Join(b.Root, dir), dir, files); err != nil {
			return nil, err
		}
	}
	src := filepath.Join(impl, ex.Dir)
	if fi, err := os.Stat(src); err != nil || !fi.IsDir() {
		return nil, &MissingError{Reason: fmt.Sprintf("there is no folder %s", src)}
	}
	n, err := readPackage(src, "exercises/"+ex.Dir, files)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, &MissingError{Reason: fmt.Sprintf("%s has no Go files", src)}
	}
	for rel, data := range files {
		if !strings.HasPrefix(rel, "exercises/") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), rel, data, parser.PackageClauseOnly)
		if err == nil && f.Name.Name != ex.Package {
			return nil, &BuildError{Output: fmt.Sprintf("%s: package %s, want package %s",
				filepath.Join(src, filepath.Base(rel)), f.Name.Name, ex.Package)}
		}
	}
	return files, nil
}

// readPackage adds dir's non-test Go files under the name prefix.
func readPackage(dir, prefix string, files map[string][]byte) (int, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return 0, err
		}
		files[prefix+"/"+filepath.Base(name)] = data
		n++
	}
	return n, nil
}

// key hashes the toolchain and every file, in a fixed order.
func key(files map[string][]byte) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	fmt.Fprintf(h, "%s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	for _, n := range names {
		fmt.Fprintf(h, "%s %d\n", n, len(files[n]))
		h.Write(files[n])
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// studentPaths rewrites the compiler's paths in the temporary module to
// the submission's own, and drops the package banner.
func studentPaths(msg string, ex *Exercise, impl string) string {
	var b bytes.Buffer
	for _, l := range strings.Split(strings.TrimSpace(msg), "\n") {
		if strings.HasPrefix(l, "# ") {
			continue
		}
		l = strings.TrimPrefix(l, "./")
		l = strings.Replace(l, "exercises/"+ex.Dir+"/", filepath.Join(impl, ex.Dir)+"/", 1)
		b.WriteString(l + "\n")
	}
	return strings.TrimSpace(b.String())
}

// IsBuildProblem reports whether err is about the submission's sources.
func IsBuildProblem(err error) bool {
	var be *BuildError
	var me *MissingError
	return errors.As(err, &be) || errors.As(err, &me)
}
