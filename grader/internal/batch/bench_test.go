package batch

import (
	"cmp"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"netcourse/grader/course"
	"netcourse/grader/internal/judge"
)

// BenchmarkBatch grades a generated class (BATCH_N submissions, 100 by
// default, of the exercises in BATCH_IDS, "1.1 1.2 1.7" by default) with
// each --jobs of BATCH_JOBS ("1 2 auto" by default; the rows must agree),
// each time with an empty child cache: every
// student's files are their own, so in a real batch every exercise is
// built. It then grades ten of them again with the cache warm, to show
// what building costs. For make bench:
//
//	go test -v -run '^$' -bench Batch -benchtime 1x -timeout 30m ./grader/internal/batch
func BenchmarkBatch(b *testing.B) {
	n := 100
	if s := os.Getenv("BATCH_N"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 1 {
			b.Fatalf("BATCH_N=%q: want a positive number", s)
		}
	}
	var exs []*judge.Exercise
	for _, id := range strings.Fields(cmp.Or(os.Getenv("BATCH_IDS"), "1.1 1.2 1.7")) {
		ex := course.Lookup(id)
		if ex == nil {
			b.Fatalf("BATCH_IDS: unknown exercise %q", id)
		}
		exs = append(exs, ex)
	}
	root := projectRoot(b)
	dir := b.TempDir()
	mix := generate(b, root, dir, n, exs, 1)
	subs, err := Find(dir, course.Exercises)
	if err != nil {
		b.Fatal(err)
	}
	used := map[int]time.Duration{}
	grade := func(subs []Submission, jobs int, cache string) (time.Duration, *Gradebook) {
		bu := &judge.Builder{Root: root, Cache: cache}
		c0 := cpuTime()
		defer func() { used[jobs] = cpuTime() - c0 }()
		start := time.Now()
		gb, err := Grade(context.Background(), bu, subs, Options{
			Exercises: exs, Ref: filepath.Join(root, "solutions"), Seed: 1, Jobs: jobs, Timeout: 5 * time.Minute,
		})
		if err != nil {
			b.Fatal(err)
		}
		return time.Since(start), gb
	}

	var runs []int
	for _, f := range strings.Fields(cmp.Or(os.Getenv("BATCH_JOBS"), "1 2 auto")) {
		jobs, err := strconv.Atoi(f)
		switch {
		case f == "auto":
			jobs = judge.AutoJobs
		case err != nil || jobs < 1:
			b.Fatalf("BATCH_JOBS: %q is no number of jobs, nor auto", f)
		}
		runs = append(runs, jobs)
	}
	wall := map[int]time.Duration{}
	books := map[int]*Gradebook{}
	cores := judge.DefaultJobs()
	share := map[int]float64{}
	for _, jobs := range runs {
		b.Run("jobs="+name(jobs), func(b *testing.B) {
			for range b.N {
				wall[jobs], books[jobs] = grade(subs, jobs, b.TempDir())
			}
			share[jobs] = used[jobs].Seconds() / wall[jobs].Seconds() / float64(cores)
			b.ReportMetric(wall[jobs].Seconds()/float64(n), "s/submission")
			b.ReportMetric(100*share[jobs], "%cpu")
		})
	}
	for _, jobs := range runs {
		b.Logf("cold child cache, --jobs %s: %v, %.1f s a submission; CPU %v, %.0f%% of %d cores; %.2fx its CPU floor (CPU / cores)",
			name(jobs), wall[jobs].Round(100*time.Millisecond), wall[jobs].Seconds()/float64(n), used[jobs].Round(100*time.Millisecond),
			100*share[jobs], cores, 1/share[jobs])
	}
	base := runs[0]
	statuses := map[string]int{}
	differ := 0
	for i, r := range books[base].Rows {
		statuses[r.Status]++
		for _, other := range runs[1:] {
			if r1 := books[other].Rows[i]; r1.Total != r.Total || r1.Status != r.Status {
				differ++
				b.Logf("%s: --jobs %s %d %s, --jobs %s %d %s", r.Submission, name(base), r.Total, r.Status, name(other), r1.Total, r1.Status)
			}
		}
	}
	ids := make([]string, len(exs))
	for i, ex := range exs {
		ids[i] = ex.ID
	}
	b.Logf("%d submissions of %s, seed 1; exercises from: %d reference, %d stub, %d known-bad, %d missing",
		n, strings.Join(ids, " "), mix[fromReference], mix[fromStub], mix[fromBad], mix[fromNothing])
	b.Logf("grading_status with --jobs %s: %d ok, %d build_error, %d timeout, %d internal_error; rows whose total or status differ from it in the other runs: %d",
		name(base), statuses[OK], statuses[BuildError], statuses[Timeout], statuses[InternalError], differ)
	if a, ok := share[judge.AutoJobs]; ok {
		b.Logf("default --jobs (auto): CPU use %.0f%% (target >= 85%%: %s), %.2fx its CPU floor (target <= 3x: %s)",
			100*a, map[bool]string{true: "met", false: "NOT met"}[a >= 0.85], 1/a, map[bool]string{true: "met", false: "NOT met"}[1/a <= 3])
	}
	if _, ok := wall[2]; ok && wall[1] > 0 {
		b.Logf("--jobs 1 against 2: speed-up %.2fx", wall[1].Seconds()/wall[2].Seconds())
	}

	few := subs[:min(10, n)]
	warmCache := b.TempDir()
	cold, _ := grade(few, 2, warmCache)
	warm, _ := grade(few, 2, warmCache)

	b.Logf("%d submissions, --jobs 2: cold child cache %v, warm %v (building is %.0f%% of a cold grading)",
		len(few), cold.Round(100*time.Millisecond), warm.Round(100*time.Millisecond), 100*(1-warm.Seconds()/cold.Seconds()))
}

// name is a --jobs value as the flag takes it.
func name(jobs int) string {
	if jobs == judge.AutoJobs {
		return "auto"
	}
	return strconv.Itoa(jobs)
}

// cpuTime is the CPU time this process and its waited-for children used.
func cpuTime() time.Duration {
	var self, kids syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
	d := func(t syscall.Timeval) time.Duration { return time.Duration(t.Nano()) }
	return d(self.Utime) + d(self.Stime) + d(kids.Utime) + d(kids.Stime)
}
