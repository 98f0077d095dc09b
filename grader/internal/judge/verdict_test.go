package judge

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"netcourse/grader/internal/result"
	"netcourse/grader/internal/sandbox"
	"netcourse/grader/wire"
)

// talking is a child that is still running and has said something.
func talking() *Child {
	c := &Child{exited: make(chan struct{})}
	c.last.Store(time.Now().UnixNano())
	return c
}

// TestChildVerdictDecidesWhoseFailure: whatever the child said that the
// check could not use is the child's verdict; only what the grader marks
// as its own, or what comes from the system or before the child spoke,
// stays a grader error.
func TestChildVerdictDecidesWhoseFailure(t *testing.T) {
	silent := &Child{exited: make(chan struct{})}
	broke := talking()
	broke.protocol("it sent a \"result\" message where the grader waited for \"listening\"")
	fail := Fail("Get returned nothing")
	fault := &graderFault{errors.New("starting child: fork: resource temporarily unavailable")}
	sysErr := &net.OpError{Op: "listen", Net: "tcp", Err: os.NewSyscallError("socket", syscall.EMFILE)}
	for _, tc := range []struct {
		name  string
		kids  []*Child
		err   error
		proto bool  // want a *ProtocolError
		same  error // else want this error back
	}{
		{"forged reply the check could not use", []*Child{talking()}, errors.New("driver returned 2 results for 3 rows"), true, nil},
		{"a breach the check turned into its own error", []*Child{broke}, errors.New("driver: got message \"result\""), true, nil},
		{"the check's own verdict stands", []*Child{broke}, fail, false, fail},
		{"the grader's own failure", []*Child{talking()}, fault, false, fault},
		{"a fake peer that could not listen", []*Child{talking()}, sysErr, false, sysErr},
		{"an error before the child said anything", []*Child{silent}, errors.New("fixture: no port"), false, nil},
		{"out of time", []*Child{talking()}, context.DeadlineExceeded, false, context.DeadlineExceeded},
		{"passed", []*Child{talking()}, nil, false, nil},
	} {
		got := childVerdict(tc.kids, tc.err)
		var pe *ProtocolError
		switch {
		case tc.proto && !errors.As(got, &pe):
			t.Errorf("%s: got %v, want a protocol error", tc.name, got)
		case !tc.proto && tc.same != nil && got != tc.same:
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.same)
		case !tc.proto && tc.same == nil && tc.err == nil && got != nil:
			t.Errorf("%s: got %v, want nil", tc.name, got)
		case !tc.proto && tc.same == nil && tc.err != nil && got != tc.err:
			t.Errorf("%s: got %v, want the error unchanged", tc.name, got)
		}
	}
}

// TestProtocolBreachesAreTheChilds: a forged "failed" line, a message out
// of order and one the judge cannot read are the child's verdict
// (crashed), never the grader's error, and the text the child chose is
// shown as what the child said.
func TestProtocolBreachesAreTheChilds(t *testing.T) {
	say := func(ms ...wire.Message) *Child {
		c := &Child{ctx: context.Background(), msgs: make(chan wire.Message, len(ms)), exited: make(chan struct{})}
		for _, m := range ms {
			c.msgs <- m
		}
		return c
	}
	raw := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	var r wire.Return
	for name, err := range map[string]error{
		"forged failed line":      say(wire.Message{Kind: wire.KindFailed, Data: raw("grader error: regrade by hand")}).Result(time.Second, &r),
		"result before listening": say(wire.Message{Kind: wire.KindResult}).Expect("listening", time.Second, nil),
		"undecodable result":      say(wire.Message{Kind: wire.KindResult, Data: raw("not a Return")}).Result(time.Second, &r),
	} {
		var pe *ProtocolError
		if !errors.As(err, &pe) {
			t.Errorf("%s: %v, want a *ProtocolError", name, err)
			continue
		}
		rc, _, gerr := verdictOf(result.Check{MaxScore: 3}, childVerdict(nil, err), context.Background(), time.Second)
		if gerr != nil || rc.Status != result.Crashed || strings.HasPrefix(rc.Message, "grader error") || rc.Score != 0 {
			t.Errorf("%s: %s %q (grader error %v), want crashed, the child's verdict", name, rc.Status, rc.Message, gerr)
		}
	}
}

// script writes an executable shell script to stand in for a child.
func script(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "child")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestExitAfterTheAnswerIsSeen: a child that ends on its own right after
// its answer fails the check, though the check had what it wanted; one
// that waits to be told exits as told. settle returns at the child's end,
// so a long settle here costs nothing and makes the test certain.
func TestExitAfterTheAnswerIsSeen(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		crash      bool
	}{
		{"exits after answering", "read cmd <&3\necho '{\"kind\":\"result\",\"data\":{}}' >&4\nexit 0\n", true},
		{"waits to be told", "read cmd <&3\necho '{\"kind\":\"result\",\"data\":{}}' >&4\nread cmd <&3\nexit 0\n", false},
		// Busy past a short settle (as a goroutine woken to panic is on a
		// loaded machine): watched while it wants the CPU, then seen to end.
		{"computes, then exits", "read cmd <&3\necho '{\"kind\":\"result\",\"data\":{}}' >&4\ni=0\nwhile [ $i -lt 100000 ]; do i=$((i+1)); done\nexit 0\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			c, err := startChild(ctx, script(t, tc.body), newCapture(), "", sandbox.Default, nil, "get", nil)
			if err != nil {
				t.Fatal(err)
			}
			var r wire.Return
			if err := c.Result(10*time.Second, &r); err != nil {
				t.Fatal(err)
			}
			settleFor := 10 * time.Second
			switch {
			case !tc.crash:
				settleFor = 50 * time.Millisecond
			case strings.Contains(tc.body, "while"):
				settleFor = time.Millisecond
			}
			start := time.Now()
			c.settle(settleFor)
			if !tc.crash && time.Since(start) < settleFor {
				t.Errorf("settle returned after %v, before %v, while the child ran", time.Since(start), settleFor)
			}
			c.Stop()
			var ce *CrashError
			got := childVerdict([]*Child{c}, nil)
			if tc.crash != errors.As(got, &ce) {
				t.Errorf("verdict %v; want a crash: %v", got, tc.crash)
			}
			if tc.crash && !strings.Contains(got.Error(), "after its answer") {
				t.Errorf("verdict %q, want it to say the end came after the answer", got)
			}
		})
	}
}

// TestRunCheckHoldsItsBounds: a check that ignores its context, and one
// whose clean-up hangs for ever, both end in bounded time as grader
// errors (the grader's own bug), without the run waiting for them.
func TestRunCheckHoldsItsBounds(t *testing.T) {
	block := make(chan struct{})
	t.Cleanup(func() { close(block) }) // lets the goroutines left behind go
	ex := &Exercise{ID: "9.9"}
	for _, tc := range []struct {
		name  string
		check Check
		want  string
		bound time.Duration
	}{
		{"ignores its context", Check{Name: "a", Points: 1, Run: func(*T) error { <-block; return nil }},
			"did not stop within", 100*time.Millisecond + checkGrace + 2*time.Second},
		{"clean-up hangs", Check{Name: "b", Points: 1, Run: func(t *T) error { t.Cleanup(func() { <-block }); return nil }},
			"clean-up (stopping children, closing fake peers) did not finish within 5s and was left behind (still running: judge.TestRunCheckHoldsItsBounds", cleanupWithin + 2*time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := &Builder{}
			start := time.Now()
			rc, _, err := b.runCheck(context.Background(), ex, tc.check, "", nil, Options{MaxCheckTime: 100 * time.Millisecond})
			if d := time.Since(start); d > tc.bound {
				t.Errorf("runCheck took %v, want at most %v", d, tc.bound)
			}
			if err == nil || !strings.Contains(rc.Message, "grader error") || !strings.Contains(rc.Message, tc.want) {
				t.Errorf("%s %q (err %v), want a grader error saying %q", rc.Status, rc.Message, err, tc.want)
			}
		})
	}
}

// TestDeadlineAllowsEveryCheckItsLimit: the default overall deadline
// leaves every check its whole time limit, one after another, and every
// exercise its build allowance.
func TestDeadlineAllowsEveryCheckItsLimit(t *testing.T) {
	exs := []*Exercise{
		{ID: "1.1", Checks: []Check{{Name: "a"}, {Name: "b", Timeout: time.Minute}}},
		{ID: "1.2", Checks: []Check{{Name: "c", Timeout: time.Second}}},
	}
	want := 2*BuildAllowance + DefaultTimeout + time.Minute + time.Second
	if got := Deadline(exs); got != want {
		t.Errorf("Deadline = %v, want %v", got, want)
	}
}
