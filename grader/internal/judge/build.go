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
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"netcourse/grader/internal/sandbox"
)

// ChildPackages are the project folders every child is built from, besides
// its driver and the submission's folder. The judge copies only these into
// the child's temporary module; a test checks them against go list.
var ChildPackages = []string{"fixtures/sock", "grader/child", "grader/wire"}

// BuildLimits bound one build of a child, in the sandbox. A child's build
// with the toolchain's packages already compiled (see warm) takes a few
// seconds and well under 400 MiB, its binary a few MiB; a submission
// whose code makes the compiler work much harder is a build error.
var (
	BuildLimits = sandbox.Limits{
		CPU:      60 * time.Second,
		Memory:   1 << 30,
		Procs:    256, // the go command and the compilers it runs, with their threads
		FileSize: 64 << 20,
		Output:   1 << 20,
	}
	BuildTime = 60 * time.Second
)

// warmLimits bound the build of the grader's own packages and the standard
// library they need into an empty build cache (a cold build measured 35 s
// of CPU time and 330 MiB on two cores).
var (
	warmLimits = sandbox.Limits{CPU: 10 * time.Minute, Memory: 2 << 30, Procs: 256, FileSize: 64 << 20, Output: 1 << 20}
	warmTime   = 10 * time.Minute
)

// Limits on what the judge reads of a submission: far above any honest
// exercise, low enough that reading it costs nothing.
const (
	maxSourceFile  = 1 << 20
	maxSourceTotal = 4 << 20
)

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

	memoOnce sync.Once
	pace     *pace
	refs     *references
}

// memos is what earlier runs left in Cache: how long the checks took when
// they last passed, and what the reference solutions measured.
func (b *Builder) memos() (*pace, *references) {
	b.memoOnce.Do(func() { b.pace, b.refs = loadPace(b.Cache), loadReferences(b.Cache) })
	return b.pace, b.refs
}

// Build builds the child for exercise ex from the submission folder impl
// (laid out like exercises/) and returns the binary's path. The build runs
// in the sandbox within BuildLimits, on copies of the files the go tool
// compiles; a cached child starts nothing.
func (b *Builder) Build(ctx context.Context, ex *Exercise, impl string) (string, error) {
	files, err := b.sources(ex, impl)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(b.Cache, 0o755); err != nil {
		return "", err
	}
	// The child will start as the small wrapper, made beside this build
	// if need be; should that fail, it starts as the grader, only slower.
	defer b.wrapper(ctx)()
	bin := filepath.Join(b.Cache, key(files))
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	reuse, err := b.warm(ctx, files)
	if err != nil {
		return "", err
	}
	// Beside the cache, so that the binary is renamed into place: a rename
	// within one file system is atomic, so concurrent builds of one key
	// each publish a whole binary and no reader sees half of one.
	dir, err := os.MkdirTemp(b.Cache, "build-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	mod, out, err := layout(dir, files)
	if err != nil {
		return "", err
	}
	args := []string{"-trimpath", "-o", filepath.Join(out, "child"), "./" + ex.Folder() + "/driver"}
	if _, ok := files["vendor/modules.txt"]; ok {
		args = append([]string{"-mod=vendor"}, args...)
	}
	var msg bytes.Buffer
	g := sandbox.GoBuild{Module: mod, Args: args,
		Out: out, Cache: b.Cache, Reuse: reuse, Limits: BuildLimits, Time: BuildTime}
	if err := g.Run(ctx, &msg); err != nil {
		return "", buildFailure(err, apiMismatch(studentPaths(msg.String(), ex, impl), ex, b.Root))
	}
	child := filepath.Join(out, "child")
	if os.Geteuid() == 0 {
		// Built as Nobody: the cached child is root's, like its cache.
		if err := os.Lchown(child, 0, 0); err != nil {
			return "", err
		}
	}
	if err := os.Rename(child, bin); err != nil {
		return "", err
	}
	return bin, nil
}

// buildFailure turns what went wrong in a build into the student's build
// error, or the grader's own.
func buildFailure(err error, output string) error {
	var (
		failed *sandbox.BuildFailed
		late   *sandbox.BuildTimeout
		big    *sandbox.FileTooLarge
		over   *sandbox.Exceeded
	)
	why := ""
	switch {
	case errors.As(err, &failed):
		return &BuildError{Output: output}
	case errors.As(err, &late):
		why = fmt.Sprintf("the build of your code took more than %v", late.Max)
	case errors.As(err, &big):
		why = "the compiler tried to write a file larger than " + big.Max + " (the compiled program or a package's object file)"
	case errors.As(err, &over) && over.Limit == sandbox.Memory:
		why = "the compiler used more than " + over.Max + " of memory compiling your code"
	case errors.As(err, &over) && over.Limit == sandbox.CPU:
		why = "the compiler used more than " + over.Max + " of CPU time compiling your code"
	case errors.As(err, &over) && over.Limit == sandbox.Output:
		why = "the compiler wrote more than " + over.Max + " of messages about your code"
	default:
		return err
	}
	// What the go command said after that is only how it was stopped.
	return &BuildError{Output: why + ", and was stopped: look for huge constants, arrays or literals (a child builds in seconds, in a few hundred MiB)"}
}

// layout writes files into dir/mod, the build's module, and makes
// dir/out, where the build writes.
func layout(dir string, files map[string][]byte) (mod, out string, err error) {
	mod, out = filepath.Join(dir, "mod"), filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		return "", "", err
	}
	for rel, data := range files {
		p := filepath.Join(mod, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", "", err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return "", "", err
		}
	}
	return mod, out, nil
}

// warmed records the build caches whose toolchain packages are compiled,
// each with the cache its builds reuse.
var warmed struct {
	sync.Mutex
	reuse map[string]string
}

// warm compiles, once per build cache and process, the grader's own child
// packages and the standard library every driver needs, within generous
// limits: a submission's build then only compiles its own code (and what
// else it imports), and its limits are about that. With the cache warm
// this takes a fraction of a second, and with the user's own build cache
// (sandbox.GoBuild.Reuse) holding what `make grader` compiled, about as
// little on a first run. It returns the cache that builds reuse: the
// user's, unless building with it failed here, where the failure can
// only be the grader's, never a submission's.
func (b *Builder) warm(ctx context.Context, files map[string][]byte) (string, error) {
	warmed.Lock()
	defer warmed.Unlock()
	if reuse, ok := warmed.reuse[b.Cache]; ok {
		return reuse, nil
	}
	pkgs, err := b.warmPackages()
	if err != nil {
		return "", err
	}
	// The go.mod without an exercise's requirements: the warm-up builds
	// none of its vendored packages.
	gomod, err := childGoMod(b.Root)
	if err != nil {
		return "", err
	}
	own := map[string][]byte{"go.mod": gomod}
	for rel, data := range files {
		if slices.Contains(ChildPackages, filepath.Dir(rel)) {
			own[rel] = data
		}
	}
	build := func(reuse string) error {
		dir, err := os.MkdirTemp(b.Cache, "build-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		mod, out, err := layout(dir, own)
		if err != nil {
			return err
		}
		var msg bytes.Buffer
		g := sandbox.GoBuild{Module: mod, Args: append([]string{"-trimpath"}, pkgs...), Out: out, Cache: b.Cache, Reuse: reuse, Limits: warmLimits, Time: warmTime}
		if err := g.Run(ctx, &msg); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("building the grader's own packages: %w\n%s", err, strings.TrimSpace(msg.String()))
		}
		return nil
	}
	reuse := sandbox.UserGoCache()
	err = build(reuse)
	if err != nil && reuse != "" && ctx.Err() == nil {
		reuse = ""
		err = build(reuse)
	}
	if err != nil {
		return "", err
	}
	if warmed.reuse == nil {
		warmed.reuse = map[string]string{}
	}
	warmed.reuse[b.Cache] = reuse
	return reuse, nil
}

// wrapper installs the sandbox's small wrapper once per cache and
// process, and returns a function that waits until that is done.
func (b *Builder) wrapper(ctx context.Context) (wait func()) {
	wrappers.Lock()
	defer wrappers.Unlock()
	done, ok := wrappers.done[b.Cache]
	if !ok {
		done = make(chan struct{})
		if wrappers.done == nil {
			wrappers.done = map[string]chan struct{}{}
		}
		wrappers.done[b.Cache] = done
		go func() {
			defer close(done)
			sandbox.InstallWrapper(ctx, b.Cache)
		}()
	}
	return func() { <-done }
}

var wrappers struct {
	sync.Mutex
	done map[string]chan struct{}
}

// warmPackages lists the child packages and the standard packages that
// they and the drivers import.
func (b *Builder) warmPackages() ([]string, error) {
	var pkgs []string
	for _, d := range ChildPackages {
		pkgs = append(pkgs, "./"+d)
	}
	dirs := slices.Clone(ChildPackages)
	for _, pattern := range []string{"grader/course/*/driver", "grader/course/*/contract"} {
		found, err := filepath.Glob(filepath.Join(b.Root, pattern))
		if err != nil {
			return nil, err
		}
		for _, d := range found {
			rel, err := filepath.Rel(b.Root, d)
			if err != nil {
				return nil, err
			}
			dirs = append(dirs, filepath.ToSlash(rel))
		}
	}
	std := map[string]bool{}
	for _, d := range dirs {
		names, err := filepath.Glob(filepath.Join(b.Root, d, "*.go"))
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			f, err := parser.ParseFile(token.NewFileSet(), n, nil, parser.ImportsOnly)
			if err != nil {
				return nil, err
			}
			for _, im := range f.Imports {
				p, _ := strconv.Unquote(im.Path.Value)
				if first, _, _ := strings.Cut(p, "/"); !strings.Contains(first, ".") && first != "netcourse" {
					std[p] = true
				}
			}
		}
	}
	for p := range std {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	return pkgs, nil
}

// sources collects the child's module: relative path to contents.
func (b *Builder) sources(ex *Exercise, impl string) (map[string][]byte, error) {
	gomod, err := childGoMod(b.Root)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{"go.mod": gomod}
	if len(ex.Imports) > 0 {
		v, err := vendor(b.Root, b.Cache, ex.Imports)
		if err != nil {
			return nil, err
		}
		maps.Copy(files, v.files)
		files["go.mod"] = withRequires(gomod, v)
		files["go.sum"] = []byte(strings.Join(v.sums, "\n") + "\n")
	}
	for _, dir := range append(ChildPackages, ex.ChildFolders()...) {
		if _, err := readPackage(filepath.Join(b.Root, dir), dir, files); err != nil {
			return nil, fmt.Errorf("the grader's own %s: %v", dir, err)
		}
	}
	src := filepath.Join(impl, ex.Dir)
	for _, d := range []string{impl, src} {
		fi, err := os.Lstat(d)
		switch {
		case err != nil:
			return nil, &MissingError{Reason: fmt.Sprintf("there is no folder %s", src)}
		case fi.Mode()&fs.ModeSymlink != 0:
			return nil, &BuildError{Output: fmt.Sprintf("%s is a symbolic link; the grader takes only real folders and regular files: put the folder itself there", d)}
		case !fi.IsDir():
			return nil, &MissingError{Reason: fmt.Sprintf("there is no folder %s (%s is not a folder)", src, d)}
		}
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

// childGoMod is the child module's go.mod: the project's module path and
// Go version, and no requirements, for the child needs only the standard
// library (a test checks that), and a build in the sandbox has no module
// cache. An exercise whose students may import more (Exercise.Imports)
// adds the modules of those packages, vendored (vendor.go).
func childGoMod(root string) ([]byte, error) {
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return nil, err
	}
	var module, version string
	for _, l := range strings.Split(string(data), "\n") {
		switch f := strings.Fields(l); {
		case len(f) == 2 && f[0] == "module":
			module = f[1]
		case len(f) == 2 && f[0] == "go":
			version = f[1]
		}
	}
	if module == "" || version == "" {
		return nil, fmt.Errorf("%s: no module or go line", filepath.Join(root, "go.mod"))
	}
	return fmt.Appendf(nil, "module %s\n\ngo %s\n", module, version), nil
}

// readPackage adds the Go files of dir that the go tool compiles (not
// tests, not names it ignores) under the name prefix, and returns how many.
// It reads them as data: each must be a regular file, opened without
// following a link, so no link can lend a submission another file's
// contents. Only these copies are in the build's module, so //go:embed
// reaches nothing else either.
func readPackage(dir, prefix string, files map[string][]byte) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	n, total := 0, 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") {
			continue
		}
		path := filepath.Join(dir, name)
		if err := irregular(path, e.Type()); err != nil {
			return 0, err
		}
		data, err := readRegular(path)
		if err != nil {
			return 0, err
		}
		if total += len(data); total > maxSourceTotal {
			return 0, &BuildError{Output: fmt.Sprintf("the Go files in %s add up to more than %d MiB; the grader takes at most that", dir, maxSourceTotal>>20)}
		}
		files[prefix+"/"+name] = data
		n++
	}
	return n, nil
}

// irregular says, as a build error, why path is not a file the grader
// takes, going by its type t; nil for a regular file.
func irregular(path string, t fs.FileMode) error {
	var what string
	switch {
	case t.IsRegular():
		return nil
	case t&fs.ModeSymlink != 0:
		return &BuildError{Output: path + " is a symbolic link; the grader takes only regular files: copy the file's contents instead"}
	case t.IsDir():
		what = "a folder"
	case t&fs.ModeNamedPipe != 0:
		what = "a named pipe"
	case t&fs.ModeSocket != 0:
		what = "a socket"
	case t&fs.ModeDevice != 0:
		what = "a device"
	default:
		what = "not a regular file"
	}
	return &BuildError{Output: fmt.Sprintf("%s is %s; the grader takes only regular files: put the file's contents there instead", path, what)}
}

// readRegular reads path, which must be a regular file of at most
// maxSourceFile bytes. O_NOFOLLOW and the check of what was opened close
// the gap between listing the folder and opening the file; O_NONBLOCK
// keeps a named pipe put there meanwhile from blocking the open.
func readRegular(path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if errors.Is(err, syscall.ELOOP) {
		return nil, irregular(path, fs.ModeSymlink)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := irregular(path, fi.Mode().Type()); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, maxSourceFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxSourceFile {
		return nil, &BuildError{Output: fmt.Sprintf("%s is larger than %d MiB; the grader takes Go files up to that size", path, maxSourceFile>>20)}
	}
	return data, nil
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
