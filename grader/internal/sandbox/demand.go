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
	p.eachThread("schedstat", func(b []byte) bool {
		f := bytes.Fields(b)
		if len(f) < 2 {
			return true
		}
		run, err1 := strconv.ParseInt(string(f[0]), 10, 64)
		wait, err2 := strconv.ParseInt(string(f[1]), 10, 64)
		if err1 == nil && err2 == nil {
			d += time.Duration(run + wait)
			ok = true
		}
		return true
	})
	return d, ok
}

// Runnable reports whether a thread of the child's processes is running
// or waiting on a run queue to run, now (state R in
// /proc/PID/task/TID/stat): the child has work it has not done yet. ok is
// false where no thread could be read.
func (p *Proc) Runnable() (runnable, ok bool) {
	p.eachThread("stat", func(b []byte) bool {
		i := bytes.LastIndex(b, []byte(") "))
		if i < 0 || i+2 >= len(b) {
			return true
		}
		ok = true
		runnable = b[i+2] == 'R'
		return !runnable
	})
	return runnable, ok
}

// eachThread calls f with the file name of every thread of the child's
// living processes (/proc/PID/task/TID/name), until f returns false.
func (p *Proc) eachThread(name string, f func([]byte) bool) {
	for _, pid := range p.living() {
		dir := "/proc/" + strconv.Itoa(pid) + "/task"
		tasks, err := os.ReadDir(dir)
		if err != nil {
			continue // ended meanwhile
		}
		for _, t := range tasks {
			b, err := os.ReadFile(dir + "/" + t.Name() + "/" + name)
			if err != nil {
				continue
			}
			if !f(b) {
				return
			}
		}
	}
}

// living is the child's process and those it started that were alive when
// last looked at.
func (p *Proc) living() []int {
	pids := []int{p.pid}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, q := range p.seen {
		if q.pid != pids[0] && q.state != 'Z' {
			pids = append(pids, q.pid)
		}
	}
	return pids
}
