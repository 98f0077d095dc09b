package report

import (
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"netcourse/grader/internal/result"
	"netcourse/grader/internal/textsafe"
)

// GitHub writes the run as GitHub Actions workflow commands: each exercise
// is a collapsible group holding the text report, each failing check an
// ::error annotation on the student's file (the crash or compile error's
// line when known, else the exercise's README), an exercise not started a
// ::warning, and a ::notice with the score and the replay command.
//
// Everything a submission can influence, its output and the messages
// quoting what it sent, is printed between ::stop-commands:: and a token
// from crypto/rand, so a line such as "::add-mask::" or "::error::" in it
// is shown, not obeyed. Annotations carry messages as escaped command data,
// which cannot start a new line.
func GitHub(w io.Writer, run *result.Run, replay string) error {
	run, replay = escaped(run), textsafe.Escape(replay)
	token := rand.Text() // 128 bits: a submission cannot guess the resume line
	ew := &errWriter{w: w}
	var summary []string
	for _, e := range run.Exercises {
		ew.printf("::group::%s\n", escapeData(fmt.Sprintf("%s %s: %d/%d %s", e.ID, e.Title, e.Score, e.MaxScore, strings.ReplaceAll(e.Status, "_", " "))))
		ew.printf("::stop-commands::%s\n", token)
		writeExercise(ew, newPalette(false), e, titleWidth(run))
		ew.printf("::%s::\n", token)
		ew.printf("::endgroup::\n")
		githubAnnotations(ew, run.Impl, e)
		if e.Status != result.Passed {
			summary = append(summary, fmt.Sprintf("%s %s", e.ID, strings.ReplaceAll(e.Status, "_", " ")))
		}
	}
	msg := "every exercise passed"
	if len(summary) > 0 {
		msg = strings.Join(summary, ", ")
	}
	if !run.Passed() && replay != "" {
		msg += "\nReplay these exact faults: " + replay
	}
	if s := run.Sandbox; s != nil && s.Network != result.NetworkIsolated {
		ew.printf("::warning title=Sandbox::%s\n", escapeData("the network was not isolated ("+strings.Join(s.Notes, "; ")+")"))
	}
	ew.printf("::notice title=%s::%s\n", escapeProperty(fmt.Sprintf("Score %d/%d", run.Score, run.MaxScore)), escapeData(msg))
	return ew.err
}

func githubAnnotations(w *errWriter, impl string, e result.Exercise) {
	readme := path.Join(impl, e.Dir, "README.md")
	title := e.ID + " " + e.Title
	switch {
	case e.Status == result.NotStarted:
		// One warning, not one error per check: an exercise not yet begun
		// is the normal state of a course in progress.
		githubCommand(w, "warning", annotation{file: readme}, title+": not started", e.Message)
		return
	case len(e.Checks) == 0 && e.Status != result.Passed && e.Status != result.Skipped:
		at := annotation{file: readme}
		if e.Status == result.BuildError {
			at = locate(compiledAt, e.Message, at)
		}
		githubCommand(w, "error", at, title+": "+strings.ReplaceAll(e.Status, "_", " "), e.Message)
		return
	}
	for _, c := range e.Checks {
		if !c.Shown() || c.Status == result.Passed || c.Status == result.Skipped || c.Status == result.Interrupted {
			continue
		}
		at := annotation{file: readme}
		if c.Status == result.Crashed {
			at = locate(crashAt, c.Message, at)
		}
		msg := c.Message
		if c.Status == result.Timeout || c.Status == result.MemoryLimit || c.Status == result.OutputLimit {
			msg = strings.ReplaceAll(c.Status, "_", " ") + ": " + msg
		}
		if c.Hint != "" {
			msg += "\nHint: " + c.Hint
		}
		githubCommand(w, "error", at, title+": "+c.Name, msg)
	}
}

type annotation struct {
	file      string
	line, col int
}

func githubCommand(w *errWriter, cmd string, at annotation, title, msg string) {
	props := "file=" + escapeProperty(repoPath(at.file))
	if at.line > 0 {
		props += ",line=" + strconv.Itoa(at.line)
	}
	if at.col > 0 {
		props += ",col=" + strconv.Itoa(at.col)
	}
	props += ",title=" + escapeProperty(title)
	w.printf("::%s %s::%s\n", cmd, props, escapeData(msg))
}

var (
	// crashAt is the last line of a crash message, "\n  at dir/x.go:22";
	// only the last: the lines before may quote what the submission chose.
	crashAt = regexp.MustCompile(`\n\s*at (\S+\.go):(\d+)()$`)
	// compiledAt starts a compiler's message, "dir/x.go:3:1: …", or the
	// grader's "dir/x.go: package p, want package q".
	compiledAt = regexp.MustCompile(`(?m)^(\S+?\.go)(?::(\d+))?(?::(\d+))?:`)
)

// locate finds the source position re matches in msg, else keeps def.
func locate(re *regexp.Regexp, msg string, def annotation) annotation {
	m := re.FindStringSubmatch(msg)
	if m == nil {
		return def
	}
	at := annotation{file: m[1]}
	at.line, _ = strconv.Atoi(m[2])
	at.col, _ = strconv.Atoi(m[3])
	return at
}

// Escaping as GitHub's runner reads workflow commands: data may not break
// the line; properties also may not hold their separators.
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func escapeData(s string) string     { return dataEscaper.Replace(s) }
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }

// repoPath makes an absolute path relative to the folder the grader runs
// in, the repository's root in CI: GitHub places annotations on the diff
// only by paths relative to the repository.
func repoPath(p string) string {
	if !filepath.IsAbs(p) {
		return p
	}
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return p
}
