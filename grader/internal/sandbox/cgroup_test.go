package sandbox

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// TestCgroupFiles runs the cgroup code on a folder that looks like a
// cgroup v2 one: this machine may have no usable cgroup to try it on.
func TestCgroupFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("cgroup.controllers", "cpuset cpu io memory pids\n")
	write("cgroup.subtree_control", "memory pids\n")
	t.Setenv(EnvCgroup, dir)
	base, err := findCgroup()
	if err != nil {
		t.Fatal(err)
	}
	cg, err := base.create(Limits{Memory: 64 << 20, Procs: 20})
	if err != nil {
		t.Fatal(err)
	}
	defer cg.fd.Close()
	for file, want := range map[string]string{"memory.max": "67108864", "pids.max": "20", "memory.swap.max": "0"} {
		if got, _ := os.ReadFile(filepath.Join(cg.dir, file)); string(got) != want {
			t.Errorf("%s = %q, want %q", file, got, want)
		}
	}
	if cg.oomKilled() || cg.limitReached() {
		t.Error("oomKilled or limitReached with no memory.events")
	}
	os.WriteFile(filepath.Join(cg.dir, "memory.events"), []byte("low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n"), 0o644)
	if cg.oomKilled() || cg.limitReached() {
		t.Error("oomKilled or limitReached with no event counted")
	}
	os.WriteFile(filepath.Join(cg.dir, "memory.events"), []byte("low 0\nhigh 0\nmax 12\noom 0\noom_kill 0\n"), 0o644)
	if cg.oomKilled() || !cg.limitReached() {
		t.Error("max 12 (reached, reclaimed, no kill): want limitReached and no oomKilled")
	}
	os.WriteFile(filepath.Join(cg.dir, "memory.events"), []byte("low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n"), 0o644)
	if !cg.oomKilled() {
		t.Error("oom_kill 1 not seen")
	}

	write("cgroup.controllers", "cpu io\n")
	if _, err := findCgroup(); err == nil {
		t.Error("a cgroup without the memory controller is accepted")
	}
}

// TestCgroupV1Files does the same for a folder of a cgroup v1 memory
// hierarchy, and starts a process in a group there the v1 way.
func TestCgroupV1Files(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{"memory.limit_in_bytes": "9223372036854771712\n", "memory.memsw.limit_in_bytes": "9223372036854771712\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A group a killed grader left, and one of a grader still running.
	gone := exec.Command("/bin/true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	left := filepath.Join(dir, fmt.Sprintf("netcourse-%d-3", gone.Process.Pid))
	running := filepath.Join(dir, fmt.Sprintf("netcourse-%d-1", os.Getppid()))
	for _, d := range []string{left, running} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv(EnvCgroup, dir)
	base, err := findCgroup()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(left); err == nil {
		t.Error("the group of a grader that is gone is left")
	}
	if _, err := os.Stat(running); err != nil {
		t.Errorf("the group of a running grader is removed: %v", err)
	}
	if !base.v1 {
		t.Fatal("a folder with memory.limit_in_bytes is not taken for cgroup v1")
	}
	cg, err := base.create(Limits{Memory: 64 << 20, Procs: 20})
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{"memory.limit_in_bytes": "67108864", "memory.memsw.limit_in_bytes": "67108864"} {
		if got, _ := os.ReadFile(filepath.Join(cg.dir, file)); string(got) != want {
			t.Errorf("%s = %q, want %q", file, got, want)
		}
	}
	if _, err := os.Stat(filepath.Join(cg.dir, "pids.max")); err == nil {
		t.Error("pids.max written in a v1 memory group")
	}
	if cg.fd != nil {
		t.Error("a v1 group has a descriptor for CLONE_INTO_CGROUP")
	}

	// The forking thread joins the group and comes back to the base.
	cmd := exec.Command("/bin/true")
	cmd.SysProcAttr = &syscall.SysProcAttr{}
	if err := cg.start(cmd); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	in, _ := os.ReadFile(filepath.Join(cg.dir, "tasks"))
	back, _ := os.ReadFile(filepath.Join(base.dir, "tasks"))
	if len(in) == 0 || string(in) != string(back) {
		t.Errorf("the forking thread wrote %q to the group's tasks and %q to the base's: want its thread ID in both", in, back)
	}

	if cg.oomKilled() || cg.limitReached() {
		t.Error("oomKilled or limitReached with no memory.oom_control or memory.failcnt")
	}
	os.WriteFile(filepath.Join(cg.dir, "memory.failcnt"), []byte("0\n"), 0o644)
	if cg.limitReached() {
		t.Error("a failcnt of 0 taken for the limit reached")
	}
	os.WriteFile(filepath.Join(cg.dir, "memory.max_usage_in_bytes"), []byte("65011712\n"), 0o644)
	if cg.limitReached() {
		t.Error("a high-water mark 2 MiB under the limit taken for the limit reached")
	}
	os.WriteFile(filepath.Join(cg.dir, "memory.max_usage_in_bytes"), []byte("67104768\n"), 0o644)
	if !cg.limitReached() {
		t.Error("a high-water mark a page under the limit (a group reclaiming there) not taken for the limit reached")
	}
	os.WriteFile(filepath.Join(cg.dir, "memory.max_usage_in_bytes"), []byte("67108864\n"), 0o644)
	if !cg.limitReached() {
		t.Error("a high-water mark at the limit, failcnt 0 (Linux 6.18 after an OOM kill), not taken for the limit reached")
	}
	os.WriteFile(filepath.Join(cg.dir, "memory.max_usage_in_bytes"), []byte("0\n"), 0o644)
	os.WriteFile(filepath.Join(cg.dir, "memory.failcnt"), []byte("3\n"), 0o644)
	if !cg.limitReached() {
		t.Error("a failcnt of 3 not taken for the limit reached")
	}
	if !cg.oomKilled() {
		t.Error("without oom_kill counts, a failcnt of 3 is not taken for a kill")
	}
	os.WriteFile(filepath.Join(cg.dir, "memory.oom_control"), []byte("oom_kill_disable 0\nunder_oom 0\noom_kill 0\n"), 0o644)
	if cg.oomKilled() {
		t.Error("oom_kill 0 taken for a kill (the limit was reached, and reclaim sufficed)")
	}
	os.WriteFile(filepath.Join(cg.dir, "memory.oom_control"), []byte("oom_kill_disable 0\nunder_oom 0\noom_kill 2\n"), 0o644)
	if !cg.oomKilled() {
		t.Error("oom_kill 2 not seen")
	}
}

// TestOwnCgroup finds the grader's cgroup in the files of a machine with
// both hierarchies, the v1 memory one mounted from a container's part.
func TestOwnCgroup(t *testing.T) {
	mountinfo := []byte(`31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
35 31 0:32 /ctr /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
`)
	cgroups := []byte("9:name=systemd:/\n4:memory:/ctr/session\n2:cpu,cpuacct:/\n0::/user.slice\n")
	for _, c := range []struct{ fstype, controller, want string }{
		{"cgroup2", "", "/sys/fs/cgroup/unified/user.slice"},
		{"cgroup", "memory", "/sys/fs/cgroup/memory/session"},
		{"cgroup", "cpuacct", "/sys/fs/cgroup/cpu,cpuacct"},
	} {
		if got, err := cgroupDir(mountinfo, cgroups, c.fstype, c.controller); err != nil || got != c.want {
			t.Errorf("%s %s: %q, %v; want %q", c.fstype, c.controller, got, err, c.want)
		}
	}
	if got, err := cgroupDir(mountinfo, cgroups, "cgroup", "pids"); err == nil {
		t.Errorf("a pids hierarchy found where none is mounted: %q", got)
	}
	if got, err := cgroupDir(mountinfo, []byte("4:memory:/ctrl\n"), "cgroup", "memory"); err == nil {
		t.Errorf("a cgroup outside the mounted part found: %q", got)
	}
}
