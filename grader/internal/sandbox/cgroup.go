package sandbox

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// EnvCgroup names a cgroup folder the grader may create its children's
// groups in (one delegated to it), instead of its own cgroup: a cgroup v2
// one, or the grader's folder in a cgroup v1 memory hierarchy.
const EnvCgroup = "NETCOURSE_CGROUP"

// cgroupBase is a cgroup folder where each child gets a group of its own,
// so all it forks is counted and killed together. Under cgroup v2 the
// groups get the memory and pids controllers (memory.max, pids.max) and
// the child is started in its group (clone3's CLONE_INTO_CGROUP). Under
// cgroup v1 only the memory controller is used (memory.limit_in_bytes:
// the child's process limit is RLIMIT_NPROC in its user namespace), and
// the child is forked by a thread moved into its group for that moment.
type cgroupBase struct {
	dir string
	v1  bool
	seq atomic.Int64
}

// findCgroup finds where children's groups can go: $NETCOURSE_CGROUP, or
// the grader's own cgroup, v2 where it has the memory and pids
// controllers, else v1 where a memory hierarchy is mounted. It removes
// what graders that were killed left there.
func findCgroup() (*cgroupBase, error) {
	b, err := locateCgroup()
	if err == nil {
		b.prune()
	}
	return b, err
}

func locateCgroup() (*cgroupBase, error) {
	if dir := os.Getenv(EnvCgroup); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "memory.limit_in_bytes")); err == nil {
			return &cgroupBase{dir: dir, v1: true}, nil
		}
		return cgroup2(dir)
	}
	dir, err := ownCgroup("cgroup2", "")
	if err == nil {
		var b *cgroupBase
		if b, err = cgroup2(dir); err == nil {
			return b, nil
		}
	}
	dir, err1 := ownCgroup("cgroup", "memory")
	if err1 != nil {
		return nil, errors.Join(err, err1)
	}
	if _, err1 := os.Stat(filepath.Join(dir, "memory.limit_in_bytes")); err1 != nil {
		return nil, errors.Join(err, err1)
	}
	return &cgroupBase{dir: dir, v1: true}, nil
}

// cgroup2 checks that the cgroup v2 folder dir can give its sub-groups
// the memory and pids controllers. A cgroup with processes in it cannot
// hand controllers down (cgroup v2's "no internal processes" rule), so
// when the grader's processes are the only ones in its cgroup (a
// delegated scope, a container of its own) it moves them into a leaf
// first.
func cgroup2(dir string) (*cgroupBase, error) {
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

// ownCgroup finds the grader's own folder in the cgroup hierarchy of
// file system type fstype ("cgroup2", or "cgroup" with controller).
func ownCgroup(fstype, controller string) (string, error) {
	mountinfo, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return "", err
	}
	cgroups, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return "", err
	}
	return cgroupDir(mountinfo, cgroups, fstype, controller)
}

// cgroupDir finds the folder of a process's cgroup from its mountinfo
// and cgroup files.
func cgroupDir(mountinfo, cgroups []byte, fstype, controller string) (string, error) {
	what := "cgroup v2"
	if controller != "" {
		what = "cgroup v1 " + controller + " hierarchy"
	}
	mnt, root, found := mountOf(mountinfo, fstype, controller)
	if !found {
		return "", fmt.Errorf("no %s is mounted", what)
	}
	rel, ok := cgroupPath(cgroups, controller)
	if !ok {
		return "", fmt.Errorf("the grader is in no %s", what)
	}
	// A mount of part of the hierarchy (a container's) starts at root.
	if rel != root && !strings.HasPrefix(rel, root+"/") {
		return "", fmt.Errorf("the grader's cgroup %s is outside the %s mounted at %s", rel, what, mnt)
	}
	return filepath.Join(mnt, strings.TrimPrefix(rel, root)), nil
}

// mountOf finds in mountinfo where a file system of type fstype is
// mounted, and which part of it; for cgroup v1, the hierarchy with
// controller among its options.
func mountOf(mountinfo []byte, fstype, controller string) (mnt, root string, ok bool) {
	for _, l := range strings.Split(string(mountinfo), "\n") {
		// "36 35 0:31 / /sys/fs/cgroup rw,... - cgroup2 cgroup2 rw,..."
		pre, post, ok := strings.Cut(l, " - ")
		fields, fs := strings.Fields(pre), strings.Fields(post)
		if !ok || len(fields) < 5 || len(fs) < 3 || fs[0] != fstype {
			continue
		}
		if controller == "" || hasWords([]byte(strings.ReplaceAll(fs[2], ",", " ")), controller) {
			return fields[4], strings.TrimSuffix(fields[3], "/"), true
		}
	}
	return "", "", false
}

// cgroupPath finds in /proc/self/cgroup the grader's cgroup: in the v2
// hierarchy ("0::/path"), or in the v1 one of controller
// ("4:memory:/path", or "4:cpu,memory:/path").
func cgroupPath(data []byte, controller string) (string, bool) {
	for _, l := range strings.Split(string(data), "\n") {
		parts := strings.SplitN(l, ":", 3)
		if len(parts) != 3 {
			continue
		}
		if controller == "" && parts[0] == "0" && parts[1] == "" {
			return parts[2], true
		}
		if controller != "" && hasWords([]byte(strings.ReplaceAll(parts[1], ",", " ")), controller) {
			return parts[2], true
		}
	}
	return "", false
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
	dir    string
	parent string   // the base, where the forking thread returns under v1
	fd     *os.File // for SysProcAttr.CgroupFD, under v2
}

// prune removes the groups that graders which are gone left in the
// base (killed, they could not clean up): "netcourse-PID-N" with no
// process PID. A group still in use cannot be removed anyway.
func (b *cgroupBase) prune() {
	entries, err := os.ReadDir(b.dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), "netcourse-")
		pid, _, ok2 := strings.Cut(rest, "-")
		n, err := strconv.Atoi(pid)
		if !ok || !ok2 || err != nil || !e.IsDir() || syscall.Kill(n, 0) != syscall.ESRCH {
			continue
		}
		os.Remove(filepath.Join(b.dir, e.Name()))
	}
}

func (b *cgroupBase) create(l Limits) (*cgroup, error) {
	dir := filepath.Join(b.dir, fmt.Sprintf("netcourse-%d-%d", os.Getpid(), b.seq.Add(1)))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, err
	}
	c := &cgroup{dir: dir, parent: b.dir}
	// In this order: under v1 the limit with swap may not be below the
	// one without.
	type setting struct {
		file, value string
		optional    bool // absent without swap accounting
	}
	settings := []setting{
		{"memory.max", strconv.FormatInt(l.Memory, 10), false},
		{"memory.swap.max", "0", true},
		{"pids.max", strconv.Itoa(l.Procs), false},
	}
	if b.v1 {
		settings = []setting{
			{"memory.limit_in_bytes", strconv.FormatInt(l.Memory, 10), false},
			{"memory.memsw.limit_in_bytes", strconv.FormatInt(l.Memory, 10), true},
		}
	}
	for _, s := range settings {
		err := os.WriteFile(filepath.Join(dir, s.file), []byte(s.value), 0)
		if err != nil && !(s.optional && errors.Is(err, os.ErrNotExist)) {
			c.remove()
			return nil, err
		}
	}
	if b.v1 {
		return c, nil
	}
	fd, err := os.Open(dir)
	if err != nil {
		c.remove()
		return nil, err
	}
	c.fd = fd
	return c, nil
}

// start starts cmd in the group c, or in none if c is nil. Under v1 a
// process is born in the cgroups of the thread that forks it: the
// forking thread joins the group for the moment of the fork, so the
// child's first instruction already runs there. Go starts threads for
// a goroutine locked to its thread from a clean one, so none other is
// born in the group.
func (c *cgroup) start(cmd *exec.Cmd) error {
	switch {
	case c == nil:
		return cmd.Start()
	case c.fd != nil:
		cmd.SysProcAttr.UseCgroupFD, cmd.SysProcAttr.CgroupFD = true, int(c.fd.Fd())
		return cmd.Start()
	}
	runtime.LockOSThread()
	tid := []byte(strconv.Itoa(syscall.Gettid()))
	if err := os.WriteFile(filepath.Join(c.dir, "tasks"), tid, 0); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	err := cmd.Start()
	if back := os.WriteFile(filepath.Join(c.parent, "tasks"), tid, 0); back != nil {
		// The thread stays locked to this goroutine, so that no other
		// work of the grader runs in the child's group; the child,
		// started in an uncertain state, is stopped.
		if err == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		return fmt.Errorf("leaving the child's cgroup: %w", back)
	}
	runtime.UnlockOSThread()
	return err
}

// oomKilled reports whether the kernel killed a process of the group for
// going over its memory limit.
func (c *cgroup) oomKilled() bool {
	// v2 memory.events and v1 memory.oom_control (Linux 4.13 on) count
	// the kills; an older v1 only how often the limit was reached.
	for _, f := range []string{"memory.events", "memory.oom_control"} {
		if n, ok := field(filepath.Join(c.dir, f), "oom_kill"); ok {
			return n > 0
		}
	}
	n, ok := field(filepath.Join(c.dir, "memory.failcnt"), "")
	return ok && n > 0
}

// limitReached reports whether the group's memory use has reached its
// limit: v2 counts it in memory.events ("max"); v1 in memory.failcnt on
// some kernels, and on all keeps the high-water mark, which comes within
// a MiB of the limit (Linux 6.18 leaves failcnt at 0 after an OOM kill).
func (c *cgroup) limitReached() bool {
	if n, ok := field(filepath.Join(c.dir, "memory.events"), "max"); ok {
		return n > 0
	}
	if n, ok := field(filepath.Join(c.dir, "memory.failcnt"), ""); ok && n > 0 {
		return true
	}
	peak, ok1 := field(filepath.Join(c.dir, "memory.max_usage_in_bytes"), "")
	limit, ok2 := field(filepath.Join(c.dir, "memory.limit_in_bytes"), "")
	// Within a MiB: charges that would pass the limit are reclaimed for
	// first, so a group thrashing there may never touch it exactly.
	return ok1 && ok2 && peak+1<<20 > limit
}

// field reads a number from a cgroup file: the one named key in a file
// of "key value" lines, or the file's only one if key is empty.
func field(path, key string) (int64, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	if key == "" {
		n, err := strconv.ParseInt(string(bytes.TrimSpace(data)), 10, 64)
		return n, err == nil
	}
	for _, l := range bytes.Split(data, []byte("\n")) {
		if k, v, ok := bytes.Cut(l, []byte(" ")); ok && string(k) == key {
			n, err := strconv.ParseInt(string(v), 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}

// kill kills every process in the group.
func (c *cgroup) kill() {
	if os.WriteFile(filepath.Join(c.dir, "cgroup.kill"), []byte("1"), 0) == nil {
		return
	}
	data, _ := os.ReadFile(filepath.Join(c.dir, "cgroup.procs"))
	for _, p := range strings.Fields(string(data)) {
		// Never the grader: under v1 its forking thread was in the group.
		if pid, err := strconv.Atoi(p); err == nil && pid != os.Getpid() {
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
