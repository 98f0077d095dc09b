package sandbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"netcourse/grader/internal/sandbox/wrap"
)

// GoBuild is one run of `go build` on a module the caller laid out (a
// submission's copied sources among them). Where the sandbox works it runs
// like a child: in a root of its own that holds the system folders, the
// toolchain, the module and the cache it reuses read-only and only Out and
// the build cache writable, as Nobody when the grader is root, with no
// network. Everywhere it runs within Limits and Time. The compiler runs no
// code of the submission (cgo is off), but it is the submission's input
// that decides how much time, memory and disk it takes.
type GoBuild struct {
	Module string   // the module's folder: the build only reads it
	Args   []string // flags and packages after "go build", run in Module; -o into Out
	Out    string   // an empty folder the build writes in: its binary and temporary files
	Cache  string   // a folder for build caches, kept between builds: one per user builds run as
	Limits Limits   // zero fields: Default
	Time   time.Duration

	// Reuse, when set, is a build cache the build may read but not write:
	// the grader's user's own (UserGoCache), where the go command that
	// built the grader left the standard library compiled with the flags
	// of a child's build (the Makefile's). What is in it is not compiled
	// again. Only where builds run in namespaces of their own.
	Reuse string
}

// BuildFailed says the go command ran and failed; its output says why.
type BuildFailed struct{ Status string }

func (e *BuildFailed) Error() string { return "go build: " + e.Status }

// BuildTimeout says a build ran longer than its Time, and was killed.
type BuildTimeout struct{ Max time.Duration }

func (e *BuildTimeout) Error() string { return fmt.Sprintf("took more than %v", e.Max) }

// FileTooLarge says a build tried to write a file larger than its
// Limits.FileSize: the kernel refused the write (RLIMIT_FSIZE).
type FileTooLarge struct{ Max string }

func (e *FileTooLarge) Error() string { return "tried to write a file larger than " + e.Max }

// Run runs the build, writing the go command's output to output. Its error
// is *BuildFailed, *BuildTimeout, *FileTooLarge or *Exceeded when the build
// went wrong, ctx's error when ctx ended first, and any other error when
// the grader could not run it.
func (g GoBuild) Run(ctx context.Context, output io.Writer) error {
	tc, err := toolchain()
	if err != nil {
		return err
	}
	m := buildMode()
	lim := g.Limits.Or(Default)
	args := append([]string{"build", "-C", g.Module}, g.Args...)
	env := []string{
		"GOWORK=off", "GOTOOLCHAIN=local", "GOPROXY=off", "GOFLAGS=-mod=readonly -buildvcs=false", "CGO_ENABLED=0",
		"GOTMPDIR=" + g.Out, "TMPDIR=" + g.Out,
	}
	spec := Spec{Path: tc.goCmd, Args: args, Limits: lim}
	if m.wrap {
		// Nothing of the grader's environment: its own GOFLAGS, GOENV
		// file or caches must not change what is built.
		cache := filepath.Join(g.Cache, "go-build-"+strconv.Itoa(buildUser(m)))
		if err := os.MkdirAll(cache, 0o755); err != nil {
			return err
		}
		env = append(env, "PATH="+filepath.Join(tc.goroot, "bin")+":/usr/bin:/bin", "GOROOT="+tc.goroot, "GOENV=off",
			"GOCACHE="+cache, "GOMODCACHE="+filepath.Join(g.Out, "gomod"), "GOPATH="+filepath.Join(g.Out, "gopath"),
			"HOME="+g.Out, "XDG_CONFIG_HOME="+g.Out, "XDG_CACHE_HOME="+g.Out)
		spec.Shared = []string{g.Out, cache}
		spec.ReadOnly = []string{g.Module}
		if !visible(tc.goroot) {
			spec.ReadOnly = append(spec.ReadOnly, tc.goroot)
		}
		if prog, ok := reuse(m, g.Reuse, cache, spec); ok {
			env = append(env, "GOCACHEPROG="+prog)
			if !visible(self) && !slices.ContainsFunc(slices.Concat(spec.Shared, spec.ReadOnly), func(d string) bool { return within(self, d) }) {
				spec.ReadOnly = append(spec.ReadOnly, self)
			}
			spec.ReadOnly = append(spec.ReadOnly, g.Reuse)
		}
	} else {
		// Started directly (tests, --sandbox=off): as the grader always
		// built, with its environment and its build cache.
		env = append(os.Environ(), env...)
	}
	spec.Env = env
	// Made as a child's is: empty, for in the sandbox a root is mounted on
	// it, and in the temporary folder, whose path is made in that root.
	work, err := os.MkdirTemp("", "netcourse-build-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	spec.Dir = work
	var out bytes.Buffer
	spec.Output = &out
	p, err := start(m, spec)
	if err != nil {
		return fmt.Errorf("starting go build: %w", err)
	}
	var late atomic.Bool
	timer := time.AfterFunc(g.Time, func() {
		late.Store(true)
		p.Kill()
	})
	stop := context.AfterFunc(ctx, p.Kill)
	st := p.Wait()
	timer.Stop()
	stop()
	output.Write(out.Bytes())
	switch {
	case st.Success():
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	case p.Exceeded() != nil:
		return p.Exceeded()
	case late.Load():
		return &BuildTimeout{Max: g.Time}
	case bytes.Contains(out.Bytes(), []byte("file too large")):
		// EFBIG: Go ignores SIGXFSZ, so the compiler or linker reports
		// the failed write and stops.
		return &FileTooLarge{Max: size(lim.FileSize)}
	}
	return &BuildFailed{Status: st.String()}
}

// reuse says whether a build in mode m may read the cache dir besides its
// own, cache, and if so the GOCACHEPROG that serves both (GoCacheCommand).
// Only where the build has a root of its own, in which dir is mounted
// read-only: elsewhere it would run as the grader's own user, who may
// write there. Not when dir and the build's other folders overlap, for a
// mount would then hide one or make it writable, nor when a path cannot
// be quoted for the go command.
func reuse(m *childMode, dir, cache string, spec Spec) (string, bool) {
	if dir == "" || self == "" || !m.namespaces || !filepath.IsAbs(dir) || visible(dir) {
		return "", false
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "", false
	}
	if fi, err := os.Stat(self); err != nil || m.drop && fi.Mode().Perm()&0o001 == 0 {
		return "", false // Nobody could not run it
	}
	for _, d := range slices.Concat([]string{self}, spec.Shared, spec.ReadOnly) {
		if within(d, dir) || within(dir, d) {
			return "", false
		}
	}
	var args []string
	for _, a := range []string{self, GoCacheCommand, dir, cache} {
		q, ok := quote(a)
		if !ok {
			return "", false
		}
		args = append(args, q)
	}
	return strings.Join(args, " "), true
}

// within reports whether path is dir or in it.
func within(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, strings.TrimSuffix(dir, "/")+"/")
}

// quote quotes s as the go command splits GOCACHEPROG (cmd/internal/quoted):
// in quotes of a kind s does not hold.
func quote(s string) (string, bool) {
	switch {
	case !strings.ContainsAny(s, " \t\n\r'\""):
		return s, true
	case !strings.Contains(s, "'"):
		return "'" + s + "'", true
	case !strings.Contains(s, `"`):
		return `"` + s + `"`, true
	}
	return "", false
}

// UserGoCache is the grader's user's build cache (go env GOCACHE), for
// GoBuild.Reuse; empty when there is none.
func UserGoCache() string {
	tc, err := toolchain()
	if err != nil {
		return ""
	}
	return tc.gocache
}

// buildMode is how builds are started: like children where they get
// namespaces of their own. Without those a build would see the machine's
// files as Nobody, and so would children, who could then write the build
// cache that later builds trust: there builds keep the grader's own user,
// with its capabilities dropped, and only the resource limits.
func buildMode() *childMode {
	m := *mode()
	if !m.namespaces {
		m.drop, m.nproc = false, false
	}
	return &m
}

// buildUser is the user a build runs as in mode m, as the host sees it.
func buildUser(m *childMode) int {
	if m.drop {
		return Nobody
	}
	return os.Getuid()
}

// buildNotes says what builds lack in mode m.
func buildNotes(m *childMode) []string {
	switch {
	case !m.wrap:
		return []string{"builds ran directly, as the grader's user, limited only in time, memory, CPU and output by the judge"}
	case !m.namespaces:
		return []string{"builds ran as the grader's own user (capabilities dropped), limited in time, memory, CPU, output and file size, but saw the machine's files: the kernel gave them no namespaces"}
	}
	return nil
}

// visible reports whether dir is in the system folders every child sees.
func visible(dir string) bool {
	for _, d := range wrap.SystemDirs {
		if dir == d || strings.HasPrefix(dir, d+"/") {
			return true
		}
	}
	return false
}

type goToolchain struct {
	goCmd   string // the go command, links resolved
	goroot  string
	gocache string // the user's build cache; empty if off
}

// toolchain finds the go command on PATH and its GOROOT, once: only a
// build that is not cached needs them.
var toolchain = sync.OnceValues(func() (goToolchain, error) {
	p, err := exec.LookPath("go")
	if err != nil {
		return goToolchain{}, err
	}
	// The sandbox binds the binary itself: a link (Debian's /usr/bin/go)
	// would point into a folder the build may not see.
	if p, err = filepath.EvalSymlinks(p); err != nil {
		return goToolchain{}, err
	}
	if p, err = filepath.Abs(p); err != nil {
		return goToolchain{}, err
	}
	cmd := exec.Command(p, "env", "GOROOT", "GOCACHE")
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	out, err := cmd.Output()
	if err != nil {
		return goToolchain{}, fmt.Errorf("go env GOROOT GOCACHE: %w", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 || lines[0] == "" {
		return goToolchain{}, fmt.Errorf("go env GOROOT GOCACHE: %q", out)
	}
	root, err := filepath.EvalSymlinks(lines[0])
	if err != nil {
		return goToolchain{}, err
	}
	if root == "" {
		return goToolchain{}, errors.New("go env GOROOT: empty")
	}
	tc := goToolchain{goCmd: p, goroot: root}
	// Resolved like GOROOT: the build's mount is made at the real path.
	if c, err := filepath.EvalSymlinks(lines[1]); err == nil && filepath.IsAbs(c) {
		tc.gocache = c
	}
	return tc, nil
})
