package judge_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"netcourse/grader/course"
	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/result"
)

// BenchmarkGradeReferences grades every reference solution, as `grade
// --impl solutions` does, with one exercise per core and then with the
// default (judge.AutoJobs), and holds the wall time against the longest
// single check of the same run: the target is 1.5 x. CPU time (the
// judge's and its children's) shows what the cores allow: on N cores no
// run is shorter than CPU / N. For make bench:
//
//	go test -run '^$' -bench GradeReferences -benchtime 1x ./grader/internal/judge
func BenchmarkGradeReferences(b *testing.B) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		b.Fatal(err)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	bu := &judge.Builder{Root: root, Cache: filepath.Join(cache, "netcourse-grader")}
	grade := func(jobs int) (*result.Run, time.Duration, time.Duration) {
		c0 := cpu()
		start := time.Now()
		run, err := bu.Grade(context.Background(), course.Exercises, judge.Options{
			Impl: filepath.Join(root, "solutions"), Ref: filepath.Join(root, "solutions"), Seed: 1, Jobs: jobs,
		})
		if err != nil {
			b.Fatal(err)
		}
		return run, time.Since(start), cpu() - c0
	}
	grade(judge.DefaultJobs()) // warm the child cache
	for _, tc := range []struct {
		name string
		jobs int
	}{{"jobs=cores", judge.DefaultJobs()}, {"jobs=auto", judge.AutoJobs}} {
		b.Run(tc.name, func(b *testing.B) {
			for range b.N {
				run, wall, used := grade(tc.jobs)
				var longest time.Duration
				var which string
				for _, e := range run.Exercises {
					if e.Status != result.Passed {
						b.Errorf("%s: %s, want passed", e.ID, e.Status)
					}
					for _, c := range e.Checks {
						if c.Duration > longest {
							longest, which = c.Duration, e.ID+" "+c.Name
						}
					}
				}
				b.ReportMetric(wall.Seconds(), "wall-s")
				b.ReportMetric(used.Seconds(), "cpu-s")
				b.ReportMetric(longest.Seconds(), "longest-check-s")
				b.ReportMetric(wall.Seconds()/longest.Seconds(), "x-longest")
				b.Logf("grade of all references: %v wall, %v CPU; longest check %q %v; %.1fx it (target <= 1.5x: %s); CPU floor on %d cores %.1fx it",
					wall.Round(10*time.Millisecond), used.Round(10*time.Millisecond), which, longest.Round(10*time.Millisecond),
					wall.Seconds()/longest.Seconds(), map[bool]string{true: "met", false: "NOT met"}[wall <= longest*3/2],
					judge.DefaultJobs(), used.Seconds()/float64(judge.DefaultJobs())/longest.Seconds())
			}
		})
	}
}

// cpu is the CPU time this process and its waited-for children used.
func cpu() time.Duration {
	var self, kids syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
	d := func(t syscall.Timeval) time.Duration { return time.Duration(t.Nano()) }
	return d(self.Utime) + d(self.Stime) + d(kids.Utime) + d(kids.Stime)
}
