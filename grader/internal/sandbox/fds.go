package sandbox

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Sockets counts the sockets the child's processes hold open now, each
// once (by inode: a socket shared by two processes, or dup'ed, is one),
// as the judge sees them in /proc: a check can count what N calls leaked
// without trusting anything the child says.
func (p *Proc) Sockets() (int, error) {
	pids := []int{p.pid}
	p.mu.Lock()
	for _, q := range p.seen {
		if q.pid != pids[0] {
			pids = append(pids, q.pid)
		}
	}
	p.mu.Unlock()
	seen := map[string]bool{}
	for i, pid := range pids {
		dir := fmt.Sprintf("/proc/%d/fd", pid)
		ents, err := os.ReadDir(dir)
		if err != nil {
			if i == 0 {
				return 0, fmt.Errorf("counting the child's sockets: %w", err)
			}
			continue // a process of the tree that has ended since
		}
		for _, e := range ents {
			l, err := os.Readlink(dir + "/" + e.Name())
			if err == nil && strings.HasPrefix(l, "socket:") {
				seen[l] = true
			}
		}
	}
	return len(seen), nil
}

// CPU is the CPU time the child's processes have used so far: read now
// for the child itself, from the last look for the processes it started.
// A budget in CPU time, unlike one in wall time, does not depend on how
// busy the machine is.
func (p *Proc) CPU() time.Duration {
	root := p.pid
	var cpu time.Duration
	if q, ok := readStat(strconv.Itoa(root), make([]byte, 4096)); ok {
		cpu = q.cpu
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, q := range p.seen {
		if q.pid == root {
			cpu = max(cpu, q.cpu)
		} else if q.state != 'Z' {
			cpu += q.cpu
		}
	}
	return cpu
}

// PeakMemory is the most memory the child's processes have had resident
// at once, each by its own high-water mark (VmHWM in /proc/PID/status,
// which the kernel keeps exactly, between the judge's looks too), summed
// over the child and the processes it started that are still running. It
// is 0 once the child has ended: read it before Stop. A budget in peak
// memory, set from the reference solution in the same run, tells a
// streaming decoder from one that reads everything first.
func (p *Proc) PeakMemory() int64 {
	root := p.pid
	pids := []int{root}
	p.mu.Lock()
	for _, q := range p.seen {
		if q.pid != root && q.state != 'Z' {
			pids = append(pids, q.pid)
		}
	}
	p.mu.Unlock()
	var total int64
	for _, pid := range pids {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			continue // ended since
		}
		for line := range strings.Lines(string(data)) {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
				total += kb << 10
			}
		}
	}
	return total
}
