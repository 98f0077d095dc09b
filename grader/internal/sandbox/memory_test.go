package sandbox

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// The children of these tests are parts of the test binary too, found
// here before TestMain: not in the sandbox's own command, which is
// started with the child's environment.
func init() {
	part := os.Getenv("SANDBOX_TEST_CHILD")
	if (strings.HasPrefix(part, "memfd") || part == "peak") && !(len(os.Args) > 1 && os.Args[1] == Command) {
		os.Exit(memoryChild(part))
	}
}

const mib = 1 << 20

// memoryChild holds memory the way a child of these tests does, says
// "held" and waits to be killed.
func memoryChild(part string) int {
	page := bytes.Repeat([]byte{0xff}, mib)
	switch part {
	case "memfd-hoard":
		// SANDBOX_TEST_MEMFDS memfds of 16 MiB, written, never mapped,
		// and one more MiB to show that the file size limit stops it.
		n, _ := strconv.Atoi(os.Getenv("SANDBOX_TEST_MEMFDS"))
		var fds []int
		for range n {
			fd, err := unix.MemfdCreate("hoard", 0)
			if err != nil {
				fmt.Println("memfd_create:", err)
				return 1
			}
			fds = append(fds, fd)
			for range 16 {
				if _, err := unix.Write(fd, page); err != nil {
					fmt.Println("write:", err)
					return 1
				}
			}
		}
		_, err := unix.Write(fds[0], page)
		fmt.Printf("past the file size limit: %v\n", err)
		// A file left in the working folder, closed: in the sandbox's
		// own /tmp, which is memory.
		if err := os.WriteFile("left", bytes.Repeat(page, 16), 0o644); err != nil {
			fmt.Println("left:", err)
			return 1
		}
	case "memfd-shared":
		// 32 MiB of a memfd mapped by this process and by another of
		// its tree, both with their descriptor closed.
		fd, err := unix.MemfdCreate("shared", 0)
		if err != nil {
			fmt.Println("memfd_create:", err)
			return 1
		}
		for range 32 {
			unix.Write(fd, page)
		}
		b, err := mapAll(fd, 32*mib)
		if err != nil {
			fmt.Println("mmap:", err)
			return 1
		}
		self, _ := os.Executable()
		if _, err := os.Stat(self); err != nil {
			self = "/proc/self/exe"
		}
		sub := exec.Command(self)
		sub.Env = append(os.Environ(), "SANDBOX_TEST_CHILD=memfd-sub")
		sub.ExtraFiles = []*os.File{os.NewFile(uintptr(fd), "shared")}
		out, _ := sub.StdoutPipe()
		if err := sub.Start(); err != nil {
			fmt.Println("sub:", err)
			return 1
		}
		unix.Close(fd)
		line, _ := bufio.NewReader(out).ReadString('\n')
		if line != "mapped\n" {
			fmt.Printf("sub: %q\n", line)
			return 1
		}
		defer fmt.Println(b[0]) // keeps the mapping live
	case "memfd-thread":
		// 32 MiB of memfds in the file table of a thread of its own,
		// which /proc/PID/fd does not show.
		// The runtime's poller first, in the table all threads share.
		if r, w, err := os.Pipe(); err == nil {
			r.Close()
			w.Close()
		}
		held := make(chan error)
		go func() {
			runtime.LockOSThread() // for good: the thread's table is not the others'
			err := unix.Unshare(unix.CLONE_FILES)
			for i := 0; i < 2 && err == nil; i++ {
				var fd int
				if fd, err = unix.MemfdCreate("thread", 0); err == nil {
					for j := 0; j < 16 && err == nil; j++ {
						_, err = unix.Write(fd, page)
					}
				}
			}
			fmt.Println("thread", unix.Gettid())
			held <- err
			time.Sleep(time.Hour)
		}()
		if err := <-held; err != nil {
			fmt.Println("thread:", err)
			return 1
		}
	case "peak":
		// 48 MiB touched, then given back: the high-water mark stays.
		b := make([]byte, 48*mib)
		for i := 0; i < len(b); i += 4096 {
			b[i] = 1
		}
		runtime.KeepAlive(b)
		b = nil
		debug.FreeOSMemory()
	case "memfd-sub":
		_, err := mapAll(3, 32*mib)
		unix.Close(3)
		if err != nil {
			fmt.Println("mmap:", err)
			return 1
		}
		fmt.Println("mapped")
		time.Sleep(time.Hour)
		return 0
	}
	fmt.Println("held")
	time.Sleep(time.Hour)
	return 0
}

// mapAll maps n bytes of fd, shared, and writes every page.
func mapAll(fd, n int) ([]byte, error) {
	b, err := unix.Mmap(fd, 0, n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		return nil, err
	}
	for i := 0; i < n; i += os.Getpagesize() {
		b[i] = 1
	}
	return b, nil
}

// polling is this machine's way of starting children, without a cgroup:
// the judge's count of memory alone stops them.
func polling() *childMode {
	m := *mode()
	m.cgroup = nil
	return &m
}

// startHeld starts a memory child in mode m and waits for it to hold its
// memory. The child is killed when the test ends.
func startHeld(t *testing.T, m *childMode, part string, lim Limits, env ...string) (*Proc, string) {
	t.Helper()
	dir := t.TempDir()
	r, w := io.Pipe()
	p, err := start(m, Spec{
		Path: os.Args[0], Dir: dir, Output: w, Limits: lim,
		Env: append([]string{"SANDBOX_TEST_CHILD=" + part, "PATH=/usr/bin:/bin", "HOME=" + dir}, env...),
	})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	waited := make(chan Exit, 1)
	go func() {
		st := p.Wait()
		w.Close()
		waited <- st
	}()
	t.Cleanup(func() {
		p.Kill()
		<-waited
		r.Close()
	})
	lines := make(chan string, 1)
	go func() {
		var out strings.Builder
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			out.WriteString(sc.Text() + "\n")
			if sc.Text() == "held" {
				lines <- out.String()
				io.Copy(io.Discard, r)
				return
			}
		}
		lines <- out.String()
	}()
	select {
	case out := <-lines:
		if !strings.HasSuffix(out, "held\n") {
			t.Fatalf("the child ended without holding its memory: %v\n%s", p.Exceeded(), out)
		}
		return p, out
	case <-time.After(20 * time.Second):
		t.Fatal("the child did not hold its memory within 20s")
	}
	return nil, ""
}

// TestMemoryCountsMemfds: eight memfds written and never mapped, and a
// file left in the working folder, count whole; each memfd stops at the
// file size limit, so only their sum is a danger.
func TestMemoryCountsMemfds(t *testing.T) {
	m := polling()
	p, out := startHeld(t, m, "memfd-hoard", Limits{Memory: 1 << 30, FileSize: 16 * mib}, "SANDBOX_TEST_MEMFDS=8")
	if !strings.Contains(out, "past the file size limit: file too large") {
		t.Errorf("writing past 16 MiB of a memfd did not fail with EFBIG:\n%s", out)
	}
	all, err := scan()
	if err != nil {
		t.Fatal(err)
	}
	tr := tree(all, p.Pid())
	want := int64(8 * 16 * mib)
	if m.namespaces {
		want += 16 * mib // the file left in its /tmp
	}
	got := memory(tr)
	var rss int64
	for _, q := range tr {
		rss += q.rss
	}
	t.Logf("counted %d MiB, resident %d MiB", got/mib, rss/mib)
	if got < want || got > want+64*mib {
		t.Errorf("memory() = %d MiB, want %d MiB and the child's own few", got/mib, want/mib)
	}

	// What one look at a child costs the judge, every 20ms.
	const n = 50
	begin := time.Now()
	for range n {
		memory(tree(all, p.Pid()))
	}
	t.Logf("one count of a child's memory: %v", time.Since(begin)/n)
}

// TestMemoryCountsSharedPagesOnce: a memfd two processes of the tree map,
// their descriptors closed, counts once.
func TestMemoryCountsSharedPagesOnce(t *testing.T) {
	p, _ := startHeld(t, polling(), "memfd-shared", Limits{Memory: 1 << 30, FileSize: 64 * mib})
	all, err := scan()
	if err != nil {
		t.Fatal(err)
	}
	tr := tree(all, p.Pid())
	if len(tr) < 2 {
		t.Fatalf("the child's tree has %d processes, want the child and its sub-process", len(tr))
	}
	got := memory(tr)
	var rss int64
	for _, q := range tr {
		rss += q.rss
	}
	t.Logf("counted %d MiB, resident %d MiB in %d processes", got/mib, rss/mib, len(tr))
	if got < 32*mib || got >= 64*mib {
		t.Errorf("memory() = %d MiB, want the 32 MiB shared once (twice would be 64 MiB) and the processes' own few", got/mib)
	}
}

// TestMemoryCountsThreadFiles: memfds in the file table of one thread
// count too.
func TestMemoryCountsThreadFiles(t *testing.T) {
	p, _ := startHeld(t, polling(), "memfd-thread", Limits{Memory: 1 << 30, FileSize: 16 * mib})
	all, err := scan()
	if err != nil {
		t.Fatal(err)
	}
	got := memory(tree(all, p.Pid()))
	t.Logf("counted %d MiB", got/mib)
	if got < 32*mib || got >= 64*mib {
		t.Errorf("memory() = %d MiB, want the thread's 32 MiB and the process's own few", got/mib)
	}
}

// TestMemfdsHitTheLimit: the judge stops a child that holds memfds past
// its memory limit, by its count when polling and by the kernel in a
// cgroup where there is one.
func TestMemfdsHitTheLimit(t *testing.T) {
	modes := map[string]*childMode{"polling": polling()}
	if mode().cgroup != nil {
		modes["cgroup"] = mode()
	}
	for name, m := range modes {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			var out lockedBuffer
			p, err := start(m, Spec{
				Path: os.Args[0], Dir: dir, Output: &out, Limits: Limits{Memory: 64 * mib},
				Env: []string{"SANDBOX_TEST_CHILD=memfd-hoard", "SANDBOX_TEST_MEMFDS=8", "PATH=/usr/bin:/bin", "HOME=" + dir},
			})
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan struct{})
			go func() { p.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				p.Kill()
				<-done
				t.Fatalf("a child holding 128 MiB of memfds against a limit of 64 MiB was not stopped in 20s:\n%s", out.String())
			}
			if e := p.Exceeded(); e == nil || e.Limit != Memory {
				t.Errorf("Exceeded() = %v, want the memory limit; output:\n%s", e, out.String())
			}
		})
	}
}

// TestPeakMemoryKeepsTheHighWaterMark: a child that held 48 MiB and gave
// it back still shows it in PeakMemory, which a memory budget reads.
func TestPeakMemoryKeepsTheHighWaterMark(t *testing.T) {
	p, _ := startHeld(t, polling(), "peak", Limits{Memory: 1 << 30})
	all, err := scan()
	if err != nil {
		t.Fatal(err)
	}
	now, peak := memory(tree(all, p.Pid())), p.PeakMemory()
	t.Logf("resident now %d MiB, peak %d MiB", now/mib, peak/mib)
	if peak < 48*mib {
		t.Errorf("PeakMemory() = %d MiB after the child held 48 MiB", peak/mib)
	}
}

// TestStopAtMemoryLimitOnlyAtTheLimit: in a real cgroup, a child that
// held 48 MiB and gave it back, under a limit of 96 MiB, has not reached
// it, and StopAtMemoryLimit leaves it running. (The limit reached is
// read from the files TestCgroupFiles and TestCgroupV1Files fake.)
func TestStopAtMemoryLimitOnlyAtTheLimit(t *testing.T) {
	if mode().cgroup == nil {
		t.Skip("no cgroup for children on this machine")
	}
	p, _ := startHeld(t, mode(), "peak", Limits{Memory: 96 * mib})
	peak, _ := field(filepath.Join(p.cg.dir, "memory.max_usage_in_bytes"), "")
	t.Logf("the group's high-water mark: %d MiB", peak>>20)
	if p.StopAtMemoryLimit() {
		t.Fatalf("a child whose peak was %d MiB is stopped at a limit of 96 MiB", p.PeakMemory()/mib)
	}
	if e := p.Exceeded(); e != nil {
		t.Errorf("Exceeded() = %v for a child under its limit", e)
	}
}
