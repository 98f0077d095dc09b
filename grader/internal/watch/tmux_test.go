package watch

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"netcourse/grader/course"
	"netcourse/grader/internal/judge"
)

// TestWatchInTmux runs `grader watch` as a student does: in a terminal
// (tmux), in a copy of the course, pressing keys and saving a solution,
// and reads the screen after each step.
func TestWatchInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a real terminal: not with -short")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (apt-get install -y tmux): the terminal of this test")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	abs, _ := filepath.Abs(root)
	tmp := t.TempDir()
	copy := filepath.Join(tmp, "course")
	copyCourse(t, abs, copy)
	grader := filepath.Join(tmp, "grader")
	build := exec.CommandContext(ctx, "go", "build", "-o", grader, "./grader")
	build.Dir = abs
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	gocache, err := exec.CommandContext(ctx, "go", "env", "GOCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}

	// A server of its own (-S), so the student's tmux is never touched.
	sock := filepath.Join(tmp, "tmux.sock")
	tmux := func(args ...string) string {
		t.Helper()
		out, err := exec.CommandContext(ctx, "tmux", append([]string{"-S", sock}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	// A fresh cache for the grader's children and results, the Go build
	// caches of this machine and of the grader's sandboxed builds (warm:
	// nothing of the toolchain or the standard library is rebuilt, which
	// on a loaded machine takes longer than any screen is waited for).
	shareBuildCaches(t, filepath.Join(tmp, "cache", "netcourse-grader"))
	script := strings.Join([]string{
		"env XDG_CACHE_HOME=" + filepath.Join(tmp, "cache"), "GOCACHE=" + strings.TrimSpace(string(gocache)),
		grader, "watch", "--seed", "1", "--poll", "100ms;",
		"echo watch-exited-with-$?;", "sleep 600",
	}, " ")
	tmux("new-session", "-d", "-s", "student", "-x", "120", "-y", "60", "-c", copy, script)
	t.Cleanup(func() { exec.Command("tmux", "-S", sock, "kill-server").Run() })

	screen := ""
	see := func(want string) {
		t.Helper()
		deadline := time.Now().Add(45 * time.Second)
		for time.Now().Before(deadline) {
			screen = tmux("capture-pane", "-p", "-t", "student")
			if strings.Contains(screen, want) {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("the screen never showed %q; it shows:\n%s", want, screen)
	}
	// gone waits for text to leave the screen: what a key closes stays
	// there until the redraw, so seeing what was beside it proves nothing.
	gone := func(text string) {
		t.Helper()
		deadline := time.Now().Add(45 * time.Second)
		for time.Now().Before(deadline) {
			screen = tmux("capture-pane", "-p", "-t", "student")
			if !strings.Contains(screen, text) {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("%q never left the screen; it shows:\n%s", text, screen)
	}
	press := func(key string) { tmux("send-keys", "-t", "student", key) }

	see("1.1 TCP client")
	see("not started")
	see(fmt.Sprintf("── 1.1 (1 of %d) · exercises/1.1-tcpclient/ · h hint", len(course.Exercises)))

	press("h")
	see("Hint 1 of 2 for 1.1 TCP client: the idea")
	see("Press h again")
	press("h")
	see("Hint 2 of 2 for 1.1 TCP client: where to look")
	press("Escape")
	gone("Hint 2 of 2")
	see(fmt.Sprintf("── 1.1 (1 of %d)", len(course.Exercises)))

	press("l")
	// Counted from the course list, so a new exercise changes nothing here.
	n, last := len(course.Exercises), course.Exercises[len(course.Exercises)-1]
	see(fmt.Sprintf("0/%d exercises", n))
	see("· " + last.ID + " " + last.Title)

	// The student solves 1.1 and saves: graded, passed, on to 1.2.
	solve(t, filepath.Join(copy, "exercises"), course.Lookup("1.1"))
	see("✓ 1.1 TCP client passes. On to the next one.")
	see(fmt.Sprintf("── 1.2 (2 of %d) · exercises/1.2-tcpserver/", n))
	see("not started")

	press("n")
	see(fmt.Sprintf("── 1.3 (3 of %d) · exercises/1.3-sockets/", n))

	press("q")
	see("Stopped watching")
	see("watch-exited-with-0")
}

// copyCourse copies what grading needs: the module, the packages children
// are built from, the exercises' folders, the exercises and the solutions.
func copyCourse(t *testing.T, from, to string) {
	t.Helper()
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(from, f))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(to, 0o755)
		if err := os.WriteFile(filepath.Join(to, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, dir := range append([]string{"grader/course", "exercises", "solutions"}, judge.ChildPackages...) {
		if err := os.CopyFS(filepath.Join(to, dir), os.DirFS(filepath.Join(from, dir))); err != nil {
			t.Fatal(err)
		}
	}
}

// shareBuildCaches links the go-build caches of the user's grader cache
// into the fresh one at dir: their entries are content-addressed, so a
// warm one changes what is rebuilt, never what is built.
func shareBuildCaches(t *testing.T, dir string) {
	t.Helper()
	user, err := os.UserCacheDir()
	if err != nil {
		return
	}
	caches, _ := filepath.Glob(filepath.Join(user, "netcourse-grader", "go-build-*"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range caches {
		if err := os.Symlink(c, filepath.Join(dir, filepath.Base(c))); err != nil {
			t.Fatal(err)
		}
	}
}
