package sandbox

import (
	"bytes"
	"errors"
	"math"
	"os"
	"strconv"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// proc is one line of /proc/PID/stat, the fields the sandbox reads.
type proc struct {
	pid, ppid, pgrp int
	state           byte
	cpu             time.Duration // user and system time, its own and its waited-for children's
	rss             int64         // bytes resident
	start           uint64        // start time in clock ticks since boot, which tells a reused PID
}

// clockTick is the unit of times in /proc: USER_HZ, 100 on every Linux.
const clockTick = 10 * time.Millisecond

var pageSize = int64(os.Getpagesize())

// scan reads every process of /proc. The kernel here may lack
// /proc/PID/task/TID/children, so the tree is rebuilt from parent IDs.
func scan() ([]proc, error) {
	var s scanner // with no scan before, it reads every process
	return s.scan(nil)
}

// A scanner reads /proc for the monitor, as scan does, except the
// processes it has found in no watched child's tree: those it reads once.
// A process never joins a tree it was outside of (a parent changes only
// when an orphan goes up to a subreaper above it), and a PID listed at two
// scans in a row is the same process (a PID comes back only after the
// kernel has handed out every other one). A child watched since the last
// scan may have been outside when its processes were read, so processes
// started no earlier than it are read again.
type scanner struct {
	others  map[int]uint64 // PID -> start, of processes outside every tree at the last scan
	watched map[int]bool   // the roots of the last scan
	buf     []byte
}

// scan reads the processes that may be in the trees of roots.
func (s *scanner) scan(roots []int) ([]proc, error) {
	if s.buf == nil {
		s.buf = make([]byte, 1024)
	}
	since := uint64(math.MaxUint64) // the others started from then on are read again
	watched := make(map[int]bool, len(roots))
	for _, pid := range roots {
		watched[pid] = true
		if s.watched[pid] {
			continue
		}
		r, ok := readStat(strconv.Itoa(pid), s.buf)
		if !ok {
			since = 0 // gone already: read everything, as scan does
			continue
		}
		since = min(since, r.start)
	}
	s.watched = watched
	d, err := os.Open("/proc")
	if err != nil {
		return nil, err
	}
	defer d.Close()
	names, err := d.Readdirnames(-1)
	if err != nil {
		return nil, err
	}
	out := make([]proc, 0, max(0, len(names)-len(s.others)))
	others := make(map[int]uint64, len(s.others))
	for _, n := range names {
		if n[0] < '0' || n[0] > '9' {
			continue
		}
		pid, err := strconv.Atoi(n)
		if err != nil {
			continue
		}
		if start, ok := s.others[pid]; ok && start < since {
			others[pid] = start
			continue
		}
		if p, ok := readStat(n, s.buf); ok {
			out = append(out, p)
		}
	}
	in := map[int]bool{}
	f := newForest(out)
	for _, pid := range roots {
		for _, q := range f.tree(pid) {
			in[q.pid] = true
		}
	}
	for _, p := range out {
		if !in[p.pid] {
			others[p.pid] = p.start
		}
	}
	s.others = others
	return out, nil
}

func readStat(pid string, buf []byte) (proc, bool) {
	fd, err := syscall.Open("/proc/"+pid+"/stat", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return proc{}, false // gone meanwhile
	}
	n, err := syscall.Read(fd, buf)
	syscall.Close(fd)
	if err != nil || n <= 0 {
		return proc{}, false
	}
	return parseStat(buf[:n])
}

// parseStat parses "pid (comm) state ppid pgrp ...": comm may hold spaces
// and parentheses, so the fields start after the last ')'.
func parseStat(b []byte) (proc, bool) {
	open, close := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if open < 0 || close < open {
		return proc{}, false
	}
	var p proc
	var err error
	if p.pid, err = strconv.Atoi(string(bytes.TrimSpace(b[:open]))); err != nil {
		return proc{}, false
	}
	f := bytes.Fields(b[close+1:])
	if len(f) < 22 {
		return proc{}, false
	}
	num := func(i int) int64 { v, _ := strconv.ParseInt(string(f[i]), 10, 64); return v }
	// Fields from 3 (state) on, as proc(5) numbers them: f[i] is field i+3.
	p.state = f[0][0]
	p.ppid, p.pgrp = int(num(1)), int(num(2))
	p.cpu = time.Duration(num(11)+num(12)+num(13)+num(14)) * clockTick
	start, _ := strconv.ParseUint(string(f[19]), 10, 64)
	p.start = start
	p.rss = num(21) * pageSize
	return p, true
}

// tree returns root and its descendants in all, parents before children.
func tree(all []proc, root int) []proc { return newForest(all).tree(root) }

// A forest is processes by PID and by parent, made once for all the
// trees a scan serves.
type forest struct {
	byPID map[int]proc
	kids  map[int][]int
}

func newForest(all []proc) forest {
	f := forest{byPID: make(map[int]proc, len(all)), kids: map[int][]int{}}
	for _, p := range all {
		f.byPID[p.pid] = p
		if p.pid != p.ppid {
			f.kids[p.ppid] = append(f.kids[p.ppid], p.pid)
		}
	}
	return f
}

// tree returns root and its descendants, parents before children.
func (f forest) tree(root int) []proc {
	r, ok := f.byPID[root]
	if !ok {
		return nil
	}
	out := []proc{r}
	for i := 0; i < len(out); i++ {
		for _, k := range f.kids[out[i].pid] {
			out = append(out, f.byPID[k])
		}
	}
	return out
}

// usage sums a tree's CPU time.
func usage(t []proc) (cpu time.Duration) {
	for _, p := range t {
		if p.state != 'Z' {
			cpu += p.cpu
		}
	}
	return cpu
}

// killTree kills every process below root, which the caller stopped so
// that it forks nothing new. Their own orphans come to the root (a
// subreaper) and are found on the next pass; the caller kills the root
// last, so nothing escapes up to init while the others die.
func killTree(root int) {
	for range 20 {
		all, err := scan()
		if err != nil {
			return
		}
		t := tree(all, root)
		if len(t) == 0 {
			return
		}
		left := 0
		for _, p := range t[1:] {
			if p.state != 'Z' {
				syscall.Kill(p.pid, syscall.SIGKILL)
				left++
			}
		}
		if left == 0 {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// same reports whether pid is still the process that started at start.
func same(pid int, start uint64) bool {
	p, ok := readStat(strconv.Itoa(pid), make([]byte, 1024))
	return ok && p.start == start
}

// Magic numbers of statfs(2) for the file systems whose files are memory:
// tmpfs is also the hidden mount of memfds, SysV segments and shared
// anonymous mappings.
const (
	tmpfsMagic     = 0x01021994
	hugetlbfsMagic = 0x958458f6
)

// kcmpFiles asks kcmp(2) whether two tasks share their file table
// (linux/kcmp.h).
const kcmpFiles = 2

// fileID names a file across processes.
type fileID struct{ dev, ino uint64 }

// memory is what the tree of processes t holds in memory: its processes'
// resident memory, and the files in memory it holds open or mapped
// (memfds, tmpfs files, shared memory) once each and whole, however many
// of its processes hold them and whether mapped or not, and what its
// private /tmp holds. A memfd written without mmap is no process's
// resident memory, and a process may hold as many as it may open files.
// Threads may have file tables of their own (unshare), so each thread's
// is read unless the kernel says it is its process's.
//
// It reads files that the kernel fills from counters (status, not
// smaps_rollup, which walks every page table): the judge counts every
// child every 20ms. Anonymous pages a forked process shares with its
// parent, and pages of a file two processes map, count for each.
//
// Not seen here, so counted only by a cgroup: files in flight in a
// socket's queue (SCM_RIGHTS) and SysV segments no process has attached.
func memory(t []proc) int64 {
	if len(t) == 0 {
		return 0
	}
	m := memCount{seen: map[fileID]bool{}, fsType: map[uint64]bool{}, buf: make([]byte, 4096)}
	m.privateTmp(t[0].pid)
	for _, p := range t {
		if p.state == 'Z' {
			continue
		}
		dir := "/proc/" + strconv.Itoa(p.pid)
		resident, shmem, ok := m.status(dir)
		if !ok {
			m.total += p.rss
			continue
		}
		m.total += resident
		if !m.mapped(dir) {
			// Its mapped memory files could not be named: count what of
			// them it has resident instead.
			m.total += shmem
		}
		m.tasks(p.pid, dir)
	}
	return m.total
}

// memCount is one count of memory: what it has counted so far.
type memCount struct {
	seen   map[fileID]bool
	fsType map[uint64]bool // device: whether its files are memory
	buf    []byte
	total  int64
}

// privateTmp counts the tmpfs the sandbox mounts on a child's /tmp (its
// working folder is there), when the child has a root of its own: files
// left there hold memory with no process holding them.
func (m *memCount) privateTmp(pid int) {
	var ours, theirs, tmp unix.Stat_t
	root := "/proc/" + strconv.Itoa(pid) + "/root"
	if unix.Stat("/", &ours) != nil || unix.Stat(root, &theirs) != nil || unix.Stat(root+"/tmp", &tmp) != nil {
		return
	}
	if ours.Dev == theirs.Dev && ours.Ino == theirs.Ino {
		return // the machine's /tmp: not the child's alone
	}
	var fs unix.Statfs_t
	if unix.Statfs(root+"/tmp", &fs) != nil || fs.Type != tmpfsMagic {
		return
	}
	m.total += int64(fs.Blocks-fs.Bfree) * fs.Bsize
	// Its files count there, whoever holds them open.
	m.fsType[tmp.Dev] = false
}

// status reads a process's resident memory from /proc/PID/status: what
// is not in memory files, and what is.
func (m *memCount) status(dir string) (resident, shmem int64, ok bool) {
	data, ok := m.read(dir + "/status")
	if !ok {
		return 0, 0, false
	}
	found := false
	for len(data) > 0 {
		var line []byte
		line, data, _ = bytes.Cut(data, []byte("\n"))
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		kb := func() int64 {
			n, _ := strconv.ParseInt(string(bytes.TrimSuffix(bytes.TrimSpace(v), []byte(" kB"))), 10, 64)
			return n << 10
		}
		switch string(k) {
		case "RssAnon":
			resident, found = resident+kb(), true
		case "RssFile", "HugetlbPages":
			resident += kb()
		case "RssShmem":
			shmem = kb()
		}
	}
	return resident, shmem, found
}

// mapped counts the memory files a process maps, and reports whether it
// could name them all: mapped, a memfd outlives its descriptors.
func (m *memCount) mapped(dir string) bool {
	data, ok := m.read(dir + "/maps")
	if !ok {
		return false
	}
	all := true
	for len(data) > 0 {
		var line []byte
		line, data, _ = bytes.Cut(data, []byte("\n"))
		// "7f3c0000-7f3c1000 rw-s 00000000 00:01 1045 /memfd:x (deleted)"
		f := bytes.Fields(line)
		if len(f) < 5 {
			continue
		}
		ino, _ := strconv.ParseUint(string(f[4]), 10, 64)
		maj, min, ok := bytes.Cut(f[3], []byte(":"))
		if ino == 0 || !ok || string(maj) != "00" {
			// Anonymous memory (in Pss), or a file on a device, not in
			// memory: memory file systems have no device (major 0).
			continue
		}
		minor, _ := strconv.ParseUint(string(min), 16, 32)
		if m.seen[fileID{unix.Mkdev(0, uint32(minor)), ino}] {
			continue
		}
		if !m.file(dir + "/map_files/" + string(f[0])) {
			all = false
		}
	}
	return all
}

// tasks counts the memory files in the file tables of a process's
// threads: its own, and any thread's that kcmp(2) does not say is the
// same.
func (m *memCount) tasks(pid int, dir string) {
	m.files(dir + "/fd")
	d, err := os.Open(dir + "/task")
	if err != nil {
		return
	}
	tids, _ := d.Readdirnames(-1)
	d.Close()
	for _, tid := range tids {
		t, err := strconv.Atoi(tid)
		if err != nil || t == pid {
			continue
		}
		if r, _, errno := unix.Syscall6(unix.SYS_KCMP, uintptr(pid), uintptr(t), kcmpFiles, 0, 0, 0); errno == 0 && r == 0 {
			continue
		}
		m.files(dir + "/task/" + tid + "/fd")
	}
}

// files counts the memory files in a folder of descriptors.
func (m *memCount) files(fds string) {
	d, err := os.Open(fds)
	if err != nil {
		return
	}
	names, _ := d.Readdirnames(-1)
	d.Close()
	for _, n := range names {
		m.file(fds + "/" + n)
	}
}

// file counts the file that path (a magic link of /proc) leads to, if it
// is a memory file not counted yet, and reports whether it could look.
func (m *memCount) file(path string) bool {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return errors.Is(err, unix.ENOENT) // closed or unmapped meanwhile
	}
	// Memory file systems have no device (major 0).
	if st.Mode&unix.S_IFMT != unix.S_IFREG || unix.Major(st.Dev) != 0 {
		return true
	}
	id := fileID{st.Dev, st.Ino}
	if m.seen[id] {
		return true
	}
	m.seen[id] = true
	inMemory, known := m.fsType[st.Dev]
	if !known {
		var fs unix.Statfs_t
		if err := unix.Statfs(path, &fs); err != nil {
			return errors.Is(err, unix.ENOENT)
		}
		inMemory = fs.Type == tmpfsMagic || fs.Type == hugetlbfsMagic
		m.fsType[st.Dev] = inMemory
	}
	if inMemory {
		m.total += st.Blocks * 512
	}
	return true
}

// read reads a small file of /proc into m's buffer, growing it as needed.
func (m *memCount) read(path string) ([]byte, bool) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, false
	}
	defer unix.Close(fd)
	n := 0
	for {
		if n == len(m.buf) {
			m.buf = append(m.buf, make([]byte, len(m.buf))...)
		}
		k, err := unix.Read(fd, m.buf[n:])
		if err != nil {
			return nil, false
		}
		if k == 0 {
			return m.buf[:n], true
		}
		n += k
	}
}
