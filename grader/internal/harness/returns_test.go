package harness

import (
	"errors"
	"strings"
	"testing"
	"time"

	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// StopVerdict passes a Serve that returned promptly with nil or
// net.ErrClosed, and otherwise names what went wrong in the exercise's
// words.
func TestStopVerdict(t *testing.T) {
	w := StopWords{Closed: "its socket", Thing: "socket", Wait: "ReadFrom", Served: "sent a few datagrams", Loop: "Loop on ReadFrom."}
	closed := &wire.Err{Text: "use of closed network connection", Closed: true}
	other := &wire.Err{Text: "read udp: boom"}
	for _, tc := range []struct {
		name    string
		r       wire.Stopped
		summary string // "" when it passes
		hint    string // a part of the hint
	}{
		{name: "nil at once", r: wire.Stopped{Returned: true, ReturnedAfter: time.Millisecond}},
		{name: "net.ErrClosed at the bound", r: wire.Stopped{Returned: true, Err: closed, ReturnedAfter: ReturnBound}},
		{
			name:    "on its own",
			r:       wire.Stopped{Returned: true, Early: true, Err: other},
			summary: `Serve returned (the error "read udp: boom") before its socket was closed, after answering 2 datagrams`,
			hint:    "Loop on ReadFrom.",
		},
		{
			name:    "never",
			r:       wire.Stopped{},
			summary: "Serve had not returned 2s after its socket was closed",
			hint:    "When ReadFrom returns an error, return",
		},
		{
			name:    "slowly",
			r:       wire.Stopped{Returned: true, ReturnedAfter: 1500 * time.Millisecond},
			summary: "Serve returned only ~1.5s after its socket was closed, want within 1s",
			hint:    "When ReadFrom returns an error, return",
		},
		{
			name:    "another error",
			r:       wire.Stopped{Returned: true, Err: other, ReturnedAfter: time.Millisecond},
			summary: `after its socket was closed, Serve returned the error "read udp: boom"; want nil or an error wrapping net.ErrClosed`,
			hint:    "if you wrap ReadFrom's error, use %w",
		},
	} {
		err := StopVerdict(w, tc.r, "answering 2 datagrams")
		if tc.summary == "" {
			if err != nil {
				t.Errorf("%s: %v, want a pass", tc.name, err)
			}
			continue
		}
		var f *judge.Failure
		if !errors.As(err, &f) {
			t.Errorf("%s: %v, want a *judge.Failure", tc.name, err)
			continue
		}
		if f.Summary != tc.summary {
			t.Errorf("%s: summary\n%q, want\n%q", tc.name, f.Summary, tc.summary)
		}
		if !strings.Contains(f.Hint, tc.hint) {
			t.Errorf("%s: hint %q, want it to contain %q", tc.name, f.Hint, tc.hint)
		}
		if strings.Contains(f.Error()+f.Hint, "listener") {
			t.Errorf("%s: %q speaks of a listener, not in the exercise's words", tc.name, f.Error())
		}
	}
}

// ReturnsAfterStop judges what run returned, and passes run's own error on.
func TestReturnsAfterStopRun(t *testing.T) {
	boom := errors.New("no child")
	run := ReturnsAfterStop(StopWords{}, func(*judge.T) (wire.Stopped, string, error) { return wire.Stopped{}, "", boom })
	if err := run(&judge.T{}); err != boom {
		t.Errorf("run's error: got %v, want %v", err, boom)
	}
	run = ReturnsAfterStop(StopWords{}, func(*judge.T) (wire.Stopped, string, error) { return wire.Stopped{Returned: true}, "", nil })
	if err := run(&judge.T{}); err != nil {
		t.Errorf("a prompt return: got %v, want a pass", err)
	}
}
