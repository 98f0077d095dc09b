// Package cli parses the grader's command line and runs its commands. It
// writes only to the writers it is given and returns errors; main chooses
// the exit status.
package cli

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/fatih/color"

	"netcourse/grader/course"
	batchpkg "netcourse/grader/internal/batch" // the name batch is a command's
	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/progress"
	"netcourse/grader/internal/report"
	"netcourse/grader/internal/sandbox"
	"netcourse/grader/internal/verify"
)

// UsageError is bad input to the grader itself (exit status 2).
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// ErrNotPassed says grading worked and some exercise did not pass.
var ErrNotPassed = errors.New("not every exercise passed")

const usage = `usage:
  grader grade [--impl DIR] [--format text|json|junit|gradescope|github] [--seed N] [--jobs N] [--timeout D] [--color auto|always|never] [--sandbox on|off] [ID ...]
  grader verify [--update] [--run SCENARIO] [--sandbox on|off]
  grader list
  grader batch [--jobs N] [--format csv|json] [--seed N] [--timeout D] [--cache DIR] [--shard K/N] DIR [ID ...]
  grader gradebook merge [--format csv|json] SHARD.json ...
  grader new [--name NAME] ID "Title"
  grader watch [--impl DIR] [--seed N] [--color auto|always|never] [ID]
  grader hint [--level 1|2] [--color auto|always|never] ID
  grader progress [--impl DIR] [--fresh] [--color auto|always|never]
  grader reset [--yes] ID
  grader try [--fault NAME] [--listen ADDR] [-n N] ID`

// Run runs the command in args.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usagef("no command\n%s", usage)
	}
	switch args[0] {
	case "grade":
		return grade(ctx, args[1:], stdout, stderr)
	case "verify":
		return runVerify(ctx, args[1:], stdout, stderr)
	case "list":
		return list(stdout)
	case "batch":
		if done, err := sandbox.Enter(ctx, args, true, stdout, stderr); done || err != nil {
			return err
		}
		return batch(ctx, args[1:], stdout, stderr)
	case batchpkg.OneCommand:
		return batchOne(ctx, args[1:], stdout, stderr)
	case "gradebook":
		return gradebook(args[1:], stdout)
	case "new":
		return scaffold(args[1:], stdout)
	case "watch":
		return watchCmd(ctx, args[1:], os.Stdin, stdout)
	case "hint":
		return hint(ctx, args[1:], stdout)
	case "progress":
		return showProgress(ctx, args[1:], stdout)
	case "reset":
		return reset(ctx, args[1:], os.Stdin, stdout)
	case "try":
		return try(ctx, args[1:], stdout)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return usagef("unknown command %q\n%s", args[0], usage)
}

// parse parses flags that may stand before, between or after positional
// arguments ("grade 1.3 --seed 7").
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%s: %v\n%s", fs.Name(), err, usage)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func grade(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("grade", flag.ContinueOnError)
	impl := fs.String("impl", "exercises", "folder laid out like exercises/ to grade")
	format := fs.String("format", "text", "report format: "+report.FormatNames())
	seed := fs.Uint64("seed", 0, "seed of every fault schedule (0: a new one)")
	jobs := fs.Int("jobs", 0, "builds and checks run at once (0: builds one per core, and more while the CPU has time to spare; checks 16 per core, since they mostly wait)")
	colorFlag := fs.String("color", "auto", "auto, always or never")
	limit := fs.Duration("timeout", 0, "overall time limit; checks not run by then are reported as timeout (0: the selected checks' time limits summed, plus a minute per exercise for its builds)")
	box := fs.String("sandbox", "on", "on: contain submissions as far as this machine allows; off: not at all")
	ids, err := parse(fs, args)
	if err != nil {
		return err
	}
	write, ok := report.Formats[*format]
	if !ok {
		return usagef("grade: unknown format %q (%s)", *format, report.FormatNames())
	}
	root, err := findRoot()
	if err != nil {
		return err
	}
	exs, err := selectExercises(ids)
	if err != nil {
		return err
	}
	if err := checkImpl(*impl); err != nil {
		return err
	}
	if *seed == 0 {
		*seed = newSeed()
	}
	on, err := sandboxFlag(*box)
	if err != nil {
		return err
	}
	// The seed is fixed above, so the grader inside grades the same run.
	inner := append(append([]string{"grade"}, args...), "--seed", strconv.FormatUint(*seed, 10))
	if done, err := sandbox.Enter(ctx, inner, on, stdout, stderr); done || err != nil {
		return err
	}
	// Every run has a deadline: without one, a grader bug or a fake peer
	// that hangs would hold a CI job until the CI system gives up.
	if *limit <= 0 {
		*limit = judge.Deadline(exs)
	}
	ctx, cancel := context.WithTimeout(ctx, *limit)
	defer cancel()
	b := &judge.Builder{Root: root, Cache: cacheDir()}
	opt := judge.Options{Impl: *impl, Ref: filepath.Join(root, "solutions"), Seed: *seed, Jobs: jobsOf(*jobs)}
	var prog *gradeProgress
	if *format == "text" && isTerminal(stderr) {
		// A student at a terminal sees each verdict as it comes; logs
		// and the machine formats get the report alone.
		prog = newGradeProgress(stderr, slowBuild)
		opt.Events = prog.event
	}
	run, gerr := b.Grade(ctx, exs, opt)
	if prog != nil {
		prog.finish()
	}
	if run == nil {
		return gerr
	}
	replay := fmt.Sprintf("go run ./grader grade --impl %s --seed %d %s", *impl, *seed, strings.Join(ids, " "))
	err = write(stdout, run, report.Options{Color: useColor(*colorFlag), Replay: strings.TrimSpace(replay)})
	if err == nil && *format == "text" && len(ids) == 0 {
		// A whole-course grading ends with where the student stands.
		fmt.Fprintln(stdout)
		err = progress.Write(stdout, run, progress.Options{Color: useColor(*colorFlag)})
	}
	switch {
	case judge.Interrupted(ctx):
		return judge.ErrInterrupted // the grader's own errors then are the stop's
	case gerr != nil:
		return gerr
	case err != nil:
		return err
	case !run.Passed():
		return ErrNotPassed
	}
	return nil
}

func runVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	update := fs.Bool("update", false, "rewrite the golden transcripts")
	only := fs.String("run", "", "only scenarios whose name contains this")
	// Gradings mostly wait (timeouts, bounds on hung scenarios), so verify
	// runs more of them at once than there are cores.
	jobs := fs.Int("jobs", 4*runtime.NumCPU(), "gradings at once")
	box := fs.String("sandbox", "on", "on: contain submissions as far as this machine allows; off: not at all")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	on, err := sandboxFlag(*box)
	if err != nil {
		return err
	}
	if done, err := sandbox.Enter(ctx, append([]string{"verify"}, args...), on, stdout, stderr); done || err != nil {
		return err
	}
	root, err := findRoot()
	if err != nil {
		return err
	}
	b := &judge.Builder{Root: root, Cache: cacheDir()}
	err = verify.Run(ctx, b, course.Exercises, verify.Options{Root: root, Update: *update, Only: *only, Jobs: *jobs}, stdout)
	if errors.Is(err, verify.ErrFailed) {
		return ErrNotPassed
	}
	return err
}

// jobsOf is the judge's Jobs for a --jobs flag: 0 (the default) lets the
// judge's gate choose from the cores and the idle CPU.
func jobsOf(n int) int {
	if n <= 0 {
		return judge.AutoJobs
	}
	return n
}

func sandboxFlag(v string) (bool, error) {
	switch v {
	case "on":
		return true, nil
	case "off":
		return false, nil
	}
	return false, usagef("--sandbox %s: want on or off", v)
}

func list(stdout io.Writer) error {
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTITLE\tMAX SCORE\tFOLDER")
	for _, e := range course.Exercises {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", e.ID, e.Title, e.MaxScore(), e.Dir)
	}
	return tw.Flush()
}

func selectExercises(ids []string) ([]*judge.Exercise, error) {
	if len(ids) == 0 {
		return course.Exercises, nil
	}
	var exs []*judge.Exercise
	for _, id := range ids {
		e := course.Lookup(id)
		if e == nil {
			var known []string
			for _, e := range course.Exercises {
				known = append(known, e.ID)
			}
			return nil, usagef("unknown exercise %q (known: %s)", id, strings.Join(known, ", "))
		}
		exs = append(exs, e)
	}
	return exs, nil
}

// checkImpl rejects a submission folder that is missing or holds no Go
// code at all: almost certainly a wrong path, not a submission.
func checkImpl(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		return usagef("--impl %s: no such folder", dir)
	}
	found := false
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	if !found {
		return usagef("--impl %s: no Go files in it (want a folder laid out like exercises/)", dir)
	}
	return nil
}

// findRoot finds the project folder from the working directory up.
func findRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.HasPrefix(string(data), "module netcourse\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", usagef("run the grader inside the course folder (no go.mod of module netcourse found)")
		}
		dir = parent
	}
}

func cacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "netcourse-grader")
}

func newSeed() uint64 {
	var b [8]byte
	rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:])%1_000_000 + 1
}

func useColor(mode string) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	return !color.NoColor // fatih/color: off for NO_COLOR and non-terminals
}
