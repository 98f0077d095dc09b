package sandbox

import (
	"os"
	"path/filepath"
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
	if cg.oomKilled() {
		t.Error("oomKilled with no memory.events")
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
