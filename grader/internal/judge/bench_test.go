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
// --impl solutions` does: first one check at a time, which gives the
// yardstick, the longest single check with the machine to itself; then
// with the default (judge.AutoJobs). The target is the default's wall
// time within 1.5 x that check. (Against the longest check of its own
// run the ratio would flatter: checks that share the CPU take longer.)
// CPU time (the judge's and its children's) shows what the cores allow:
// on N cores no run is shorter than CPU / N. For make bench:
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
	grade := func(b *testing.B, jobs int) (wall, used, longest time.Duration, which string) {
		c0 := cpu()
		start := time.Now()
		run, err := bu.Grade(context.Background(), course.Exercises, judge.Options{
			Impl: filepath.Join(root, "solutions"), Ref: filepath.Join(root, "solutions"), Seed: 1, Jobs: jobs,
		})
		if err != nil {
			b.Fatal(err)
		}
		wall, used = time.Since(start), cpu()-c0
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
		return wall, used, longest, which
	}
	grade(b, judge.AutoJobs) // warm the child cache
	var alone time.Duration
	b.Run("jobs=1", func(b *testing.B) {
		for range b.N {
			wall, used, longest, which := grade(b, 1)
			alone = longest
			b.ReportMetric(wall.Seconds(), "wall-s")
			b.ReportMetric(used.Seconds(), "cpu-s")
			b.ReportMetric(longest.Seconds(), "longest-check-s")
			b.Logf("grade of all references, one check at a time: %v wall, %v CPU; longest check %q %v",
				wall.Round(10*time.Millisecond), used.Round(10*time.Millisecond), which, longest.Round(10*time.Millisecond))
		}
	})
	b.Run("jobs=auto", func(b *testing.B) {
		for range b.N {
			wall, used, longest, which := grade(b, judge.AutoJobs)
			cores := float64(judge.DefaultJobs())
			b.ReportMetric(wall.Seconds(), "wall-s")
			b.ReportMetric(used.Seconds(), "cpu-s")
			b.ReportMetric(wall.Seconds()/alone.Seconds(), "x-longest")
			b.Logf("grade of all references, default jobs: %v wall, %v CPU; %.1fx the longest check alone, %v (target <= 1.5x: %s); CPU floor on %.0f cores %.1fx it; longest check of this run %q %v",
				wall.Round(10*time.Millisecond), used.Round(10*time.Millisecond), wall.Seconds()/alone.Seconds(), alone.Round(10*time.Millisecond),
				map[bool]string{true: "met", false: "NOT met"}[wall <= alone*3/2], cores, used.Seconds()/cores/alone.Seconds(), which, longest.Round(10*time.Millisecond))
		}
	})
}

// cpu is the CPU time this process and its waited-for children used.
func cpu() time.Duration {
	var self, kids syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
	d := func(t syscall.Timeval) time.Duration { return time.Duration(t.Nano()) }
	return d(self.Utime) + d(self.Stime) + d(kids.Utime) + d(kids.Stime)
}
