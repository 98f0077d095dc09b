package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"

	"netcourse/grader/internal/result"
	"netcourse/grader/internal/textsafe"
)

// TextOptions tune the text report.
type TextOptions struct {
	Color  bool   // ANSI colors; off for pipes, NO_COLOR and golden files
	Replay string // the command that replays this run, shown with the seed
}

// Text writes the run for a person: every check with its verdict, and under
// each failing check what was sent, what came back, why and a hint.
func Text(w io.Writer, run *result.Run, opt TextOptions) error {
	run, opt.Replay = escaped(run), textsafe.Escape(opt.Replay)
	p := newPalette(opt.Color)
	ew := &errWriter{w: w}
	ew.printf("Grading %s/ (seed %d)\n", strings.TrimSuffix(run.Impl, "/"), run.Seed)
	if s := run.Sandbox; s != nil && s.Network != result.NetworkIsolated {
		// Said only when it matters, so that transcripts read the same
		// on every machine that isolates.
		ew.printf("%s the network was not isolated (%s)\n", p.bold("Sandbox:"), strings.Join(s.Notes, "; "))
	}
	ew.printf("\n")
	for _, e := range run.Exercises {
		writeExercise(ew, p, e, titleWidth(run))
	}
	ew.printf("%s %d/%d\n", p.bold("Score:"), run.Score, run.MaxScore)
	if !run.Passed() {
		if next := nextExercise(run); next != nil {
			ew.printf("Next: exercise %s (%s) — read exercises/%s/README.md\n", next.ID, next.Title, next.Dir)
		}
		if opt.Replay != "" {
			ew.printf("Replay these exact faults: %s\n", opt.Replay)
		}
	}
	return ew.err
}

// titleWidth fits the longest "ID Title" of the run, so scores line up.
func titleWidth(run *result.Run) int {
	n := 30
	for _, e := range run.Exercises {
		n = max(n, len([]rune(e.ID+" "+e.Title)))
	}
	return n
}

func writeExercise(w *errWriter, p palette, e result.Exercise, width int) {
	title := fmt.Sprintf("%s %s", e.ID, e.Title)
	w.printf("%s %s %s\n", p.bold(pad(title, width)), pad(fmt.Sprintf("%d/%d", e.Score, e.MaxScore), 6), p.status(e.Status))
	if e.Message != "" {
		w.printf("%s\n", indent(e.Message, "    "))
	}
	if e.Status == result.NotStarted || e.Status == result.BuildError {
		w.printf("\n")
		return
	}
	hidden := 0
	for _, c := range e.Checks {
		if !c.Shown() {
			hidden++
			continue
		}
		w.printf("  %s %s %s\n", p.mark(c.Status), pad(c.Name, 50), fmt.Sprintf("%d/%d", c.Score, c.MaxScore))
		if c.Status == result.Passed {
			continue
		}
		if c.Message != "" {
			w.printf("%s\n", indent(c.Message, "      "))
		}
		if c.Hint != "" {
			w.printf("%s\n", indent(p.hint("Hint: ")+c.Hint, "      "))
		}
		if c.Output != "" {
			w.printf("      Output of your code:\n%s\n", indent(c.Output, "        | "))
		}
	}
	if hidden > 0 {
		w.printf("  + %d hidden checks run at grading\n", hidden)
	}
	w.printf("\n")
}

// nextExercise is the first exercise that did not pass.
func nextExercise(run *result.Run) *result.Exercise {
	for i := range run.Exercises {
		if s := run.Exercises[i].Status; s != result.Passed && s != result.Skipped {
			return &run.Exercises[i]
		}
	}
	return nil
}

func pad(s string, n int) string {
	if r := n - len([]rune(s)); r > 0 {
		return s + strings.Repeat(" ", r)
	}
	return s
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(prefix+l, " ")
	}
	return strings.Join(lines, "\n")
}

// palette colors only when asked, whatever fatih/color guessed about
// stdout: the writer may be a file or a golden transcript.
type palette struct{ on bool }

func newPalette(on bool) palette { return palette{on: on} }

func (p palette) paint(s string, attrs ...color.Attribute) string {
	if !p.on {
		return s
	}
	c := color.New(attrs...)
	c.EnableColor()
	return c.Sprint(s)
}

func (p palette) bold(s string) string { return p.paint(s, color.Bold) }
func (p palette) hint(s string) string { return p.paint(s, color.FgCyan) }

// StatusColors and Marks are how every terminal view shows a status.
var StatusColors = map[string]color.Attribute{
	result.Passed:      color.FgGreen,
	result.Failed:      color.FgRed,
	result.Timeout:     color.FgYellow,
	result.Crashed:     color.FgMagenta,
	result.MemoryLimit: color.FgMagenta,
	result.OutputLimit: color.FgYellow,
	result.BuildError:  color.FgRed,
	result.NotStarted:  color.FgBlue,
	result.Skipped:     color.Faint,
	result.Interrupted: color.Faint,
}

// Marks are the one-character signs of exercise and check statuses.
var Marks = map[string]string{
	result.Passed:      "✓",
	result.Failed:      "✗",
	result.Timeout:     "⏱",
	result.Crashed:     "!",
	result.MemoryLimit: "▲",
	result.OutputLimit: "»",
	result.BuildError:  "✗",
	result.NotStarted:  "·",
	result.Skipped:     "-",
	result.Interrupted: "…",
}

func (p palette) status(s string) string {
	return p.paint(strings.ReplaceAll(s, "_", " "), StatusColors[s])
}

func (p palette) mark(s string) string { return p.paint(Marks[s], StatusColors[s]) }

// errWriter keeps the first write error so the report code stays linear.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
