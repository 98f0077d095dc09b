package judge

import (
	"strings"
	"testing"

	"netcourse/grader/internal/result"
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
		{c("failed", "timeout", "passed"), 0, result.Timeout},
		{c("timeout", "crashed"), 0, result.Crashed},
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
	netcourse/grader/drivers/tcpclient/main.go:30 +0x2f`
	c := &Child{src: "exercises"}
	if got, want := c.locate(stack), "exercises/1.1-tcpclient/client.go:23"; got != want {
		t.Errorf("locate = %q, want %q", got, want)
	}
}
