package judge

import (
	"context"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// AutoJobs, as Options.Jobs, runs builds as the machine's idle CPU allows
// (see Gate) and checks MaxAutoJobs per core.
const AutoJobs = -1

// Gate admits work (a build, a check, a submission) while the machine has
// CPU to spare. Grading mostly waits (for timeouts, for peers, for
// answers), so a fixed number of jobs per core either leaves the cores
// idle or crowds them. The gate always admits Min at once, and one more,
// up to Max, whenever the CPU was idle for more than IdleShare of its
// cores over the last Every (so that the job admitted last has had Every
// to show its load). A job past Min that ends takes its place with it;
// the next job waits for an idle look. Waiting jobs are admitted by rank,
// highest first, then in order of arrival.
//
// What it decides is when work starts, never a verdict: checks judge by
// what they see and by CPU time, not by how busy the machine is.
type Gate struct {
	Min, Max  int
	IdleShare float64       // 0.15: more jobs while more than 15% of the CPU is idle
	Every     time.Duration // how often the CPU is looked at while jobs wait

	mu      sync.Mutex
	running int
	limit   int      // jobs at once now, Min to Max
	queue   []waiter // the jobs waiting, by rank, then in order of arrival
	ticking bool     // a goroutine looks at the CPU: only while jobs wait
	i0, t0  uint64   // the CPU counters when last looked at
	known   bool

	idle func() (idle, total uint64, ok bool) // the machine's CPU counters; /proc/stat when nil
}

// NewGate is the gate for up to hi jobs at once, lo of them whatever the
// load; lo is at least 1. On a machine whose CPU counters the grader
// cannot read, it admits lo.
func NewGate(lo, hi int) *Gate {
	lo = max(lo, 1)
	return &Gate{Min: lo, Max: max(lo, hi), IdleShare: 0.15, Every: 200 * time.Millisecond, limit: lo}
}

// DefaultJobs is the least number of jobs a gate runs: one per core.
func DefaultJobs() int { return runtime.NumCPU() }

type waiter struct {
	rank  int
	admit chan struct{}
}

// Acquire waits until the gate admits one more job, or ctx ends.
func (g *Gate) Acquire(ctx context.Context) error { return g.AcquireRank(ctx, 0) }

// AcquireRank is Acquire for a job that goes before the waiting jobs of
// lower rank: the long ones, so that they do not end the run alone.
func (g *Gate) AcquireRank(ctx context.Context, rank int) error {
	g.mu.Lock()
	if len(g.queue) == 0 && g.running < max(g.limit, g.Min) {
		g.running++
		g.mu.Unlock()
		return nil
	}
	ch := make(chan struct{})
	i, _ := slices.BinarySearchFunc(g.queue, rank, func(w waiter, r int) int {
		if w.rank >= r {
			return -1
		}
		return 1
	})
	g.queue = slices.Insert(g.queue, i, waiter{rank, ch})
	if !g.ticking && g.Max > g.Min { // a gate of Min only never looks
		g.ticking = true
		go g.watch()
	}
	g.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		g.mu.Lock()
		i := slices.IndexFunc(g.queue, func(w waiter) bool { return w.admit == ch })
		if i >= 0 {
			g.queue = slices.Delete(g.queue, i, i+1)
		}
		g.mu.Unlock()
		if i < 0 { // admitted meanwhile: the place goes to the next
			g.Release()
		}
		return ctx.Err()
	}
}

// Release ends a job Acquire admitted.
func (g *Gate) Release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.running--
	g.limit = max(g.Min, min(g.limit, g.running))
	g.admit()
}

// admit starts waiting jobs while the limit allows; g.mu is held.
func (g *Gate) admit() {
	for len(g.queue) > 0 && g.running < max(g.limit, g.Min) {
		close(g.queue[0].admit)
		g.queue = g.queue[1:]
		g.running++
	}
}

// watch looks at the CPU every Every while jobs wait, and admits one more
// when it was idle enough.
func (g *Gate) watch() {
	i0, t0, ok := g.counters()
	g.mu.Lock()
	g.i0, g.t0, g.known = i0, t0, ok
	g.mu.Unlock()
	for {
		time.Sleep(g.Every)
		i1, t1, ok := g.counters()
		g.mu.Lock()
		if len(g.queue) == 0 {
			g.ticking, g.known = false, false
			g.mu.Unlock()
			return
		}
		if ok && g.known && t1 > g.t0 && float64(i1-g.i0) > g.IdleShare*float64(t1-g.t0) {
			g.limit = min(g.Max, max(g.limit, g.running)+1)
			g.admit()
		}
		g.i0, g.t0, g.known = i1, t1, ok
		g.mu.Unlock()
	}
}

func (g *Gate) counters() (idle, total uint64, ok bool) {
	if g.idle != nil {
		return g.idle()
	}
	return procStat()
}

// procStat reads the machine's idle and total CPU time (in clock ticks,
// all cores) from /proc/stat.
func procStat() (idle, total uint64, ok bool) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0, false
	}
	line, _, _ := strings.Cut(string(data), "\n")
	f := strings.Fields(line)
	if len(f) < 5 || f[0] != "cpu" {
		return 0, 0, false
	}
	for i, s := range f[1:] {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return 0, 0, false
		}
		if i >= 8 {
			break // guest time is counted in user time already
		}
		total += n
		if i == 3 || i == 4 { // idle, iowait
			idle += n
		}
	}
	return idle, total, true
}
