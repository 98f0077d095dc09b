package sandbox

import (
	"os/exec"
	"slices"
	"testing"
	"time"
)

// The monitor's scanner reads a process outside every watched tree once,
// yet finds the whole tree of a child it watches only later.
func TestScannerSkipsOutsidersButNotNewChildren(t *testing.T) {
	start := func(args ...string) *exec.Cmd {
		c := exec.Command(args[0], args[1:]...)
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Process.Kill(); c.Wait() })
		return c
	}
	pids := func(ps []proc) []int {
		var out []int
		for _, p := range ps {
			out = append(out, p.pid)
		}
		return out
	}
	outsider := start("sleep", "30")
	root := start("sh", "-c", "sleep 30 & wait")
	// The shell's sleep may still be starting.
	var all []proc
	for end := time.Now().Add(2 * time.Second); len(tree(all, root.Process.Pid)) < 2 && time.Now().Before(end); {
		time.Sleep(10 * time.Millisecond)
		all, _ = scan()
	}
	if n := len(tree(all, root.Process.Pid)); n != 2 {
		t.Fatalf("the shell's tree has %d processes, want 2", n)
	}

	var sc scanner
	first, err := sc.scan(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(pids(first), outsider.Process.Pid) {
		t.Fatalf("first scan missed process %d", outsider.Process.Pid)
	}
	again, _ := sc.scan(nil)
	if slices.Contains(pids(again), outsider.Process.Pid) {
		t.Errorf("second scan read outsider %d again", outsider.Process.Pid)
	}
	// The shell was an outsider too, until it is watched.
	watched, _ := sc.scan([]int{root.Process.Pid})
	if n := len(tree(watched, root.Process.Pid)); n != 2 {
		t.Errorf("scan of a newly watched child found %d processes of its tree, want 2: %v", n, pids(watched))
	}
	kept, _ := sc.scan([]int{root.Process.Pid})
	if n := len(tree(kept, root.Process.Pid)); n != 2 {
		t.Errorf("next scan found %d processes of the watched tree, want 2", n)
	}
	if slices.Contains(pids(kept), outsider.Process.Pid) {
		t.Errorf("scan while watching read outsider %d again", outsider.Process.Pid)
	}
}
