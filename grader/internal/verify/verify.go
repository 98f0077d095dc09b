// Package verify proves the course holds together: every reference
// solution earns full marks, every stub is not started, and every
// known-bad submission fails exactly the checks it should, with the
// transcript recorded in its golden file.
package verify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/go-cmp/cmp"

	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/report"
	"netcourse/grader/internal/result"
	"netcourse/grader/internal/sandbox"
	"netcourse/grader/internal/scaffold"
)

// Options say what to verify.
type Options struct {
	Root   string
	Update bool   // rewrite golden transcripts
	Only   string // only scenarios whose name contains this
	Jobs   int
}

// ErrFailed says some verification failed; the details were written out.
var ErrFailed = errors.New("verify failed")

// seed is the seed of every verification run, so transcripts are stable.
const seed = 1

// outcome is the verdict on one thing verify looked at.
type outcome struct {
	name    string
	longest longest
	probs   []string
	notes   []string // things an instructor should know, not failures
}

// Run verifies the course and writes what it found to w.
func Run(ctx context.Context, b *judge.Builder, reg []*judge.Exercise, opt Options, w io.Writer) error {
	scens, err := LoadScenarios(opt.Root)
	if err != nil {
		return err
	}
	var jobs []func() outcome
	if opt.Only == "" {
		jobs = append(jobs,
			func() outcome { return gradeAll(ctx, b, reg, opt, "solutions", expectFull) },
			func() outcome { return gradeAll(ctx, b, reg, opt, "exercises", expectNotStarted) },
			func() outcome { return completeness(reg, scens, opt.Root) },
		)
	}
	graded := 0
	for _, s := range scens {
		if opt.Only != "" && !strings.Contains(s.Name, opt.Only) {
			continue
		}
		graded++
		jobs = append(jobs, func() outcome { return runScenario(ctx, b, reg, opt, s) })
	}
	prebuild(ctx, b, reg, scens, opt)
	outs := make([]outcome, len(jobs))
	sem := make(chan struct{}, max(opt.Jobs, 1))
	var wg sync.WaitGroup
	for i, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			outs[i] = job()
		}()
	}
	wg.Wait()
	if graded > 0 {
		// Checked once all is graded: known-bad submissions include ones
		// that try to outlive their check and to write outside their
		// temporary folder.
		outs = append(outs, leftProcesses(), strayFiles(opt.Root, b.Cache))
	}
	passed, failed := 0, 0
	for _, o := range outs {
		if len(o.probs) == 0 {
			passed++
			fmt.Fprintf(w, "ok    %s\n", o.name)
		} else {
			failed++
			fmt.Fprintf(w, "FAIL  %s\n", o.name)
			for _, p := range o.probs {
				fmt.Fprintf(w, "      %s\n", strings.ReplaceAll(p, "\n", "\n      "))
			}
		}
		for _, n := range o.notes {
			fmt.Fprintf(w, "      note: %s\n", n)
		}
	}
	var l longest
	for _, o := range outs {
		l = l.max(o.longest)
	}
	if l.what != "" {
		fmt.Fprintf(w, "longest check: %s (%v)\n", l.what, l.d.Round(time.Millisecond))
	}
	fmt.Fprintf(w, "verify: %d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return ErrFailed
	}
	return nil
}

// prebuild builds every child the gradings will start before any of them
// runs: their checks then run beside waits, not beside compilers. On a
// cold cache verify builds hundreds of children, and a check's time
// bounds are for the submission's load, not the grader's own. A child
// that does not compile is left for its grading to report.
func prebuild(ctx context.Context, b *judge.Builder, reg []*judge.Exercise, scens []Scenario, opt Options) {
	type build struct {
		ex   *judge.Exercise
		impl string
	}
	seen := map[build]bool{}
	var builds []build
	add := func(ex *judge.Exercise, dir string) {
		if bd := (build{ex, filepath.Join(opt.Root, dir)}); ex != nil && !seen[bd] {
			seen[bd] = true
			builds = append(builds, bd)
		}
	}
	for _, ex := range reg {
		add(ex, "solutions") // the references, measured beside many a submission
		if opt.Only == "" {
			add(ex, "exercises")
		}
	}
	for _, s := range scens {
		if opt.Only == "" || strings.Contains(s.Name, opt.Only) {
			add(lookup(reg, s.Exercise), s.Dir)
		}
	}
	// As many at once as gradings: a build waits on its sandbox and cache
	// as much as it computes.
	sem := make(chan struct{}, max(opt.Jobs, 1))
	var wg sync.WaitGroup
	for _, bd := range builds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			b.Build(ctx, bd.ex, bd.impl)
		}()
	}
	wg.Wait()
}

type expectation func(e result.Exercise) string

func expectFull(e result.Exercise) string {
	if e.Status != result.Passed || e.Score != e.MaxScore || e.MaxScore == 0 {
		return fmt.Sprintf("%s: %s %d/%d, want full marks%s", e.ID, e.Status, e.Score, e.MaxScore, failing(e))
	}
	return ""
}

func expectNotStarted(e result.Exercise) string {
	if e.Status != result.NotStarted || e.Score != 0 {
		return fmt.Sprintf("%s: %s %d/%d, want not started with 0 points%s", e.ID, e.Status, e.Score, e.MaxScore, failing(e))
	}
	return ""
}

// failing lists the checks that did not pass, with their messages.
func failing(e result.Exercise) string {
	var b strings.Builder
	if e.Message != "" {
		b.WriteString("\n  " + e.Message)
	}
	for _, c := range e.Checks {
		if c.Status != result.Passed && c.Status != result.Skipped {
			fmt.Fprintf(&b, "\n  %s %q: %s", c.Status, c.Name, c.Message)
		}
	}
	return b.String()
}

func gradeAll(ctx context.Context, b *judge.Builder, reg []*judge.Exercise, opt Options, dir string, want expectation) outcome {
	name := map[string]string{"solutions": "reference solutions earn full marks", "exercises": "stubs are reported as not started"}[dir]
	o := outcome{name: name}
	run, err := b.Grade(ctx, reg, judge.Options{Impl: filepath.Join(opt.Root, dir), Ref: filepath.Join(opt.Root, "solutions"), Seed: seed, Jobs: 1})
	if err != nil {
		o.probs = append(o.probs, err.Error())
	}
	if run == nil {
		return o
	}
	o.longest = longestIn(run, dir)
	for _, e := range run.Exercises {
		if p := want(e); p != "" {
			o.probs = append(o.probs, p)
		}
	}
	return o
}

func runScenario(ctx context.Context, b *judge.Builder, reg []*judge.Exercise, opt Options, s Scenario) outcome {
	o := outcome{name: "scenario " + s.Name}
	ex := lookup(reg, s.Exercise)
	if ex == nil {
		o.probs = append(o.probs, fmt.Sprintf("unknown exercise %q", s.Exercise))
		return o
	}
	if s.Needs == "sandbox" && !sandbox.Contained() {
		o.notes = append(o.notes, "skipped: it attacks the machine, and the sandbox is not complete here (see the notes of grader grade --format json)")
		return o
	}
	impl := s.Dir
	jopt := judge.Options{Impl: filepath.Join(opt.Root, impl), Ref: filepath.Join(opt.Root, "solutions"), Seed: seed, Jobs: 1}
	if err := s.Limits.options(&jopt); err != nil {
		o.probs = append(o.probs, err.Error())
		return o
	}
	run, err := b.Grade(ctx, []*judge.Exercise{ex}, jopt)
	if err != nil {
		o.probs = append(o.probs, err.Error())
	}
	if run == nil {
		return o
	}
	run.Impl = impl   // as a reader of the golden file sees it
	run.Sandbox = nil // the machine's, not the submission's
	o.longest = longestIn(run, s.Name)
	e := run.Exercises[0]
	var failed []string
	for _, c := range e.Checks {
		if c.Status != result.Passed && c.Status != result.Skipped {
			failed = append(failed, c.Name)
		}
	}
	if got := verdictOf(e); s.Status != "" && got != s.Status {
		o.probs = append(o.probs, fmt.Sprintf("status %s, want %s", got, s.Status))
	}
	if !slices.Equal(sorted(failed), sorted(s.Fails)) {
		o.probs = append(o.probs, fmt.Sprintf("failed checks %q, want exactly %q%s", failed, s.Fails, failing(e)))
	}
	var buf bytes.Buffer
	report.Text(&buf, run, report.TextOptions{Replay: fmt.Sprintf("go run ./grader grade --impl %s --seed %d %s", impl, seed, s.Exercise)})
	got := Normalize(buf.String(), opt.Root)
	golden := filepath.Join(opt.Root, impl, "transcript.golden")
	if opt.Update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			o.probs = append(o.probs, err.Error())
		}
		return o
	}
	want, err := os.ReadFile(golden)
	switch {
	case errors.Is(err, os.ErrNotExist):
		o.probs = append(o.probs, fmt.Sprintf("no %s: record it with go run ./grader verify --update --run %s", filepath.Join(impl, "transcript.golden"), s.Name))
	case err != nil:
		o.probs = append(o.probs, err.Error())
	case string(want) != got:
		o.probs = append(o.probs, "transcript differs from transcript.golden (review, then go run ./grader verify --update --run "+s.Name+"):\n"+lineDiff(string(want), got))
	}
	return o
}

// completeness tells the instructor what an exercise still lacks.
func completeness(reg []*judge.Exercise, scens []Scenario, root string) outcome {
	o := outcome{name: "every exercise has checks, a README and known-bad scenarios"}
	for _, ex := range reg {
		if len(ex.Checks) == 0 {
			o.probs = append(o.probs, fmt.Sprintf("%s has no checks: add them to its list in %s/checks.go", ex.ID, ex.Folder()))
		}
		readme, err := os.ReadFile(filepath.Join(root, "exercises", ex.Dir, "README.md"))
		switch {
		case err != nil || len(bytes.TrimSpace(readme)) < 200:
			o.probs = append(o.probs, fmt.Sprintf("%s: exercises/%s/README.md is missing or nearly empty", ex.ID, ex.Dir))
		case bytes.Contains(readme, []byte(scaffold.Placeholder)):
			o.probs = append(o.probs, fmt.Sprintf("%s: exercises/%s/README.md is still grader new's skeleton: write the parts marked %s", ex.ID, ex.Dir, scaffold.Placeholder))
		}
		if left := placeholders(root, ex); len(left) > 0 {
			o.probs = append(o.probs, fmt.Sprintf("%s: grader new's example code is unfinished: replace what %s marks in %s", ex.ID, scaffold.Placeholder, strings.Join(left, ", ")))
		}
		n := 0
		for _, s := range scens {
			if s.Exercise != ex.ID {
				continue
			}
			n++
			if filepath.Dir(s.Dir) != filepath.FromSlash(ScenarioDir(ex)) {
				o.probs = append(o.probs, fmt.Sprintf("scenario %s of %s is in %s: move it to %s/", s.Name, ex.ID, filepath.Dir(s.Dir), ScenarioDir(ex)))
			}
		}
		if n < MinScenarios {
			o.probs = append(o.probs, fmt.Sprintf("%s has %d known-bad scenarios, want at least %d in %s/%s-<mistake>/", ex.ID, n, MinScenarios, ScenarioDir(ex), ex.ID))
		}
	}
	return o
}

// placeholders lists the exercise's Go files that still hold text grader
// new left for the instructor to replace.
func placeholders(root string, ex *judge.Exercise) []string {
	var left []string
	for _, pattern := range []string{
		filepath.Join("exercises", ex.Dir, "*.go"),
		filepath.Join("solutions", ex.Dir, "*.go"),
		filepath.Join(ex.Folder(), "*.go"),
		filepath.Join(ex.Folder(), "contract", "*.go"),
		filepath.Join(ex.Folder(), "driver", "*.go"),
	} {
		paths, _ := filepath.Glob(filepath.Join(root, pattern))
		for _, p := range paths {
			if data, err := os.ReadFile(p); err == nil && bytes.Contains(data, []byte(scaffold.Placeholder)) {
				rel, _ := filepath.Rel(root, p)
				left = append(left, rel)
			}
		}
	}
	return left
}

func lookup(reg []*judge.Exercise, id string) *judge.Exercise {
	for _, e := range reg {
		if e.ID == id {
			return e
		}
	}
	return nil
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// lineDiff shows the first lines that differ, want before got.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			// And every other difference: a verdict that changed shows
			// its message and hint too, which is what says why.
			return fmt.Sprintf("line %d:\n  golden: %q\n  now:    %q\nall differences (-golden +now):\n%s", i+1, wl, gl, cmp.Diff(w, g))
		}
	}
	return ""
}

// longest is the check that took longest, for make bench: verify should
// cost little more than building plus the longest wait a check must make.
type longest struct {
	what string
	d    time.Duration
}

func (l longest) max(m longest) longest {
	if m.d > l.d {
		return m
	}
	return l
}

func longestIn(run *result.Run, where string) longest {
	var l longest
	for _, e := range run.Exercises {
		for _, c := range e.Checks {
			l = l.max(longest{fmt.Sprintf("%s %q in %s", e.ID, c.Name, where), c.Duration})
		}
	}
	return l
}

// verdictOf is what a scenario's "status" is held to: the exercise's
// status, or for a failed exercise the gravest of its checks' statuses
// (a scenario about a spin says timeout, one about a hoard memory_limit).
func verdictOf(e result.Exercise) string {
	if e.Status != result.Failed {
		return e.Status
	}
	rank := map[string]int{result.Failed: 1, result.Timeout: 2, result.OutputLimit: 3, result.MemoryLimit: 4, result.Crashed: 5}
	worst := result.Failed
	for _, c := range e.Checks {
		if rank[c.Status] > rank[worst] {
			worst = c.Status
		}
	}
	return worst
}
