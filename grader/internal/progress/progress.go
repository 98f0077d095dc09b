// Package progress sums up a grading run for a student working through the
// course: per-section progress bars and the exercise to do next. Progress
// is always derived from grading the student's code (results are reused
// only for sources graded before, see Grader), never from a marker the
// student keeps.
package progress

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/fatih/color"

	"netcourse/grader/internal/report"
	"netcourse/grader/internal/result"
)

// Section is one section of the course: the exercises whose ID starts with
// its number ("1" for 1.1 to 1.7).
type Section struct {
	Number    string
	Title     string
	Exercises []result.Exercise
	Passed    int // exercises passed (or skipped: this machine cannot grade them)
	Score     int
	MaxScore  int
}

// sectionTitles are the course map's section names (COURSE.md).
var sectionTitles = map[string]string{
	"1": "Network fundamentals",
	"2": "Client programming",
	"3": "Internet data handling",
	"4": "Web programming basics",
	"5": "Advanced networks",
}

// Sections groups the run's exercises by section, in the run's order.
func Sections(run *result.Run) []Section {
	var secs []Section
	index := map[string]int{}
	for _, e := range run.Exercises {
		num, _, _ := strings.Cut(e.ID, ".")
		i, ok := index[num]
		if !ok {
			i = len(secs)
			index[num] = i
			secs = append(secs, Section{Number: num, Title: sectionTitles[num]})
		}
		s := &secs[i]
		s.Exercises = append(s.Exercises, e)
		if Done(e) {
			s.Passed++
		}
		s.Score += e.Score
		s.MaxScore += e.MaxScore
	}
	return secs
}

// Done reports whether an exercise needs no more work: it passed, or this
// machine can grade none of its checks.
func Done(e result.Exercise) bool { return e.Status == result.Passed || e.Status == result.Skipped }

// Next is the first exercise, in course order, that is not done; nil when
// all are.
func Next(run *result.Run) *result.Exercise {
	for i := range run.Exercises {
		if !Done(run.Exercises[i]) {
			return &run.Exercises[i]
		}
	}
	return nil
}

// Options tune Write.
type Options struct {
	Color    bool // ANSI colors; off for pipes and NO_COLOR
	Watching bool // drawn inside `grader watch`, which needs no advice to run it
}

const barWidth = 20

// Write draws a progress bar per section, each exercise's state, and what
// to do next.
func Write(w io.Writer, run *result.Run, opt Options) error {
	p := palette(opt.Color)
	ew := &errWriter{w: w}
	done, total := 0, 0
	for _, s := range Sections(run) {
		title := "Section " + s.Number
		if s.Title != "" {
			title += ": " + s.Title
		}
		ew.printf("%s\n", p.paint(title, color.Bold))
		ew.printf("  %s %d/%d exercises, %d/%d points\n", Bar(s.Passed, len(s.Exercises), barWidth, opt.Color), s.Passed, len(s.Exercises), s.Score, s.MaxScore)
		for _, e := range s.Exercises {
			state := ""
			if !Done(e) {
				state = "  " + p.status(e.Status)
			}
			ew.printf("  %s %s %5s%s\n", p.mark(e.Status), pad(e.ID+" "+e.Title, 54), fmt.Sprintf("%d/%d", e.Score, e.MaxScore), state)
		}
		ew.printf("\n")
		done += s.Passed
		total += len(s.Exercises)
	}
	if len(run.Exercises) > 0 && len(Sections(run)) > 1 {
		ew.printf("%s %s %d/%d exercises, %d/%d points\n", p.paint("Course", color.Bold), Bar(done, total, barWidth, opt.Color), done, total, run.Score, run.MaxScore)
	}
	if next := Next(run); next != nil {
		advice := " (make watch grades it on every save)"
		if opt.Watching {
			advice = ""
		}
		ew.printf("Next: %s %s, in %s%s\n", next.ID, next.Title, filepath.Join(run.Impl, next.Dir), advice)
	} else if len(run.Exercises) > 0 {
		ew.printf("%s\n", p.paint("Every exercise passes. Well done.", color.FgGreen))
	}
	return ew.err
}

// Bar draws n of total as a bar width cells wide, the done part green
// when colored.
func Bar(n, total, width int, colored bool) string {
	p := palette(colored)
	full := 0
	if total > 0 {
		full = n * width / total
	}
	return "[" + p.paint(strings.Repeat("█", full), color.FgGreen) + strings.Repeat("░", width-full) + "]"
}

func pad(s string, n int) string {
	if r := n - len([]rune(s)); r > 0 {
		return s + strings.Repeat(" ", r)
	}
	return s
}

// palette colors only when asked: the writer may be a pipe or a test.
type palette bool

func (p palette) paint(s string, attrs ...color.Attribute) string {
	if !p || s == "" {
		return s
	}
	c := color.New(attrs...)
	c.EnableColor()
	return c.Sprint(s)
}

// Marks are the one-character signs of exercise and check statuses.
var Marks = report.Marks

func (p palette) status(s string) string {
	return p.paint(strings.ReplaceAll(s, "_", " "), report.StatusColors[s])
}

func (p palette) mark(s string) string { return p.paint(Marks[s], report.StatusColors[s]) }

// errWriter keeps the first write error so the drawing code stays linear.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
