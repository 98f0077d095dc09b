package sandbox

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// EnvCgroup names a cgroup v2 folder the grader may create its children's
// groups in (one delegated to it), instead of its own cgroup.
const EnvCgroup = "NETCOURSE_CGROUP"

// cgroupBase is a cgroup v2 folder whose sub-groups get the memory and
// pids controllers: each child gets a group of its own there, with
// memory.max and pids.max, and is started in it (clone3's
// CLONE_INTO_CGROUP), so all it forks is counted and killed together.
type cgroupBase struct {
	dir string
	seq atomic.Int64
}

// findCgroup finds where children's groups can go: $NETCOURSE_CGROUP, or
// the grader's own cgroup. A cgroup with processes in it cannot hand
// controllers down (cgroup v2's "no internal processes" rule), so when
// the grader's processes are the only ones in its cgroup (a delegated
// scope, a container of its own) it moves them into a leaf first.
func findCgroup() (*cgroupBase, error) {
	dir := os.Getenv(EnvCgroup)
	if dir == "" {
		mnt, err := cgroup2Mount()
		if err != nil {
			return nil, err
		}
		data, err := os.ReadFile("/proc/self/cgroup")
		if err != nil {
			return nil, err
		}
		rel, ok := "", false
		for _, l := range strings.Split(string(data), "\n") {
			if r, found := strings.CutPrefix(l, "0::"); found {
				rel, ok = r, true
			}
		}
		if !ok {
			return nil, errors.New("the grader is in no cgroup v2")
		}
		dir = filepath.Join(mnt, rel)
	}
	ctrl, err := os.ReadFile(filepath.Join(dir, "cgroup.controllers"))
	if err != nil {
		return nil, err
	}
	if !hasWords(ctrl, "memory", "pids") {
		return nil, fmt.Errorf("its cgroup %s has no memory and pids controllers", dir)
	}
	if err := delegate(dir); err != nil {
		return nil, fmt.Errorf("cannot give memory and pids controllers to groups in %s: %w", dir, err)
	}
	return &cgroupBase{dir: dir}, nil
}

// delegate enables the memory and pids controllers for dir's sub-groups.
func delegate(dir string) error {
	sub := filepath.Join(dir, "cgroup.subtree_control")
	if data, err := os.ReadFile(sub); err == nil && hasWords(data, "memory", "pids") {
		return nil
	}
	err := os.WriteFile(sub, []byte("+memory +pids"), 0)
	if err == nil || !errors.Is(err, syscall.EBUSY) {
		return err
	}
	// Processes in dir: move them to a leaf if they are all this
	// grader's (itself and the outer grader that started it).
	procs, rerr := os.ReadFile(filepath.Join(dir, "cgroup.procs"))
	if rerr != nil {
		return err
	}
	ours := map[string]bool{strconv.Itoa(os.Getpid()): true, strconv.Itoa(os.Getppid()): true}
	pids := strings.Fields(string(procs))
	for _, p := range pids {
		if !ours[p] {
			return fmt.Errorf("%w (other processes share the grader's cgroup)", err)
		}
	}
	leaf := filepath.Join(dir, "netcourse-grader")
	if err := os.Mkdir(leaf, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	for _, p := range pids {
		if err := os.WriteFile(filepath.Join(leaf, "cgroup.procs"), []byte(p), 0); err != nil {
			return err
		}
	}
	return os.WriteFile(sub, []byte("+memory +pids"), 0)
}

func cgroup2Mount() (string, error) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// "36 35 0:31 / /sys/fs/cgroup rw,... - cgroup2 cgroup2 rw,..."
		pre, post, ok := strings.Cut(sc.Text(), " - ")
		fields, fs := strings.Fields(pre), strings.Fields(post)
		if ok && len(fields) >= 5 && len(fs) > 0 && fs[0] == "cgroup2" {
			return fields[4], nil
		}
	}
	return "", errors.New("no cgroup v2 is mounted")
}

func hasWords(data []byte, words ...string) bool {
	have := map[string]bool{}
	for _, w := range strings.Fields(string(data)) {
		have[w] = true
	}
	for _, w := range words {
		if !have[w] {
			return false
		}
	}
	return true
}

// cgroup is one child's group.
type cgroup struct {
	dir string
	fd  *os.File // for SysProcAttr.CgroupFD
}

func (b *cgroupBase) create(l Limits) (*cgroup, error) {
	dir := filepath.Join(b.dir, fmt.Sprintf("netcourse-%d-%d", os.Getpid(), b.seq.Add(1)))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, err
	}
	c := &cgroup{dir: dir}
	for file, v := range map[string]string{
		"memory.max":      strconv.FormatInt(l.Memory, 10),
		"memory.swap.max": "0",
		"pids.max":        strconv.Itoa(l.Procs),
	} {
		err := os.WriteFile(filepath.Join(dir, file), []byte(v), 0)
		if err != nil && !(file == "memory.swap.max" && errors.Is(err, os.ErrNotExist)) {
			c.remove()
			return nil, err
		}
	}
	fd, err := os.Open(dir)
	if err != nil {
		c.remove()
		return nil, err
	}
	c.fd = fd
	return c, nil
}

// oomKilled reports whether the kernel killed a process of the group for
// going over memory.max.
func (c *cgroup) oomKilled() bool {
	data, err := os.ReadFile(filepath.Join(c.dir, "memory.events"))
	if err != nil {
		return false
	}
	for _, l := range bytes.Split(data, []byte("\n")) {
		if k, v, ok := bytes.Cut(l, []byte(" ")); ok && string(k) == "oom_kill" && string(v) != "0" {
			return true
		}
	}
	return false
}

// kill kills every process in the group.
func (c *cgroup) kill() {
	if os.WriteFile(filepath.Join(c.dir, "cgroup.kill"), []byte("1"), 0) == nil {
		return
	}
	data, _ := os.ReadFile(filepath.Join(c.dir, "cgroup.procs"))
	for _, p := range strings.Fields(string(data)) {
		if pid, err := strconv.Atoi(p); err == nil {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// remove kills what is left in the group and removes it.
func (c *cgroup) remove() {
	if c.fd != nil {
		c.fd.Close()
	}
	for range 100 {
		err := os.Remove(c.dir)
		if err == nil || errors.Is(err, os.ErrNotExist) {
			return
		}
		c.kill()
		time.Sleep(10 * time.Millisecond)
	}
}
