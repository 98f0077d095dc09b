package cli

import (
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/term"

	"netcourse/grader/course"
	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/result"
	"netcourse/grader/internal/watch"
)

// watchCmd is `grader watch [ID]`: grade the first unfinished exercise (or
// ID) on every save, and move on when it passes. Keys come from in: one
// key press each when in is a terminal, else one line each.
func watchCmd(ctx context.Context, args []string, in io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("watch", flag.ContinueOnError)
	impl := fs.String("impl", "exercises", "folder laid out like exercises/")
	seed := fs.Uint64("seed", 0, "seed of every fault schedule (0: a new one for this session)")
	colorFlag := fs.String("color", "auto", "auto, always or never")
	poll := fs.Duration("poll", 500*time.Millisecond, "how often to look at the files even without file system events")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("watch: at most one exercise ID\n%s", usage)
	}
	var start *judge.Exercise
	if len(pos) == 1 {
		sel, err := selectExercises(pos)
		if err != nil {
			return err
		}
		start = sel[0]
	}
	root, err := findRoot()
	if err != nil {
		return err
	}
	if err := checkImpl(*impl); err != nil {
		return err
	}
	if *seed == 0 {
		*seed = newSeed()
	}

	raw := false
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if old, err := term.MakeRaw(int(f.Fd())); err == nil {
			defer term.Restore(int(f.Fd()), old)
			raw = true
		}
	}
	out, screen := stdout, false
	if f, ok := stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		screen = true
		if raw {
			out = crlfWriter{f} // raw mode turns off the terminal's own \n to \r\n
		}
	}
	hints := func(w io.Writer, ex *judge.Exercise, level int, res *result.Exercise) error {
		again := "Press h again"
		if !raw {
			again = "Type h again"
		}
		return writeHint(w, ex, level, res, again, useColor(*colorFlag))
	}
	return watch.Run(ctx, watch.Options{
		Exercises:  course.Exercises,
		Start:      start,
		Grader:     progressGrader(root),
		Judge:      judge.Options{Impl: *impl, Ref: filepath.Join(root, "solutions"), Seed: *seed, Jobs: judge.AutoJobs},
		In:         in,
		Out:        out,
		RawKeys:    raw,
		Screen:     screen,
		Color:      useColor(*colorFlag),
		Poll:       *poll,
		Hint:       hints,
		HintLevels: hintLevels,
	})
}

// crlfWriter ends lines with \r\n for a terminal in raw mode.
type crlfWriter struct{ w io.Writer }

func (c crlfWriter) Write(p []byte) (int, error) {
	if _, err := c.w.Write(bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n"))); err != nil {
		return 0, err
	}
	return len(p), nil
}
