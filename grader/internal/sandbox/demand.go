package sandbox

import (
	"bytes"
	"os"
	"strconv"
	"time"
)

// Demand is how long the child's processes have wanted a CPU so far: the
// time their threads ran plus the time they waited on a run queue, from
// /proc/PID/task/TID/schedstat. Over a wait, a child blocked on the
// network gains almost none; one that computes gains about the whole wait
// however loaded the machine is, since what it could not run it waited to
// run. ok is false where the kernel keeps no schedstat.
func (p *Proc) Demand() (d time.Duration, ok bool) {
	pids := []int{p.cmd.Process.Pid}
	p.mu.Lock()
	for _, q := range p.seen {
		if q.pid != pids[0] && q.state != 'Z' {
			pids = append(pids, q.pid)
		}
	}
	p.mu.Unlock()
	for _, pid := range pids {
		dir := "/proc/" + strconv.Itoa(pid) + "/task"
		tasks, err := os.ReadDir(dir)
		if err != nil {
			continue // ended meanwhile
		}
		for _, t := range tasks {
			b, err := os.ReadFile(dir + "/" + t.Name() + "/schedstat")
			if err != nil {
				continue
			}
			f := bytes.Fields(b)
			if len(f) < 2 {
				continue
			}
			run, err1 := strconv.ParseInt(string(f[0]), 10, 64)
			wait, err2 := strconv.ParseInt(string(f[1]), 10, 64)
			if err1 != nil || err2 != nil {
				continue
			}
			d += time.Duration(run + wait)
			ok = true
		}
	}
	return d, ok
}
