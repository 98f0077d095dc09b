package report

import (
	"io"
	"slices"
	"strings"

	"netcourse/grader/internal/result"
)

// Options tune a report; formats ignore what they have no use for.
type Options struct {
	Color  bool   // ANSI colors (text only)
	Replay string // the command that replays the run
}

// Format writes a run in one output format.
type Format func(w io.Writer, run *result.Run, opt Options) error

// Formats are the report formats by their --format name.
var Formats = map[string]Format{
	"text": func(w io.Writer, run *result.Run, opt Options) error {
		return Text(w, run, TextOptions{Color: opt.Color, Replay: opt.Replay})
	},
	"json":       func(w io.Writer, run *result.Run, _ Options) error { return JSON(w, run) },
	"junit":      func(w io.Writer, run *result.Run, _ Options) error { return JUnit(w, run) },
	"gradescope": func(w io.Writer, run *result.Run, _ Options) error { return Gradescope(w, run) },
	"github":     func(w io.Writer, run *result.Run, opt Options) error { return GitHub(w, run, opt.Replay) },
}

// FormatNames lists the format names, sorted, for usage messages.
func FormatNames() string {
	var names []string
	for n := range Formats {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, "|")
}
