package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

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
	jobs := fs.Int("jobs", 0, "exercises graded at once (0: one per core, and more while the CPU has time to spare: grading mostly waits)")
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
	opt := judge.Options{Impl: *impl, Ref: filepath.Join(root, "solutions"), Seed: newSeed(), Jobs: jobsOf(*jobs)}
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
		Stamp: judge.SelfStamp(),
	}
}

// slowBuild is how long a build may take before the text progress of
// grade says what is being built: a child from the cache takes a tenth of
// a second, a first build some seconds.
const slowBuild = 300 * time.Millisecond

// transientWidth bounds a check's progress line to fit any terminal.
const transientWidth = 79

// gradeProgress is the text progress of `grader grade` in a terminal: a
// line saying what is being built, when a build takes longer than slow,
// and a line with each exercise's verdict as it is known, so that a long
// first run does not look hung. It writes to its own writer (stderr), so
// the report on stdout is what it always was.
type gradeProgress struct {
	w    io.Writer
	slow time.Duration

	mu        sync.Mutex // the builds' timers write too
	building  map[string]*time.Timer
	checked   map[string]int // checks with a verdict, per exercise
	transient bool           // the last line is a check's, to be overwritten
	wrote     bool
}

func newGradeProgress(w io.Writer, slow time.Duration) *gradeProgress {
	return &gradeProgress{w: w, slow: slow, building: map[string]*time.Timer{}, checked: map[string]int{}}
}

// event fits judge.Options.Events.
func (p *gradeProgress) event(e judge.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ex := e.Exercise
	switch e.Kind {
	case judge.Building:
		p.building[ex.ID] = time.AfterFunc(p.slow, func() {
			p.mu.Lock()
			defer p.mu.Unlock()
			if _, ok := p.building[ex.ID]; ok {
				p.printf("  building %s %s…\n", ex.ID, ex.Title)
			}
		})
	case judge.Checking:
		p.built(ex.ID)
	case judge.CheckDone:
		// One line, rewritten as each check's verdict comes: a long
		// exercise shows it is moving without repeating the report.
		p.checked[ex.ID]++
		c := e.Check
		p.clearTransient()
		line := fmt.Sprintf("  … %s %d/%d checks: %s %s", ex.ID, p.checked[ex.ID], len(ex.Checks), progress.Marks[c.Status], c.Name)
		if r := []rune(line); len(r) > transientWidth {
			line = string(r[:transientWidth-1]) + "…" // a wrapped line would not be overwritten
		}
		fmt.Fprint(p.w, line)
		p.transient, p.wrote = true, true
	case judge.ExerciseDone:
		p.built(ex.ID)
		r := e.Result
		p.printf("%s %s %s: %d/%d, %s\n", progress.Marks[r.Status], ex.ID, ex.Title, r.Score, r.MaxScore, strings.ReplaceAll(r.Status, "_", " "))
	}
}

// built ends the wait for id's build; p.mu is held.
func (p *gradeProgress) built(id string) {
	if t, ok := p.building[id]; ok {
		t.Stop()
		delete(p.building, id)
	}
}

// finish ends the progress, with a blank line before the report if it
// showed anything.
func (p *gradeProgress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for id := range p.building {
		p.built(id)
	}
	p.clearTransient()
	if p.wrote {
		fmt.Fprintln(p.w)
	}
}

func (p *gradeProgress) printf(format string, args ...any) {
	p.clearTransient()
	fmt.Fprintf(p.w, format, args...)
	p.wrote = true
}

// clearTransient erases a check's line (carriage return, erase line).
func (p *gradeProgress) clearTransient() {
	if p.transient {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.transient = false
	}
}

// isTerminal reports whether w is a terminal, as an *os.File on one is.
func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}
