package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"netcourse/grader/course"
	"netcourse/grader/internal/result"
)

// TestHintGoesOneLayerDeeper: asking again shows the nudge, and stays
// there; --level picks a layer.
func TestHintGoesOneLayerDeeper(t *testing.T) {
	state := filepath.Join(t.TempDir(), "hints.json")
	old := hintStateFile
	hintStateFile = func() string { return state }
	defer func() { hintStateFile = old }()

	h := course.Lookup("1.2").Hint
	first, err := run("hint", "1.2")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(first, "Hint 1 of 2") || !strings.Contains(first, strings.Fields(h.Concept)[0]) {
		t.Errorf("first hint:\n%s", first)
	}
	if strings.Contains(first, "Hint 2") || strings.Contains(first, strings.Fields(h.Nudge)[0]+" "+strings.Fields(h.Nudge)[1]) {
		t.Errorf("the first hint gives the nudge away:\n%s", first)
	}
	for range 2 {
		again, err := run("hint", "1.2", "--impl", filepath.Join(t.TempDir(), "none"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(again, "Hint 2 of 2") || !strings.Contains(again, "nc") {
			t.Errorf("asked again:\n%s", again)
		}
	}
	one, _ := run("hint", "--level", "1", "1.2")
	if !strings.Contains(one, "Hint 1 of 2") {
		t.Errorf("--level 1:\n%s", one)
	}
	for _, args := range [][]string{{"hint"}, {"hint", "9.9"}, {"hint", "1.1", "1.2"}, {"hint", "--level", "3", "1.1"}} {
		var ue *UsageError
		if _, err := run(args...); !errors.As(err, &ue) {
			t.Errorf("grader %q: %v, want a usage error", args, err)
		}
	}
}

// TestHintNudgesFailingChecks: the second layer names the checks that
// fail now, each with its own nudge.
func TestHintNudgesFailingChecks(t *testing.T) {
	ex := course.Lookup("1.1")
	h := course.Lookup("1.1").Hint
	res := &result.Exercise{ID: "1.1", Status: result.Failed, Checks: []result.Check{
		{Name: ex.Checks[0].Name, Status: result.Passed},
		{Name: ex.Checks[1].Name, Status: result.Failed},
	}}
	var b bytes.Buffer
	if err := writeHint(&b, ex, 2, res, "again", false); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, "✗ "+ex.Checks[1].Name) || strings.Contains(out, ex.Checks[0].Name) {
		t.Errorf("want only the failing check:\n%s", out)
	}
	if !strings.Contains(strings.Join(strings.Fields(out), " "), h.Checks[ex.Checks[1].Name]) {
		t.Errorf("the failing check's nudge is missing:\n%s", out)
	}
}

// TestProgressShowsSectionsAndNext grades a submission holding only the
// stub of 1.1 (the other exercises have no folder: not started, without a
// build).
func TestProgressShowsSectionsAndNext(t *testing.T) {
	// A cache of its own for children and results, the machine's warm
	// Go build cache (asked for before XDG_CACHE_HOME moves it).
	gocache, _ := exec.Command("go", "env", "GOCACHE").Output()
	t.Setenv("GOCACHE", strings.TrimSpace(string(gocache)))
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	root, err := findRoot()
	if err != nil {
		t.Fatal(err)
	}
	impl := t.TempDir()
	if err := os.CopyFS(filepath.Join(impl, "1.1-tcpclient"), os.DirFS(filepath.Join(root, "exercises", "1.1-tcpclient"))); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second time from remembered results
		out, err := run("progress", "--impl", impl, "--color", "never")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Section 1: Network fundamentals", fmt.Sprintf("[░░░░░░░░░░░░░░░░░░░░] 0/%d exercises", len(course.Exercises)), "· 1.1 TCP client", "Next: 1.1 TCP client"} {
			if !strings.Contains(out, want) {
				t.Errorf("no %q in:\n%s", want, out)
			}
		}
	}
	var ue *UsageError
	if _, err := run("progress", "extra"); !errors.As(err, &ue) {
		t.Errorf("progress extra: %v, want a usage error", err)
	}
}

// lockedBuffer is output read while a command writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestResetRestoresTheStub: a course in git, a stub committed, the
// student's work committed on top and edited further; reset brings the
// stub back and keeps the work.
func TestResetRestoresTheStub(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	root := t.TempDir()
	stubDir := filepath.Join(root, "exercises", "1.1-tcpclient")
	os.MkdirAll(stubDir, 0o755)
	os.WriteFile(filepath.Join(root, "go.mod"), []byte("module netcourse\n\ngo 1.26\n"), 0o644)
	real, _ := findRoot()
	stub, err := os.ReadFile(filepath.Join(real, "exercises", "1.1-tcpclient", "client.go"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(stubDir, "client.go"), stub, 0o644)
	os.WriteFile(filepath.Join(stubDir, "README.md"), []byte("# 1.1 TCP client\n"), 0o644)
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %q: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "course")
	work := "package tcpclient\n\nfunc Get(host string, port int, path string) ([]byte, error) { return nil, nil }\n"
	os.WriteFile(filepath.Join(stubDir, "client.go"), []byte(work), 0o644)
	git("commit", "-q", "-am", "my work")
	os.WriteFile(filepath.Join(stubDir, "client.go"), []byte(work+"// more\n"), 0o644)
	os.WriteFile(filepath.Join(stubDir, "helper.go"), []byte("package tcpclient\n"), 0o644)
	os.MkdirAll(filepath.Join(stubDir, "try"), 0o755)
	os.WriteFile(filepath.Join(stubDir, "try", "main.go"), []byte("package main\n"), 0o644)
	t.Chdir(root)

	var out bytes.Buffer
	if err := reset(context.Background(), []string{"1.1"}, strings.NewReader("n\n"), &out); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(stubDir, "client.go")); string(got) != work+"// more\n" {
		t.Errorf("answering n changed client.go:\n%s", got)
	}
	if !strings.Contains(out.String(), "Reset exercises/1.1-tcpclient? Your work is saved to .grader-backup/1.1-tcpclient-") {
		t.Errorf("the question:\n%s", out.String())
	}

	out.Reset()
	if err := reset(context.Background(), []string{"1.1"}, strings.NewReader("y\n"), &out); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(stubDir, "client.go")); !bytes.Equal(got, stub) {
		t.Errorf("client.go is not the stub:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(stubDir, "helper.go")); !os.IsNotExist(err) {
		t.Errorf("helper.go, compiled with the stub, is still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(stubDir, "try", "main.go")); err != nil {
		t.Errorf("the try/ program is gone: %v", err)
	}
	backups, _ := filepath.Glob(filepath.Join(root, backupDir, "1.1-tcpclient-*"))
	if len(backups) != 1 {
		t.Fatalf("backups: %q", backups)
	}
	if got, _ := os.ReadFile(filepath.Join(backups[0], "client.go")); string(got) != work+"// more\n" {
		t.Errorf("the backup holds:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(backups[0], "helper.go")); err != nil {
		t.Errorf("the backup lacks helper.go: %v", err)
	}

	// Again, without asking: a second backup, the stub still.
	out.Reset()
	if err := reset(context.Background(), []string{"--yes", "1.1"}, strings.NewReader(""), &out); err != nil {
		t.Fatal(err)
	}
	if backups, _ := filepath.Glob(filepath.Join(root, backupDir, "1.1-tcpclient-*")); len(backups) != 2 {
		t.Errorf("backups after a second reset: %q", backups)
	}

	// Without git, nothing changes, and the student is told why.
	t.Setenv("PATH", t.TempDir())
	os.WriteFile(filepath.Join(stubDir, "client.go"), []byte(work), 0o644)
	err = reset(context.Background(), []string{"--yes", "1.1"}, strings.NewReader(""), &out)
	if err == nil || !strings.Contains(err.Error(), "git is not available") || !strings.Contains(err.Error(), "unchanged") {
		t.Errorf("without git: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(stubDir, "client.go")); string(got) != work {
		t.Errorf("without git, client.go changed")
	}
}

func TestIsStub(t *testing.T) {
	real, _ := findRoot()
	for _, ex := range course.Exercises {
		files := map[string][]byte{}
		for _, tree := range []string{"exercises", "solutions"} {
			clear(files)
			names, _ := filepath.Glob(filepath.Join(real, tree, ex.Dir, "*"))
			for _, n := range names {
				data, _ := os.ReadFile(n)
				files[filepath.Base(n)] = data
			}
			if got, want := isStub(files, ex.Package), tree == "exercises"; got != want {
				t.Errorf("%s/%s: isStub = %v, want %v", tree, ex.Dir, got, want)
			}
		}
	}
}

// TestTryUDP runs 1.4's peer with a fault and talks to it.
func TestTryUDP(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- try(ctx, []string{"1.4", "--fault", "duplicate", "--listen", "127.0.0.1:0", "-n", "1"}, out)
	}()
	var addr string
	for addr == "" && ctx.Err() == nil {
		if _, rest, ok := strings.Cut(out.String(), "udp.Request(\""); ok {
			addr, _, _ = strings.Cut(rest, "\"")
		}
		time.Sleep(10 * time.Millisecond)
	}
	c, err := net.Dial("udp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("ab12 hello"))
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 100)
	for range 2 { // duplicate: twice
		n, err := c.Read(buf)
		if err != nil || string(buf[:n]) != "ab12 re: hello" {
			t.Fatalf("reply %q, %v", buf[:n], err)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`fault "duplicate"`, `received "ab12 hello"`, `: "ab12 re: hello"`, "received 1 datagram: exiting"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}

func TestTryBadInput(t *testing.T) {
	for _, args := range [][]string{{"try"}, {"try", "1.2"}, {"try", "1.1", "--fault", "nope"}, {"try", "9.9"}, {"try", "-n", "0", "1.1"}} {
		var ue *UsageError
		if _, err := run(args...); !errors.As(err, &ue) {
			t.Errorf("grader %q: %v, want a usage error", args, err)
		}
	}
}

// TestTryTCP runs 1.3's peer (fixtures/cmd/fakepeer, built) with the fin
// fault and reads what it sends.
func TestTryTCP(t *testing.T) {
	gocache, _ := exec.Command("go", "env", "GOCACHE").Output()
	t.Setenv("GOCACHE", strings.TrimSpace(string(gocache)))
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out := &lockedBuffer{}
	done := make(chan error, 1)
	go func() { done <- try(ctx, []string{"1.3", "--fault", "fin", "--listen", "127.0.0.1:0", "-n", "1"}, out) }()
	var addr string
	for addr == "" && ctx.Err() == nil {
		if _, rest, ok := strings.Cut(out.String(), "sockets.Fetch(\""); ok {
			addr, _, _ = strings.Cut(rest, "\"")
		}
		time.Sleep(20 * time.Millisecond)
	}
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("dial %q: %v\n%s", addr, err, out)
	}
	defer c.Close()
	c.Write([]byte("hello\n\n"))
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	got, err := io.ReadAll(c)
	if err != nil || string(got) != "hello," { // half of fakepeer's "hello, world\n"
		t.Errorf("read %q, %v; want the first half and a clean end", got, err)
	}
	c.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`fault "fin"`, `received "hello\n\n"`, "FIN after 6 of 13 bytes", "served 1 connections: exiting"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}
