package judge

import (
	"strings"
	"testing"
	"time"

	"netcourse/grader/internal/result"
	"netcourse/grader/wire"
)

func TestExerciseStatus(t *testing.T) {
	c := func(statuses ...string) []result.Check {
		var cs []result.Check
		for _, s := range statuses {
			cs = append(cs, result.Check{Status: s})
		}
		return cs
	}
	for _, tc := range []struct {
		checks     []result.Check
		notStarted int
		want       string
	}{
		{c("passed", "passed"), 0, result.Passed},
		{c("passed", "skipped"), 0, result.Passed},
		{c("skipped", "skipped"), 0, result.Skipped},
		{c("failed", "failed"), 2, result.NotStarted},
		{c("failed", "passed"), 1, result.Failed},
		// How a check failed is its own verdict; the exercise failed.
		{c("failed", "timeout", "passed"), 0, result.Failed},
		{c("timeout", "crashed"), 0, result.Failed},
		{c("failed", "memory_limit", "timeout"), 0, result.Failed},
		{c("output_limit", "passed"), 0, result.Failed},
		// Stopped by the user: nobody's failure, and a stub stays a stub.
		{c("passed", "interrupted"), 0, result.Interrupted},
		{c("failed", "interrupted"), 0, result.Interrupted},
		{c("failed", "interrupted", "interrupted"), 1, result.NotStarted},
		{c("interrupted", "interrupted"), 0, result.Interrupted},
	} {
		if got := exerciseStatus(tc.checks, tc.notStarted); got != tc.want {
			t.Errorf("exerciseStatus(%v, %d) = %s, want %s", tc.checks, tc.notStarted, got, tc.want)
		}
	}
}

func TestCheckSeedDependsOnCheckNotOrder(t *testing.T) {
	a, b := CheckSeed(7, "1.1", "x"), CheckSeed(7, "1.1", "y")
	if a == b || a != CheckSeed(7, "1.1", "x") || a == CheckSeed(8, "1.1", "x") {
		t.Errorf("seeds: %d %d", a, b)
	}
}

func TestCaptureKeepsHeadAndTailOfAFlood(t *testing.T) {
	c := newCapture()
	c.Write([]byte("first line\n"))
	for i := 0; i < 100000; i++ {
		c.Write([]byte("flood flood flood flood\n"))
	}
	c.Write([]byte("panic: boom\n"))
	s := c.String()
	if !strings.HasPrefix(s, "first line") || !strings.HasSuffix(s, "panic: boom\n") || !strings.Contains(s, "bytes of output dropped") {
		t.Errorf("capture lost its head, tail or drop marker (%d bytes)", len(s))
	}
	if len(s) > headMax+tailMax+100 {
		t.Errorf("capture kept %d bytes", len(s))
	}
	if tr := c.Trimmed(); strings.Count(tr, "\n") > 21 || !strings.HasSuffix(tr, "panic: boom") {
		t.Errorf("Trimmed: %q", tr)
	}
}

func TestLocateFindsTheSubmissionFrame(t *testing.T) {
	stack := `goroutine 7 [running]:
runtime/debug.Stack()
	runtime/debug/stack.go:26 +0x5e
netcourse/exercises/1%2e1-tcpclient.Get({0x0, 0x0}, 0x0)
	netcourse/exercises/1.1-tcpclient/client.go:23 +0x1d
main.get.func1()
	netcourse/grader/course/1.1-tcpclient/driver/main.go:30 +0x2f`
	c := &Child{src: "exercises"}
	if got, want := c.locate(stack), "exercises/1.1-tcpclient/client.go:23"; got != want {
		t.Errorf("locate = %q, want %q", got, want)
	}
}

func TestStudentOutputDisarmsControlCharacters(t *testing.T) {
	for in, want := range map[string]string{
		"plain\ttext\n":                  "plain\ttext\n",
		"HTTP/1.0 200 OK\r\n\r\nbody":    "HTTP/1.0 200 OK\r\n\r\nbody",
		"✗ failed\r✓ passed":             `✗ failed\r✓ passed`,
		"\x1b[1A\x1b[2K  ✓ all passed\n": `\x1b[1A\x1b[2K  ✓ all passed` + "\n",
		"csi \x9b2J":                     "csi \ufffd2J",
	} {
		if got := studentOutput(in, "x"); got != want {
			t.Errorf("studentOutput(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestElapsedIsCapped: a child may claim a call took long (to pass "not
// before the deadline"); the judge caps the claim at what it saw.
func TestElapsedIsCapped(t *testing.T) {
	r := wire.Return{Elapsed: 5 * time.Second}
	capElapsed(&r, time.Second)
	own := struct {
		Data    string
		Elapsed time.Duration
	}{Elapsed: time.Millisecond}
	capElapsed(&own, time.Second)
	if r.Elapsed != time.Second || own.Elapsed != time.Millisecond {
		t.Errorf("capped %v and %v, want 1s and 1ms", r.Elapsed, own.Elapsed)
	}
}
