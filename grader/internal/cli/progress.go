package cli

import (
	"context"
	"flag"
	"io"
	"path/filepath"
	"runtime"

	"netcourse/grader/course"
	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/progress"
)

// showProgress grades the course (remembered results for sources graded
// before come at once) and draws the progress bars.
func showProgress(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("progress", flag.ContinueOnError)
	impl := fs.String("impl", "exercises", "folder laid out like exercises/")
	fresh := fs.Bool("fresh", false, "grade everything anew instead of reusing results of unchanged sources")
	jobs := fs.Int("jobs", runtime.NumCPU(), "exercises graded at once")
	colorFlag := fs.String("color", "auto", "auto, always or never")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("progress takes no arguments\n%s", usage)
	}
	root, err := findRoot()
	if err != nil {
		return err
	}
	if err := checkImpl(*impl); err != nil {
		return err
	}
	opt := judge.Options{Impl: *impl, Ref: filepath.Join(root, "solutions"), Seed: newSeed(), Jobs: *jobs}
	run, gerr := progressGrader(root).Grade(ctx, course.Exercises, opt, *fresh)
	if run == nil {
		return gerr
	}
	if err := progress.Write(stdout, run, progress.Options{Color: useColor(*colorFlag)}); err != nil {
		return err
	}
	return gerr
}

// progressGrader grades for progress, watch and hints, remembering results
// beside the built children.
func progressGrader(root string) *progress.Grader {
	return &progress.Grader{
		B:     &judge.Builder{Root: root, Cache: cacheDir()},
		Dir:   filepath.Join(cacheDir(), "results"),
		Stamp: progress.SelfStamp(),
	}
}
