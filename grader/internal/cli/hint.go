package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/fatih/color"

	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/result"
)

// hintLevels is how many layers of hints `grader hint` has beyond the
// short hint under each failing check: the concept, then a nudge.
const hintLevels = 2

// hintStateFile remembers the layer each exercise's hints reached, so that
// asking again goes one layer deeper. A variable for tests.
var hintStateFile = func() string { return filepath.Join(cacheDir(), "hint-levels.json") }

// hint shows the next layer of an exercise's hints.
func hint(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("hint", flag.ContinueOnError)
	level := fs.Int("level", 0, fmt.Sprintf("the layer to show, 1 (the idea) to %d (where to look); 0: one deeper than last time", hintLevels))
	impl := fs.String("impl", "exercises", "folder laid out like exercises/, for the nudges of the checks that fail")
	colorFlag := fs.String("color", "auto", "auto, always or never")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("hint: want one exercise ID, like: grader hint 1.3 [--level 2]\n%s", usage)
	}
	if *level < 0 || *level > hintLevels {
		return usagef("hint: --level %d: want 1 to %d", *level, hintLevels)
	}
	exs, err := selectExercises(pos)
	if err != nil {
		return err
	}
	ex := exs[0]
	root, err := findRoot()
	if err != nil {
		return err
	}
	key := root + " " + ex.ID
	state := loadHintState()
	if *level == 0 {
		*level = min(state[key]+1, hintLevels)
	}
	state[key] = *level
	saveHintState(state)

	var res *result.Exercise
	if *level >= 2 {
		// Which checks fail now, for their own nudges: quick when these
		// sources were graded before.
		if fi, err := os.Stat(*impl); err == nil && fi.IsDir() {
			opt := judge.Options{Impl: *impl, Ref: filepath.Join(root, "solutions"), Seed: newSeed(), Jobs: 1}
			if run, _ := progressGrader(root).Grade(ctx, exs, opt, false); run != nil && len(run.Exercises) == 1 {
				res = &run.Exercises[0]
			}
		}
	}
	again := fmt.Sprintf("Run `grader hint %s` again", ex.ID)
	return writeHint(stdout, ex, *level, res, again, useColor(*colorFlag))
}

// writeHint writes layer level of ex's hints; res, when known, is its
// latest result, whose failing checks get their own nudges. again says how
// to ask for the next layer.
func writeHint(w io.Writer, ex *judge.Exercise, level int, res *result.Exercise, again string, colored bool) error {
	h := ex.Hint
	if h.Concept == "" {
		_, err := fmt.Fprintf(w, "No hints for %s yet: read exercises/%s/README.md, \"What trips people up\".\n", ex.ID, ex.Dir)
		return err
	}
	bold := func(s string) string {
		if !colored {
			return s
		}
		c := color.New(color.Bold, color.FgCyan)
		c.EnableColor()
		return c.Sprint(s)
	}
	var b strings.Builder
	switch level {
	case 1:
		fmt.Fprintf(&b, "%s\n\n", bold(fmt.Sprintf("Hint 1 of %d for %s %s: the idea", hintLevels, ex.ID, ex.Title)))
		b.WriteString(wrap(h.Concept, "  ", 76))
		fmt.Fprintf(&b, "\n\n%s for a nudge on where to look.\n", again)
	default:
		fmt.Fprintf(&b, "%s\n\n", bold(fmt.Sprintf("Hint %d of %d for %s %s: where to look", level, hintLevels, ex.ID, ex.Title)))
		b.WriteString(wrap(h.Nudge, "  ", 76))
		b.WriteString("\n")
		switch {
		case res == nil:
		case res.Status == result.NotStarted:
			fmt.Fprintf(&b, "\n%s\n", wrap(fmt.Sprintf("You have not started: open exercises/%s/README.md, then replace the stubs.", ex.Dir), "  ", 76))
		case res.Status == result.BuildError:
			fmt.Fprintf(&b, "\n%s\n", wrap("Your code does not compile yet: the report shows the first error, with its file and line.", "  ", 76))
		case res.Status == result.Passed:
			b.WriteString("\n  Every check passes now.\n")
		default:
			first := true
			for _, c := range res.Checks {
				if c.Status == result.Passed || c.Status == result.Skipped || !c.Shown() {
					continue
				}
				if first {
					b.WriteString("\n  For the checks that fail now:\n")
					first = false
				}
				fmt.Fprintf(&b, "  ✗ %s\n", c.Name)
				if n := h.Checks[c.Name]; n != "" {
					b.WriteString(wrap(n, "      ", 76) + "\n")
				}
			}
		}
		b.WriteString("\nThat is the last hint: no hint gives the code away. ")
		if ex.Try != nil {
			fmt.Fprintf(&b, "`grader try %s` runs the fake\npeer stand-alone, so you can watch every byte your code sends and gets.\n", ex.ID)
		} else {
			fmt.Fprintf(&b, "Be the client yourself with nc,\nas exercises/%s/README.md shows, and watch what your server sends.\n", ex.Dir)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// wrap fills text into lines of at most width runes, each starting with
// prefix.
func wrap(text, prefix string, width int) string {
	var lines []string
	line := prefix
	for _, word := range strings.Fields(text) {
		if line != prefix && len([]rune(line))+1+len([]rune(word)) > width {
			lines = append(lines, line)
			line = prefix
		}
		if line != prefix {
			line += " "
		}
		line += word
	}
	return strings.Join(append(lines, line), "\n")
}

func loadHintState() map[string]int {
	state := map[string]int{}
	if data, err := os.ReadFile(hintStateFile()); err == nil {
		json.Unmarshal(data, &state)
	}
	return state
}

// saveHintState keeps the layers reached; failing to keep them only means
// the next hint starts from the first layer again.
func saveHintState(state map[string]int) {
	data, err := json.Marshal(state)
	if err != nil {
		return
	}
	path := hintStateFile()
	if os.MkdirAll(filepath.Dir(path), 0o755) == nil {
		os.WriteFile(path, data, 0o644)
	}
}
