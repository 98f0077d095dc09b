// Package watch is `grader watch`: it grades the student's first
// unfinished exercise, grades it again on every save in its folder, shows
// each check's verdict as it arrives, and moves on to the next exercise
// once it passes. The student steers it with keys: h hint, n next, l list,
// r rerun, q quit.
package watch

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"strings"
	"time"

	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/progress"
	"netcourse/grader/internal/report"
	"netcourse/grader/internal/result"
	"netcourse/grader/internal/textsafe"
)

// Options say what to watch and where to talk.
type Options struct {
	Exercises []*judge.Exercise // the course, in order
	Start     *judge.Exercise   // the exercise to begin with; nil: the first unfinished one
	Grader    *progress.Grader  // grades, and remembers results of sources graded before
	Judge     judge.Options     // Impl, Ref and Seed of every grading

	In      io.Reader // the student's keys
	Out     io.Writer
	RawKeys bool // In is a terminal in raw mode: a key press is a command
	Screen  bool // Out is a terminal: redraw the whole screen on each change
	Color   bool

	Poll  time.Duration // how often to look at the files even without events; 500ms when zero
	Quiet time.Duration // how long a burst of saves must be quiet before grading; 100ms when zero

	// Hint writes layer level (from 1) of the exercise's hints; res is its
	// latest result, if any, for the nudges of the checks that fail.
	Hint       func(w io.Writer, ex *judge.Exercise, level int, res *result.Exercise) error
	HintLevels int
}

// Keys the student can press.
const keyHelp = "h hint  n next  l list  r rerun  q quit"

// session is the state of one `grader watch`. Only Run's loop touches it;
// grading runs in goroutines that report through updates.
type session struct {
	opt Options
	cur int // the exercise watched, an index into opt.Exercises

	res     *result.Exercise // its latest complete result
	seed    uint64           // res was graded with this seed
	live    []liveCheck      // the grading under way: its checks, as the judge reported them
	grading bool
	why     string // what started the grading under way: "you saved client.go"
	auto    bool   // move on when cur passes; false after the student chose it with n
	passed  []string
	panel   string // a hint, the list or a message, under the report
	errMsg  string

	levels map[string]int                      // hint layers shown, by exercise ID
	took   map[string]map[string]time.Duration // how long each check took last time

	gen      int // the grading under way; older updates are dropped
	updates  chan update
	cancel   context.CancelFunc
	done     chan struct{}
	gradeSem chan struct{} // one grading at a time: checks measure time

	listCancel context.CancelFunc
	listDone   chan struct{}

	files     <-chan []string
	filesStop context.CancelFunc
}

// liveCheck is one check's verdict in the grading under way.
type liveCheck struct {
	result.Check
	notStarted bool // it met the stub: shown as not started, not as failed
}

// update is news from a grading goroutine.
type update struct {
	gen   int
	check *liveCheck       // one check's verdict
	done  *result.Exercise // the exercise's result
	list  *result.Run      // the whole course, for l
	seed  uint64           // done was graded with this seed
	err   error
}

// Run watches until the student quits, the input ends or ctx ends.
func Run(ctx context.Context, opt Options) error {
	if len(opt.Exercises) == 0 {
		return fmt.Errorf("watch: no exercises")
	}
	opt.Poll = orDefault(opt.Poll, 500*time.Millisecond)
	opt.Quiet = orDefault(opt.Quiet, 100*time.Millisecond)
	s := &session{opt: opt, auto: true, levels: map[string]int{}, took: map[string]map[string]time.Duration{},
		updates: make(chan update), gradeSem: make(chan struct{}, 1)}
	defer s.stopAll()
	for i, e := range opt.Exercises {
		if e == opt.Start {
			s.cur, s.auto = i, false // chosen: stay, even if it passes already
		}
	}
	keys := Keys(ctx, opt.In, opt.RawKeys)
	s.watchFiles(ctx)
	s.start(ctx, "")
	for {
		select {
		case <-ctx.Done():
			s.bye()
			return nil
		case k, ok := <-keys:
			if !ok || k == 'q' {
				s.bye()
				return nil
			}
			s.key(ctx, k)
		case names, ok := <-s.files:
			if !ok {
				s.files = nil // its context ended: cur changed, a new one is on
				continue
			}
			s.start(ctx, "you saved "+textsafe.Escape(strings.Join(names, ", ")))
		case u := <-s.updates:
			s.update(ctx, u)
		}
	}
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

func (s *session) ex() *judge.Exercise { return s.opt.Exercises[s.cur] }

// watchFiles watches the folder of the current exercise.
func (s *session) watchFiles(ctx context.Context) {
	if s.filesStop != nil {
		s.filesStop()
	}
	fctx, cancel := context.WithCancel(ctx)
	s.filesStop = cancel
	s.files = Files(fctx, filepath.Join(s.opt.Judge.Impl, s.ex().Dir), s.opt.Poll, s.opt.Quiet)
}

// start grades the current exercise, after stopping a grading under way.
// A result remembered for the same sources is shown at once.
func (s *session) start(ctx context.Context, why string) { s.grade(ctx, why, false) }

func (s *session) grade(ctx context.Context, why string, fresh bool) {
	s.stopGrading()
	s.gen++
	gen, ex, opt, took := s.gen, s.ex(), s.opt.Judge, maps.Clone(s.took[s.ex().ID])
	gctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	s.cancel, s.done = cancel, done
	send := func(u update) {
		u.gen = gen
		select {
		case s.updates <- u:
		case <-gctx.Done():
		}
	}
	go func() {
		defer close(done)
		if !s.acquire(gctx) {
			return
		}
		defer s.release()
		if !fresh {
			if r, seed, ok := s.opt.Grader.Lookup(gctx, ex, opt); ok {
				send(update{done: &r, seed: seed})
				return
			}
		}
		r, err := gradeLive(gctx, s.opt.Grader.B, ex, opt, took, func(c result.Check, notStarted bool) {
			send(update{check: &liveCheck{c, notStarted}})
		})
		if gctx.Err() != nil {
			return // stopped: a newer grading or the end
		}
		if err == nil {
			s.opt.Grader.Store(gctx, ex, opt, r)
		}
		send(update{done: &r, seed: opt.Seed, err: err})
	}()
	s.grading, s.live, s.why, s.errMsg = true, nil, why, ""
	if why != "" {
		s.passed = nil // the news is this grading now
	}
	if s.opt.Screen {
		s.render()
		return
	}
	line := fmt.Sprintf("\n── %s %s: grading", ex.ID, ex.Title)
	if why != "" {
		line += " (" + why + ")"
	}
	s.printf("%s…\n", line)
}

// acquire waits for the grader to be free, or for ctx to end.
func (s *session) acquire(ctx context.Context) bool {
	select {
	case s.gradeSem <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

func (s *session) release() { <-s.gradeSem }

func (s *session) stopGrading() {
	if s.cancel != nil {
		s.cancel()
		<-s.done
		s.cancel = nil
	}
}

func (s *session) stopAll() {
	s.stopGrading()
	if s.listCancel != nil {
		s.listCancel()
		<-s.listDone
		s.listCancel = nil
	}
	if s.filesStop != nil {
		s.filesStop()
	}
}

func (s *session) update(ctx context.Context, u update) {
	if u.list != nil {
		if s.panel != listWaiting {
			// Closed (Esc, Enter) or replaced (a hint) while it was
			// graded: the list must not come back by itself.
			return
		}
		var b bytes.Buffer
		progress.Write(&b, u.list, progress.Options{Color: s.opt.Color, Watching: true})
		s.setPanel(b.String())
		return
	}
	if u.gen != s.gen {
		return
	}
	if u.check != nil {
		s.live = append(s.live, *u.check)
		if s.opt.Screen {
			s.render()
		}
		return
	}
	s.grading, s.res, s.seed = false, u.done, u.seed
	if u.err != nil {
		s.errMsg = "The grader itself failed; this result may be wrong: " + textsafe.Escape(u.err.Error())
	}
	s.remember(*u.done)
	ex := s.ex()
	if progress.Done(*u.done) && (s.auto || strings.HasPrefix(s.why, "you saved")) {
		s.passed = append(s.passed, fmt.Sprintf("%s %s", ex.ID, ex.Title))
		if !s.opt.Screen {
			s.printf("✓ %s %s passes (%d/%d).\n", ex.ID, ex.Title, u.done.Score, u.done.MaxScore)
		}
		if s.cur+1 < len(s.opt.Exercises) {
			s.move(ctx, s.cur+1, true)
			return
		}
		s.panel = "That was the last exercise. Press l to see the whole course."
	}
	if s.opt.Screen {
		s.render()
		return
	}
	s.writeReport(s.opt.Out)
	if s.errMsg != "" {
		s.printf("%s\n", s.errMsg)
	}
	s.printf("\n%s (type one, then Enter). Watching %s for saves.\n", keyHelp, s.dir())
}

// remember keeps how long each check took, to run the quick ones first
// next time. Results from the cache carry no durations.
func (s *session) remember(r result.Exercise) {
	m := s.took[r.ID]
	if m == nil {
		m = map[string]time.Duration{}
		s.took[r.ID] = m
	}
	for _, c := range r.Checks {
		if c.Duration > 0 {
			m[c.Name] = c.Duration
		}
	}
}

// move makes exercise i the current one and grades it. auto says whether
// to move on again if it passes.
func (s *session) move(ctx context.Context, i int, auto bool) {
	s.cur, s.auto, s.res, s.panel = i, auto, nil, ""
	if !auto {
		s.passed = nil
	}
	s.watchFiles(ctx)
	s.start(ctx, "")
}

func (s *session) key(ctx context.Context, k rune) {
	switch k {
	case 'h':
		s.hint()
	case 'n':
		if s.cur+1 >= len(s.opt.Exercises) {
			s.setPanel(fmt.Sprintf("%s is the last exercise. Press l to see the whole course.", s.ex().ID))
			return
		}
		s.move(ctx, s.cur+1, false)
	case 'r':
		s.passed, s.panel = nil, ""
		s.grade(ctx, "rerun", true)
	case 'l':
		s.list(ctx)
	case ' ':
		s.setPanel("")
	default:
		s.setPanel(fmt.Sprintf("Keys: %s", keyHelp))
	}
}

// hint shows the next layer of the current exercise's hints; the last
// layer stays once reached.
func (s *session) hint() {
	ex := s.ex()
	if s.opt.Hint == nil {
		s.setPanel("No hints in this build of the grader.")
		return
	}
	level := min(s.levels[ex.ID]+1, max(s.opt.HintLevels, 1))
	s.levels[ex.ID] = level
	var b bytes.Buffer
	if err := s.opt.Hint(&b, ex, level, s.res); err != nil {
		fmt.Fprintf(&b, "%v\n", err)
	}
	s.setPanel(b.String())
}

// list grades the whole course (results remembered for unchanged sources
// come at once) and shows the progress bars.
func (s *session) list(ctx context.Context) {
	if s.listCancel != nil {
		s.listCancel()
		<-s.listDone
	}
	lctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	s.listCancel, s.listDone = cancel, done
	exs, opt := s.opt.Exercises, s.opt.Judge
	go func() {
		defer close(done)
		if !s.acquire(lctx) {
			return
		}
		run, _ := s.opt.Grader.Grade(lctx, exs, opt, false)
		s.release()
		if run == nil || lctx.Err() != nil {
			return
		}
		select {
		case s.updates <- update{list: run}:
		case <-lctx.Done():
		}
	}()
	s.setPanel(listWaiting)
}

// listWaiting is the panel while the list is graded; only over it does
// the list appear.
const listWaiting = "Grading the course for the list…"

// setPanel shows text under the report.
func (s *session) setPanel(text string) {
	s.panel = text
	if s.opt.Screen {
		s.render()
		return
	}
	if text != "" {
		s.printf("\n%s\n", strings.TrimRight(text, "\n"))
	}
}

func (s *session) bye() {
	s.stopAll()
	s.printf("\nStopped watching. `make watch` picks up where you are.\n")
}

func (s *session) dir() string { return filepath.Join(s.opt.Judge.Impl, s.ex().Dir) + "/" }

// render draws the whole screen: what passed on the way here, the grading
// under way or the latest report, the panel, and the keys.
func (s *session) render() {
	var b bytes.Buffer
	b.WriteString("\x1b[H\x1b[2J") // home, clear
	s.writeBanner(&b)
	ex := s.ex()
	if s.grading {
		fmt.Fprintf(&b, "Grading %s %s", ex.ID, ex.Title)
		if s.why != "" {
			fmt.Fprintf(&b, " (%s)", s.why)
		}
		b.WriteString("…\n\n")
		for _, c := range s.live {
			mark := progress.Marks[c.Status]
			if c.notStarted {
				mark = progress.Marks[result.NotStarted]
			}
			fmt.Fprintf(&b, "  %s %-50s %d/%d\n", mark, c.Name, c.Score, c.MaxScore)
		}
		if left := len(ex.Checks) - len(s.live); left > 0 {
			fmt.Fprintf(&b, "  … %d of %d checks to go\n", left, len(ex.Checks))
		}
	} else if s.res != nil && s.panel != "" {
		s.writeSummary(&b) // room for the panel
	} else if s.res != nil {
		s.writeReport(&b)
	}
	if s.errMsg != "" {
		fmt.Fprintf(&b, "\n%s\n", s.errMsg)
	}
	if s.panel != "" {
		fmt.Fprintf(&b, "\n%s\n", strings.TrimRight(s.panel, "\n"))
	}
	keys := keyHelp
	if s.panel != "" {
		keys += "  esc close"
	}
	fmt.Fprintf(&b, "\n── %s (%d of %d) · %s · %s\n", ex.ID, s.cur+1, len(s.opt.Exercises), s.dir(), keys)
	s.opt.Out.Write(b.Bytes())
}

func (s *session) writeBanner(w io.Writer) {
	switch len(s.passed) {
	case 0:
		return
	case 1:
		fmt.Fprintf(w, "✓ %s passes. On to the next one.\n\n", s.passed[0])
	default:
		fmt.Fprintf(w, "✓ These pass: %s. On to the next one.\n\n", strings.Join(s.passed, ", "))
	}
}

// writeSummary writes the latest result in short: a line per check.
func (s *session) writeSummary(w io.Writer) {
	r := s.res
	fmt.Fprintf(w, "%s %s: %d/%d, %s\n", r.ID, r.Title, r.Score, r.MaxScore, strings.ReplaceAll(r.Status, "_", " "))
	if r.Status == result.NotStarted || r.Status == result.BuildError {
		first, _, _ := strings.Cut(r.Message, "\n")
		fmt.Fprintf(w, "    %s\n", textsafe.Escape(first)) // compiler output quotes the student's literals
		return
	}
	for _, c := range r.Checks {
		if c.Shown() {
			fmt.Fprintf(w, "  %s %-50s %d/%d\n", progress.Marks[c.Status], c.Name, c.Score, c.MaxScore)
		}
	}
}

// writeReport writes the latest result as `make grade` would show it.
func (s *session) writeReport(w io.Writer) {
	if s.res == nil {
		return
	}
	run := &result.Run{Seed: s.seed, Impl: s.opt.Judge.Impl, Exercises: []result.Exercise{*s.res}}
	run.Total()
	replay := fmt.Sprintf("go run ./grader grade --impl %s --seed %d %s", s.opt.Judge.Impl, s.seed, s.res.ID)
	report.Text(w, run, report.TextOptions{Color: s.opt.Color, Replay: replay})
}

func (s *session) printf(format string, args ...any) {
	fmt.Fprintf(s.opt.Out, format, args...)
}
