package sandbox

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
	"time"
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
	d, err := os.Open("/proc")
	if err != nil {
		return nil, err
	}
	defer d.Close()
	names, err := d.Readdirnames(-1)
	if err != nil {
		return nil, err
	}
	out := make([]proc, 0, len(names))
	buf := make([]byte, 1024)
	for _, n := range names {
		if n[0] < '0' || n[0] > '9' {
			continue
		}
		if p, ok := readStat(n, buf); ok {
			out = append(out, p)
		}
	}
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
func tree(all []proc, root int) []proc {
	kids := map[int][]int{}
	byPID := map[int]proc{}
	for _, p := range all {
		byPID[p.pid] = p
		if p.pid != p.ppid {
			kids[p.ppid] = append(kids[p.ppid], p.pid)
		}
	}
	r, ok := byPID[root]
	if !ok {
		return nil
	}
	out := []proc{r}
	for i := 0; i < len(out); i++ {
		for _, k := range kids[out[i].pid] {
			out = append(out, byPID[k])
		}
	}
	return out
}

// usage sums a tree's CPU time and memory.
func usage(t []proc) (cpu time.Duration, rss int64) {
	for _, p := range t {
		if p.state == 'Z' {
			continue
		}
		cpu += p.cpu
		rss += p.rss
	}
	return cpu, rss
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
