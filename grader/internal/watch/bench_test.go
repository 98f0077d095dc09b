package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"netcourse/grader/course"
	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/result"
)

// BenchmarkRegrade measures what a student waits for after a save in
// `grader watch`: an edit to a temporary copy of a passing exercise, the
// watcher noticing it (detect), the child's build (build), the first
// check's verdict on screen (first) and the whole exercise graded (ns/op).
// Warm: the Go build cache and the child cache hold everything but the
// edited package. Exercises with long intrinsic waits (1.3's timeouts and
// time budget) are graded quicker only by running their slow checks last.
//
//	go test -run '^$' -bench Regrade -benchtime 5x ./grader/internal/watch
func BenchmarkRegrade(b *testing.B) {
	abs, _ := filepath.Abs(root)
	cache := b.TempDir()
	for _, id := range []string{"1.1", "1.7", "1.3"} {
		b.Run(id, func(b *testing.B) {
			ex := course.Lookup(id)
			impl := copyExercises(b, []*judge.Exercise{ex})
			solve(b, impl, ex)
			dir := filepath.Join(impl, ex.Dir)
			files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
			bld := &judge.Builder{Root: abs, Cache: cache}
			opt := judge.Options{Impl: impl, Ref: filepath.Join(abs, "solutions"), Seed: 1, Jobs: judge.AutoJobs} // as grader watch
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			// Warm up, and learn which checks are slow.
			took := map[string]time.Duration{}
			res, err := gradeLive(ctx, bld, ex, opt, nil, func(result.Check, bool) {})
			if err != nil || res.Status != result.Passed {
				b.Fatalf("the reference does not pass: %v %s", err, res.Status)
			}
			var slowest result.Check
			for _, c := range res.Checks {
				took[c.Name] = c.Duration
				if c.Duration > slowest.Duration {
					slowest = c
				}
			}
			saves := Files(ctx, dir, 500*time.Millisecond, 100*time.Millisecond)
			var detect, build, first time.Duration
			b.ResetTimer()
			for i := range b.N {
				data, _ := os.ReadFile(files[0])
				start := time.Now()
				// A text never saved before, also across the benchmark's
				// rounds (each starts from a fresh copy): a build cache
				// hit would measure nothing.
				os.WriteFile(files[0], fmt.Appendf(data, "\n// edit %d %d\n", i, time.Now().UnixNano()), 0o644)
				<-saves
				detect += time.Since(start)
				t0 := time.Now()
				if _, err := bld.Build(ctx, ex, impl); err != nil {
					b.Fatal(err)
				}
				build += time.Since(t0)
				var firstAt time.Time
				r, err := gradeLive(ctx, bld, ex, opt, took, func(result.Check, bool) {
					if firstAt.IsZero() {
						firstAt = time.Now()
					}
				})
				if err != nil || r.Status != result.Passed {
					b.Fatalf("regrade: %v %s", err, r.Status)
				}
				first += firstAt.Sub(start)
			}
			n := float64(b.N)
			b.ReportMetric(float64(detect.Milliseconds())/n, "detect-ms")
			b.ReportMetric(float64(build.Milliseconds())/n, "build-ms")
			b.ReportMetric(float64(first.Milliseconds())/n, "first-verdict-ms")
			b.ReportMetric(float64(slowest.Duration.Milliseconds()), "slowest-check-ms")
		})
	}
}
