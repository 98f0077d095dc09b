package sandbox

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// In namespaces, children are the spawner's, not the grader's: forking
// the grader would copy its page tables. A child's end and its exit
// status come back all the same.
func TestSpawnerStartsChildren(t *testing.T) {
	if !mode().namespaces {
		t.Skip("skipped: children get no namespaces here, so the grader starts them itself")
	}
	dir := t.TempDir()
	var out lockedBuffer
	p, err := Start(Spec{Path: os.Args[0], Dir: dir, Output: &out,
		Env: []string{"SANDBOX_TEST_CHILD=sleep", "PATH=/usr/bin:/bin", "HOME=" + dir}})
	if err != nil {
		t.Fatal(err)
	}
	first := spawnerOf(t, p)
	p.Kill()
	if e := p.Wait(); !e.Status.Signaled() {
		t.Errorf("a killed child ended with %v", e)
	}

	// A spawner that dies takes its children with it, and the next
	// child gets a new one.
	p, err = Start(Spec{Path: os.Args[0], Dir: dir, Output: &out,
		Env: []string{"SANDBOX_TEST_CHILD=sleep", "PATH=/usr/bin:/bin", "HOME=" + dir}})
	if err != nil {
		t.Fatal(err)
	}
	syscall.Kill(first, syscall.SIGKILL)
	ended := make(chan Exit, 1)
	go func() { ended <- p.Wait() }()
	select {
	case e := <-ended:
		if !e.Status.Signaled() {
			t.Errorf("the child of a killed spawner ended with %v", e)
		}
	case <-time.After(10 * time.Second):
		p.Kill()
		t.Fatal("the child of a killed spawner did not end within 10s")
	}

	p, err = Start(Spec{Path: os.Args[0], Dir: dir, Output: &out,
		Env: []string{"SANDBOX_TEST_CHILD=report", "PATH=/usr/bin:/bin", "HOME=" + dir}})
	if err != nil {
		t.Fatal(err)
	}
	if e := p.Wait(); !e.Success() || !bytes.Contains([]byte(out.String()), []byte("cwd writable")) {
		t.Errorf("a child that reported ended with %v, output %q", e, out.String())
	}
	p, err = Start(Spec{Path: os.Args[0], Dir: dir, Output: &out,
		Env: []string{"SANDBOX_TEST_CHILD=sleep", "PATH=/usr/bin:/bin", "HOME=" + dir}})
	if err != nil {
		t.Fatal(err)
	}
	if next := spawnerOf(t, p); next == first {
		t.Errorf("a child after the spawner's death has the dead spawner %d for parent", first)
	}
	p.Kill()
	p.Wait()
}

// spawnerOf is the PID of p's parent, which must be a spawner.
func spawnerOf(t *testing.T, p *Proc) int {
	t.Helper()
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(p.Pid()) + "/stat")
	if err != nil {
		t.Fatal(err)
	}
	q, ok := parseStat(stat)
	if !ok {
		t.Fatalf("stat: %q", stat)
	}
	cmdline, _ := os.ReadFile("/proc/" + strconv.Itoa(q.ppid) + "/cmdline")
	if q.ppid == os.Getpid() || !bytes.HasSuffix(cmdline, []byte(Command+"\x00"+spawnArg+"\x00")) {
		t.Errorf("the child's parent is %d (%q), want the spawner, not the grader (%d)", q.ppid, cmdline, os.Getpid())
	}
	return q.ppid
}
