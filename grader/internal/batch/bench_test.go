package batch

import (
	"cmp"
	"context"
	"fmt"
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
// one job and then two, each time with an empty child cache: every
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

	wall := map[int]time.Duration{}
	books := map[int]*Gradebook{}
	cores := judge.DefaultJobs()
	share := map[int]float64{}
	for _, jobs := range []int{1, 2, judge.AutoJobs} {
		name := fmt.Sprintf("jobs=%d", jobs)
		if jobs == judge.AutoJobs {
			name = "jobs=auto"
		}
		b.Run(name, func(b *testing.B) {
			for range b.N {
				wall[jobs], books[jobs] = grade(subs, jobs, b.TempDir())
			}
			share[jobs] = used[jobs].Seconds() / wall[jobs].Seconds() / float64(cores)
			b.ReportMetric(wall[jobs].Seconds()/float64(n), "s/submission")
			b.ReportMetric(100*share[jobs], "%cpu")
		})
	}
	few := subs[:min(10, n)]
	warmCache := b.TempDir()
	cold, _ := grade(few, 2, warmCache)
	warm, _ := grade(few, 2, warmCache)

	ids := make([]string, len(exs))
	for i, ex := range exs {
		ids[i] = ex.ID
	}
	statuses := map[string]int{}
	differ := 0
	for i, r := range books[2].Rows {
		statuses[r.Status]++
		for _, other := range []int{1, judge.AutoJobs} {
			if r1 := books[other].Rows[i]; r1.Total != r.Total || r1.Status != r.Status {
				differ++
				b.Logf("%s: --jobs 2 %d %s, --jobs %d %d %s", r.Submission, r.Total, r.Status, other, r1.Total, r1.Status)
			}
		}
	}
	total := wall[1] + wall[2]
	b.Logf("%d submissions of %s, seed 1; exercises from: %d reference, %d stub, %d known-bad, %d missing",
		n, strings.Join(ids, " "), mix[fromReference], mix[fromStub], mix[fromBad], mix[fromNothing])
	b.Logf("grading_status with 2 jobs: %d ok, %d build_error, %d timeout, %d internal_error; rows whose total or status differ from it in the other runs: %d",
		statuses[OK], statuses[BuildError], statuses[Timeout], statuses[InternalError], differ)
	b.Logf("cold child cache: --jobs 1 %v, --jobs 2 %v: speed-up %.2fx; both %v (target <= 10m: %s)",
		wall[1].Round(100*time.Millisecond), wall[2].Round(100*time.Millisecond), wall[1].Seconds()/wall[2].Seconds(),
		total.Round(100*time.Millisecond), map[bool]string{true: "met", false: "NOT met"}[total <= 10*time.Minute])
	b.Logf("cold child cache, default --jobs (auto): %v, %.2fx --jobs 2; CPU use on %d cores: --jobs 1 %.0f%%, --jobs 2 %.0f%%, auto %.0f%% (target >= 85%%: %s)",
		wall[judge.AutoJobs].Round(100*time.Millisecond), wall[2].Seconds()/wall[judge.AutoJobs].Seconds(), cores,
		100*share[1], 100*share[2], 100*share[judge.AutoJobs], map[bool]string{true: "met", false: "NOT met"}[share[judge.AutoJobs] >= 0.85])
	b.Logf("%d submissions, --jobs 2: cold child cache %v, warm %v (building is %.0f%% of a cold grading)",
		len(few), cold.Round(100*time.Millisecond), warm.Round(100*time.Millisecond), 100*(1-warm.Seconds()/cold.Seconds()))
}

// cpuTime is the CPU time this process and its waited-for children used.
func cpuTime() time.Duration {
	var self, kids syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
	d := func(t syscall.Timeval) time.Duration { return time.Duration(t.Nano()) }
	return d(self.Utime) + d(self.Stime) + d(kids.Utime) + d(kids.Stime)
}
