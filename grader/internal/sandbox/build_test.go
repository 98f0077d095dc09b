package sandbox

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildLimits are generous but for what a test tightens: packages of a
// few lines with no imports build in well under a second.
var buildLimits = Limits{CPU: 30 * time.Second, Memory: 1 << 30, Procs: 256, FileSize: 64 << 20, Output: 1 << 20}

// goBuild lays out a module with a package p whose one file holds src;
// the caller adds the flags before "./p".
func goBuild(t *testing.T, src string) GoBuild {
	t.Helper()
	dir := t.TempDir()
	mod := filepath.Join(dir, "mod")
	for name, data := range map[string]string{"go.mod": "module m\n\ngo 1.21\n", "p/p.go": src} {
		p := filepath.Join(mod, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	return GoBuild{Module: mod, Out: out, Cache: filepath.Join(dir, "cache"), Limits: buildLimits, Time: time.Minute}
}

func runBuild(g GoBuild, args ...string) (string, error) {
	g.Args = append(args, "./p")
	var msg strings.Builder
	err := g.Run(context.Background(), &msg)
	return msg.String(), err
}

// TestGoBuildConfined builds a package in the sandbox: it builds, as
// Nobody when the grader is root, and can write only in its Out folder,
// not in its module nor anywhere else.
func TestGoBuildConfined(t *testing.T) {
	const src = "package p\n\nfunc F() int { return 1 }\n"
	g := goBuild(t, src)
	if msg, err := runBuild(g, "-o", filepath.Join(g.Out, "p.a")); err != nil {
		t.Fatalf("build: %v\n%s", err, msg)
	}
	fi, err := os.Stat(filepath.Join(g.Out, "p.a"))
	if err != nil {
		t.Fatalf("no archive written: %v", err)
	}
	m := buildMode()
	if uid := int(fi.Sys().(*syscall.Stat_t).Uid); uid != buildUser(m) {
		t.Errorf("archive owned by %d, want %d: the build ran as the wrong user", uid, buildUser(m))
	}
	if !m.namespaces {
		t.Skipf("no namespaces here: builds see the machine's files (%q)", Report().Notes)
	}
	for name, where := range map[string]string{"its module": filepath.Join(g.Module, "p.a"), "elsewhere": filepath.Join(t.TempDir(), "p.a")} {
		msg, err := runBuild(g, "-o", where)
		var failed *BuildFailed
		if !errors.As(err, &failed) {
			t.Errorf("build writing in %s (%s): %v, want it to fail\n%s", name, where, err, msg)
		}
		if _, err := os.Stat(where); err == nil {
			t.Errorf("the build wrote %s (%s)", where, name)
		}
	}
}

// TestGoBuildLimits: a build past its file size, memory or time is
// stopped, and says which.
func TestGoBuildLimits(t *testing.T) {
	if !mode().wrap {
		t.Skip("builds are started directly here: no file size limit")
	}
	// Compiled, each array is data of its full size (up to its last
	// element that is not zero) in the compiler's memory and in the
	// package's object file.
	const mib16 = "package p\n\nvar A = [1 << 21]int64{1<<21 - 1: 1}\n"
	const mib256 = "package p\n\nvar A = [1 << 25]int64{1<<25 - 1: 1}\n"

	t.Run("file size", func(t *testing.T) {
		g := goBuild(t, mib16)
		g.Limits.FileSize = 4 << 20
		msg, err := runBuild(g)
		var big *FileTooLarge
		if !errors.As(err, &big) || big.Max != "4 MiB" {
			t.Errorf("got %v, want a file too large past 4 MiB\n%s", err, msg)
		}
	})
	t.Run("memory", func(t *testing.T) {
		g := goBuild(t, mib256)
		g.Limits.Memory, g.Limits.FileSize = 128<<20, 1<<30
		msg, err := runBuild(g)
		var over *Exceeded
		if !errors.As(err, &over) || over.Limit != Memory || over.Max != "128 MiB" {
			t.Errorf("got %v, want the memory limit of 128 MiB exceeded\n%s", err, msg)
		}
	})
	t.Run("time", func(t *testing.T) {
		// The go command takes longer than this just to start.
		g := goBuild(t, "package p\n")
		g.Time = time.Millisecond
		msg, err := runBuild(g)
		var late *BuildTimeout
		if !errors.As(err, &late) || late.Max != time.Millisecond {
			t.Errorf("got %v, want a timeout after 1ms\n%s", err, msg)
		}
	})
}

// TestGoBuildReuses: a build with an empty cache of its own and a cache to
// reuse that holds a package compiled with the children's flags does not
// compile it again; it stores what it compiles in its own cache alone, in
// the go command's layout, and cannot write in the reused cache.
func TestGoBuildReuses(t *testing.T) {
	if !buildMode().namespaces {
		t.Skip("no namespaces here: builds do not reuse a cache they could write")
	}
	tc, err := toolchain()
	if err != nil {
		t.Fatal(err)
	}
	// The reused cache, as `make grader` leaves it: unicode/utf8 (no
	// imports) compiled with the children's flags.
	const src = "package p\n\nimport \"unicode/utf8\"\n\nfunc F() int { return utf8.UTFMax }\n"
	reused := t.TempDir()
	g := goBuild(t, src)
	cmd := exec.Command(tc.goCmd, "build", "-trimpath", "unicode/utf8")
	cmd.Env = []string{"PATH=" + filepath.Join(tc.goroot, "bin") + ":/usr/bin:/bin", "GOROOT=" + tc.goroot, "GOENV=off",
		"GOCACHE=" + reused, "HOME=" + t.TempDir(), "GOWORK=off", "GOTOOLCHAIN=local", "GOPROXY=off",
		"GOFLAGS=-mod=readonly -buildvcs=false", "CGO_ENABLED=0"}
	cmd.Dir = g.Module
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("filling the reused cache: %v\n%s", err, out)
	}
	before := snapshot(t, reused)

	// compiled lists the packages the build's -x output compiles.
	compiled := func(g GoBuild) []string {
		t.Helper()
		// An archive there that is up to date would be kept unbuilt.
		os.Remove(filepath.Join(g.Out, "p.a"))
		msg, err := runBuild(g, "-x", "-trimpath", "-o", filepath.Join(g.Out, "p.a"))
		if err != nil {
			t.Fatalf("build: %v\n%s", err, msg)
		}
		var pkgs []string
		for _, l := range strings.Split(msg, "\n") {
			f := strings.Fields(l)
			if len(f) == 0 || filepath.Base(f[0]) != "compile" {
				continue
			}
			for i := range f[:len(f)-1] {
				if f[i] == "-p" {
					pkgs = append(pkgs, f[i+1])
				}
			}
		}
		return pkgs
	}
	// Without the reused cache, a cold build compiles both: the count
	// below can fail.
	cold := goBuild(t, src)
	if got := compiled(cold); !slices.Equal(got, []string{"unicode/utf8", "m/p"}) && !slices.Equal(got, []string{"m/p", "unicode/utf8"}) {
		t.Fatalf("a cold build without reuse compiled %q, want unicode/utf8 and m/p", got)
	}
	g.Reuse = reused
	if got := compiled(g); !slices.Equal(got, []string{"m/p"}) {
		t.Errorf("a cold build reusing the cache compiled %q, want only m/p", got)
	}
	if after := snapshot(t, reused); !maps.Equal(before, after) {
		t.Errorf("the build changed the reused cache:\nbefore %v\nafter  %v", before, after)
	}
	// What it compiled is in its own cache, where the go command itself
	// finds it: built again without the reused cache, only what it had
	// from there is compiled.
	g.Reuse = ""
	if got := compiled(g); !slices.Equal(got, []string{"unicode/utf8"}) {
		t.Errorf("a build with its own cache filled compiled %q, want only unicode/utf8", got)
	}
	// And it cannot write where it reads.
	g.Reuse = reused
	where := filepath.Join(reused, "p.a")
	msg, err := runBuild(g, "-o", where)
	var failed *BuildFailed
	if !errors.As(err, &failed) {
		t.Errorf("build writing in the reused cache: %v, want it to fail\n%s", err, msg)
	}
	if _, err := os.Stat(where); err == nil {
		t.Errorf("the build wrote %s", where)
	}
}

// snapshot is each file under dir with its size and modification time.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		files[p] = fmt.Sprintf("%d %v", fi.Size(), fi.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestReuseOnlyApart: a cache is reused only where the build runs in
// namespaces of its own and the cache overlaps none of the build's other
// folders (a mount would hide one, or make the cache writable), and its
// GOCACHEPROG names it as the go command splits it.
func TestReuseOnlyApart(t *testing.T) {
	base := filepath.Join(t.TempDir(), "a b") // a space, to be quoted
	cache, out, mod, reused := filepath.Join(base, "cache"), filepath.Join(base, "out"), filepath.Join(base, "mod"), filepath.Join(base, "go-build")
	for _, d := range []string{cache, out, mod, reused} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	spec := Spec{Shared: []string{out, cache}, ReadOnly: []string{mod}}
	ns := &childMode{wrap: true, namespaces: true}
	for _, tc := range []struct {
		name string
		m    *childMode
		dir  string
		spec Spec
		want bool
	}{
		{"apart", ns, reused, spec, true},
		{"none", ns, "", spec, false},
		{"missing", ns, filepath.Join(base, "nothing"), spec, false},
		{"no namespaces", &childMode{wrap: true, drop: true}, reused, spec, false},
		{"system folder", ns, "/usr/lib", spec, false},
		{"holds the cache", ns, base, spec, false},
		{"inside the output", ns, out, Spec{Shared: []string{base}}, false},
	} {
		prog, ok := reuse(tc.m, tc.dir, cache, tc.spec)
		if ok != tc.want {
			t.Errorf("%s: reuse(%s) = %v, want %v", tc.name, tc.dir, ok, tc.want)
		}
		q, _ := quote(self)
		if want := q + " " + GoCacheCommand + " '" + reused + "' '" + cache + "'"; ok && prog != want {
			t.Errorf("%s: GOCACHEPROG %s, want %s", tc.name, prog, want)
		}
	}
}
