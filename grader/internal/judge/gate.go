package judge

import (
	"context"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// AutoJobs, as Options.Jobs, grades as many exercises at once as the
// machine's idle CPU allows (see Gate).
const AutoJobs = -1

// Gate admits work (an exercise, a submission) while the machine has CPU
// to spare. Grading mostly waits (for timeouts, for peers, for answers),
// so a fixed number of jobs per core either leaves the cores idle or
// crowds them: the gate always admits Min at once, and one more, up to
// Max, whenever the CPU was idle for more than IdleShare of its cores over
// the last Every and the job admitted last has had Every to show its load.
//
// What it decides is when work starts, never a verdict: checks judge by
// what they see and by CPU time, not by how busy the machine is.
type Gate struct {
	Min, Max  int
	IdleShare float64       // 0.15: admit while more than 15% of the CPU is idle
	Every     time.Duration // how often the CPU is looked at

	mu      sync.Mutex
	running int
	last    time.Time // the latest admission past Min
	free    chan struct{}

	idle func() (idle, total uint64, ok bool) // the machine's CPU counters; /proc/stat when nil
}

// NewGate is the gate for up to hi jobs at once, lo of them whatever the
// load; lo is at least 1. On a machine whose CPU counters the grader
// cannot read, it admits lo.
func NewGate(lo, hi int) *Gate {
	lo = max(lo, 1)
	return &Gate{Min: lo, Max: max(lo, hi), IdleShare: 0.15, Every: 200 * time.Millisecond, free: make(chan struct{}, 1)}
}

// DefaultJobs is the least number of jobs a gate runs: one per core.
func DefaultJobs() int { return runtime.NumCPU() }

// Acquire waits until the gate admits one more job, or ctx ends.
func (g *Gate) Acquire(ctx context.Context) error {
	var i0, t0 uint64
	var known bool
	for {
		g.mu.Lock()
		switch {
		case g.running < g.Min:
			g.running++
			g.mu.Unlock()
			return nil
		case g.running < g.Max && known && time.Since(g.last) >= g.Every:
			i1, t1, ok := g.counters()
			if ok && t1 > t0 && float64(i1-i0) > g.IdleShare*float64(t1-t0) {
				g.running++
				g.last = time.Now()
				g.mu.Unlock()
				return nil
			}
		}
		g.mu.Unlock()
		i0, t0, known = g.counters()
		timer := time.NewTimer(g.Every)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-g.free:
			timer.Stop()
			known = false // a job ended: a place under Min may be free
		case <-timer.C:
		}
	}
}

// Release ends a job Acquire admitted.
func (g *Gate) Release() {
	g.mu.Lock()
	g.running--
	g.mu.Unlock()
	select {
	case g.free <- struct{}{}:
	default:
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
