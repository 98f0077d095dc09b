package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/result"
)

// TestGradeProgressShowsBuildsAndVerdicts: a build that takes long is
// named while it runs, a quick one is not, and each exercise's verdict has
// its line as it comes.
func TestGradeProgressShowsBuildsAndVerdicts(t *testing.T) {
	slowEx := &judge.Exercise{ID: "1.3", Title: "Sockets", Checks: make([]judge.Check, 2)}
	quickEx := &judge.Exercise{ID: "1.1", Title: "TCP client"}
	var b bytes.Buffer
	p := newGradeProgress(&b, 20*time.Millisecond)
	text := func() string {
		p.mu.Lock()
		defer p.mu.Unlock()
		return b.String()
	}
	p.event(judge.Event{Kind: judge.Building, Exercise: quickEx})
	p.event(judge.Event{Kind: judge.Checking, Exercise: quickEx})
	p.event(judge.Event{Kind: judge.Building, Exercise: slowEx})
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(text(), "building 1.3"); {
		if time.Now().After(deadline) {
			t.Fatalf("no building line for a slow build: %q", text())
		}
		time.Sleep(5 * time.Millisecond)
	}
	p.event(judge.Event{Kind: judge.ExerciseDone, Exercise: quickEx, Result: result.Exercise{Status: result.Passed, Score: 10, MaxScore: 10}})
	p.event(judge.Event{Kind: judge.Checking, Exercise: slowEx})
	p.event(judge.Event{Kind: judge.CheckDone, Exercise: slowEx, Check: result.Check{Name: "sends", Status: result.Passed}})
	p.event(judge.Event{Kind: judge.CheckDone, Exercise: slowEx, Check: result.Check{Name: "reads", Status: result.Failed}})
	p.event(judge.Event{Kind: judge.ExerciseDone, Exercise: slowEx, Result: result.Exercise{Status: result.Failed, Score: 3, MaxScore: 17}})
	p.finish()
	// Each check's verdict overwrites the one before (\r, erase line);
	// the exercise's line replaces the last.
	want := "  building 1.3 Sockets…\n✓ 1.1 TCP client: 10/10, passed\n" +
		"  … 1.3 1/2 checks: ✓ sends\r\x1b[K  … 1.3 2/2 checks: ✗ reads\r\x1b[K" +
		"✗ 1.3 Sockets: 3/17, failed\n\n"
	if got := text(); got != want {
		t.Errorf("progress:\n%s\nwant:\n%s", got, want)
	}
}
