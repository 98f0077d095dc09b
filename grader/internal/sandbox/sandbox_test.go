package sandbox

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The test binary plays four parts: the test, the grader's hidden
// commands (as the grader's main does) and the children it starts.
func TestMain(m *testing.M) {
	if len(os.Args) > 2 && os.Args[1] == Command {
		if err := Exec(os.Args[2:]); err != nil {
			os.Exit(125)
		}
		os.Exit(0)
	}
	if len(os.Args) > 1 && os.Args[1] == GoCacheCommand {
		if err := ServeGoCache(os.Args[2:], os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(125)
		}
		os.Exit(0)
	}
	if part := os.Getenv("SANDBOX_TEST_CHILD"); part != "" {
		os.Exit(child(part))
	}
	if err := Enable(); err != nil {
		panic(err)
	}
	if len(os.Args) > 1 && os.Args[1] == "network" {
		os.Exit(inner())
	}
	if len(os.Args) > 2 && os.Args[1] == "nested" {
		os.Exit(nestedProbe(os.Args[2]))
	}
	os.Exit(m.Run())
}

// inner is the grader Enter starts, for TestNetwork: it says what its
// network looks like.
func inner() int {
	if _, err := Enter(context.Background(), nil, true, os.Stdout, os.Stderr); err != nil {
		fmt.Println(err)
		return 1
	}
	fmt.Println("network", Report().Network)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("listen:", err)
		return 1
	}
	c, err := net.Dial("tcp", ln.Addr().String())
	fmt.Println("loopback:", err)
	if c != nil {
		c.Close()
	}
	start := time.Now()
	_, err = net.DialTimeout("tcp", "192.0.2.1:80", 2*time.Second)
	fmt.Printf("outside: %v (fast %v)\n", err, time.Since(start) < time.Second) // at once, not after the 2 s timeout
	// A grading nested in a namespace of its own cannot reach this one's
	// listener, though both are on 127.0.0.1.
	if cmd, ok := Nested(context.Background(), "nested", ln.Addr().String()); ok {
		out, err := cmd.CombinedOutput()
		fmt.Printf("nested: %s(%v)\n", out, err)
	}
	return 3
}

// nestedProbe is the grader Nested starts, for TestNetwork: it dials the
// listener of the grader that started it, then one of its own.
func nestedProbe(addr string) int {
	if _, err := Enter(context.Background(), nil, true, os.Stdout, os.Stderr); err != nil {
		fmt.Println(err)
		return 1
	}
	_, err := net.DialTimeout("tcp", addr, 2*time.Second)
	fmt.Printf("the outer listener: refused %v; ", errors.Is(err, syscall.ECONNREFUSED))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("listen:", err)
		return 1
	}
	c, err := net.Dial("tcp", ln.Addr().String())
	fmt.Printf("its own loopback: %v ", err)
	if c != nil {
		c.Close()
	}
	return 0
}

// child is what a test child does.
func child(part string) int {
	switch part {
	case "report":
		// What the child can see and do, one fact a line.
		wd, _ := os.Getwd()
		fmt.Printf("uid %d gid %d\n", os.Getuid(), os.Getgid())
		fmt.Printf("cwd %s\n", wd)
		_, err := os.Stat(os.Getenv("SANDBOX_TEST_SECRET"))
		fmt.Printf("secret visible %v\n", err == nil)
		err = os.WriteFile("/netcourse-test-file", nil, 0o644)
		fmt.Printf("root writable %v\n", err == nil)
		err = os.WriteFile("here", []byte("x"), 0o644)
		fmt.Printf("cwd writable %v\n", err == nil)
		status, _ := os.ReadFile("/proc/self/status")
		for _, l := range strings.Split(string(status), "\n") {
			if strings.HasPrefix(l, "CapEff:") || strings.HasPrefix(l, "CapBnd:") || strings.HasPrefix(l, "NoNewPrivs:") {
				fmt.Println(strings.Join(strings.Fields(l), " "))
			}
		}
		limits, _ := os.ReadFile("/proc/self/limits")
		for _, l := range strings.Split(string(limits), "\n") {
			if strings.HasPrefix(l, "Max cpu time") || strings.HasPrefix(l, "Max open files") || strings.HasPrefix(l, "Max processes") || strings.HasPrefix(l, "Max file size") {
				fmt.Println(strings.Join(strings.Fields(l), " "))
			}
		}
		_, err = net.DialTimeout("tcp", "192.0.2.1:80", 200*time.Millisecond)
		fmt.Printf("dial outside: %v\n", err)
	case "spin":
		for range 4 {
			go func() {
				for {
				}
			}()
		}
		select {}
	case "alloc":
		var keep [][]byte
		for {
			b := make([]byte, 8<<20)
			for i := range b {
				b[i] = 1
			}
			keep = append(keep, b)
		}
	case "flood":
		line := bytes.Repeat([]byte("flood "), 1000)
		for {
			os.Stdout.Write(line)
		}
	case "orphans":
		// One process in a new session, one left by a shell that exits:
		// both would outlive a kill of the process group alone.
		token := os.Getenv("SANDBOX_TEST_TOKEN")
		self, _ := os.Executable()
		if _, err := os.Stat(self); err != nil {
			self = "/proc/self/exe"
		}
		c := exec.Command(self, "sleeper", token)
		c.Env = append(os.Environ(), "SANDBOX_TEST_CHILD=sleep")
		c.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if err := c.Start(); err != nil {
			fmt.Println(err)
			return 1
		}
		sh := exec.Command("/bin/sh", "-c", "sleep 1000 & sleep 1001 & exit 0")
		sh.Run()
		fmt.Println("started")
		select {}
	case "sleep":
		time.Sleep(time.Hour)
	case "forks":
		n := 0
		for ; n < 1000; n++ {
			c := exec.Command("/bin/sleep", "100")
			if err := c.Start(); err != nil {
				fmt.Printf("started %d, then: %v\n", n, err)
				return 0
			}
		}
		fmt.Printf("started %d\n", n)
	}
	return 0
}

// run starts the test binary as a child in part, and waits for it.
func run(t *testing.T, part string, lim Limits, env ...string) (string, *Proc, Exit) {
	t.Helper()
	dir := t.TempDir()
	var out lockedBuffer
	p, err := Start(Spec{
		Path: os.Args[0], Dir: dir, Output: &out, Limits: lim,
		Env: append([]string{"SANDBOX_TEST_CHILD=" + part, "PATH=/usr/bin:/bin", "HOME=" + dir}, env...),
	})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	done := make(chan Exit)
	go func() { done <- p.Wait() }()
	select {
	case st := <-done:
		return out.String(), p, st
	case <-time.After(20 * time.Second):
		p.Kill()
		<-done
		t.Fatalf("%s: child not stopped after 20s; output:\n%s", part, out.String())
	}
	return "", nil, Exit{}
}

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

func TestChildIsConfined(t *testing.T) { checkConfined(t) }

// The small wrapper confines as the grader does: it is the same code.
func TestSmallWrapperConfines(t *testing.T) {
	if !mode().wrap {
		t.Skip("skipped: children start directly here, through no wrapper")
	}
	t.Cleanup(func() { small.Store(nil) })
	cache := t.TempDir()
	if err := InstallWrapper(context.Background(), cache); err != nil {
		t.Fatal(err)
	}
	if w := wrapper(); w == self || filepath.Dir(w) != cache {
		t.Fatalf("children start as %s, not as the wrapper built in %s", w, cache)
	}
	checkConfined(t)
	// Built once: a second install finds it.
	before, _ := os.ReadDir(cache)
	if err := InstallWrapper(context.Background(), cache); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadDir(cache); len(after) != len(before) {
		t.Errorf("the second install changed the cache: %d entries, then %d", len(before), len(after))
	}
}

// A wrapper that cannot start a child is not used: children start as
// the grader.
func TestBrokenWrapperIsRefused(t *testing.T) {
	if !mode().wrap {
		t.Skip("skipped: children start directly here, through no wrapper")
	}
	t.Cleanup(func() { small.Store(nil) })
	cache := t.TempDir()
	key, err := wrapperKey()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cache, "netcourse-sandbox-"+key), []byte("#!/bin/sh\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := InstallWrapper(context.Background(), cache); err == nil {
		t.Error("InstallWrapper took a wrapper that exits at once")
	}
	if w := wrapper(); w != self {
		t.Errorf("children start as %s, not as the grader", w)
	}
	out, _, st := run(t, "report", Limits{CPU: 3 * time.Second})
	if !st.Success() {
		t.Fatalf("child: %v\n%s", st, out)
	}
}

func checkConfined(t *testing.T) {
	t.Helper()
	secret, err := filepath.Abs("sandbox_test.go")
	if err != nil {
		t.Fatal(err)
	}
	out, _, st := run(t, "report", Limits{CPU: 3 * time.Second, Files: 100, Procs: 20, FileSize: 1 << 20}, "SANDBOX_TEST_SECRET="+secret)
	if !st.Success() {
		t.Fatalf("child: %v\n%s", st, out)
	}
	t.Logf("mode: %+v\n%s", *mode(), out)
	want := []string{
		"cwd writable true",
		"root writable false",
		"Max cpu time 4 4 seconds",
		"Max open files 100 100 files",
		"Max file size 1048576 1048576 bytes",
		"CapEff: 0000000000000000",
		"NoNewPrivs: 1",
	}
	m := mode()
	if m.namespaces {
		want = append(want, "secret visible false", "CapBnd: 0000000000000000", "Max processes 20 20 processes")
	}
	if m.drop {
		want = append(want, fmt.Sprintf("uid %d gid %d", Nobody, Nobody))
	}
	for _, w := range want {
		if !strings.Contains(out, w+"\n") {
			t.Errorf("child does not report %q", w)
		}
	}
}

func TestCPULimitKills(t *testing.T) {
	start := time.Now()
	out, p, _ := run(t, "spin", Limits{CPU: 500 * time.Millisecond})
	if e := p.Exceeded(); e == nil || e.Limit != CPU {
		t.Fatalf("Exceeded() = %v, want the CPU limit; output:\n%s", e, out)
	}
	t.Logf("killed after %v: %v", time.Since(start).Round(time.Millisecond), p.Exceeded())
}

func TestMemoryLimitKills(t *testing.T) {
	out, p, _ := run(t, "alloc", Limits{Memory: 64 << 20})
	if e := p.Exceeded(); e == nil || e.Limit != Memory {
		t.Fatalf("Exceeded() = %v, want the memory limit; output:\n%s", e, out)
	}
	if e := p.Exceeded().Error(); e != "used more than 64 MiB of memory" {
		t.Errorf("message %q", e)
	}
}

func TestOutputLimitKills(t *testing.T) {
	out, p, _ := run(t, "flood", Limits{Output: 1 << 20})
	if e := p.Exceeded(); e == nil || e.Limit != Output {
		t.Fatalf("Exceeded() = %v, want the output limit", e)
	}
	if len(out) != 1<<20 {
		t.Errorf("passed on %d bytes, want exactly the limit", len(out))
	}
}

func TestNoProcessOutlivesTheChild(t *testing.T) {
	token := "netcourse-test-" + rand.Text()
	dir := t.TempDir()
	r, w := io.Pipe()
	p, err := Start(Spec{
		Path: os.Args[0], Dir: dir, Output: w,
		Env: []string{"SANDBOX_TEST_CHILD=orphans", "SANDBOX_TEST_TOKEN=" + token, "PATH=/usr/bin:/bin", "HOME=" + dir},
	})
	if err != nil {
		t.Fatal(err)
	}
	line := make([]byte, 100)
	n, _ := r.Read(line)
	go io.Copy(io.Discard, r)
	if !strings.Contains(string(line[:n]), "started") {
		t.Fatalf("child: %q", line[:n])
	}
	// The child, the one in its own session and the shell's two sleeps
	// (which may still be starting).
	got := withToken(token)
	for end := time.Now().Add(2 * time.Second); len(got) < 4 && time.Now().Before(end); got = withToken(token) {
		time.Sleep(10 * time.Millisecond)
	}
	if len(got) != 4 {
		t.Errorf("%d processes carry the token before the kill, want 4: %v", len(got), got)
	}
	p.Kill()
	p.Wait()
	w.Close()
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) && len(withToken(token)) > 0 {
		time.Sleep(10 * time.Millisecond)
	}
	if left := withToken(token); len(left) > 0 {
		for _, pid := range left {
			syscall.Kill(pid, syscall.SIGKILL)
		}
		t.Errorf("processes left behind: %v", left)
	}
}

// withToken lists the living processes whose environment holds token.
func withToken(token string) []int {
	all, _ := scan()
	var pids []int
	for _, p := range all {
		if p.state == 'Z' {
			continue
		}
		env, _ := os.ReadFile(fmt.Sprintf("/proc/%d/environ", p.pid))
		if bytes.Contains(env, []byte(token)) {
			pids = append(pids, p.pid)
		}
	}
	return pids
}

func TestProcessLimit(t *testing.T) {
	if m := mode(); !m.nproc || !m.namespaces {
		t.Skip("no process limit of the child's own here")
	}
	out, _, _ := run(t, "forks", Limits{Procs: 30})
	var n int
	if _, err := fmt.Sscanf(out, "started %d, then: ", &n); err != nil || n >= 30 || !strings.Contains(out, "resource temporarily unavailable") {
		t.Errorf("a child limited to 30 processes and threads: %q", out)
	}
}

func TestNetwork(t *testing.T) {
	var out, errOut bytes.Buffer
	done, err := Enter(context.Background(), []string{"network"}, true, &out, &errOut)
	var xe *ExitError
	if !done || !errors.As(err, &xe) || xe.Code != 3 {
		t.Fatalf("Enter: done %v, %v; the inner grader's exit status 3 should come back\n%s%s", done, err, out.String(), errOut.String())
	}
	t.Logf("inner grader:\n%s", out.String())
	if !strings.Contains(out.String(), "loopback: <nil>") {
		t.Error("loopback does not work in the inner grader")
	}
	if strings.Contains(out.String(), "network isolated") {
		if !strings.Contains(out.String(), "network is unreachable (fast true)") {
			t.Error("an isolated grader reaches an outside address, or waits for it")
		}
		if !strings.Contains(out.String(), "nested: the outer listener: refused true; its own loopback: <nil> (<nil>)") {
			t.Error("a grading nested in an isolated grader (sandbox.Nested) reaches its parent's loopback, or has none of its own")
		}
	}
}

func TestParseStat(t *testing.T) {
	p, ok := parseStat([]byte("4242 (a (weird) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 150 50 7 3 20 0 1 0 12345 1000 2560 18446744073709551615\n"))
	if !ok || p.pid != 4242 || p.ppid != 1 || p.pgrp != 4242 || p.state != 'S' || p.cpu != 2100*time.Millisecond || p.start != 12345 || p.rss != 2560*pageSize {
		t.Errorf("parseStat: %+v %v", p, ok)
	}
}
