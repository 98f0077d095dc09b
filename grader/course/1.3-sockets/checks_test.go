package sockets

import (
	"errors"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// sendDiagnosis tells each way a SendAll loop goes wrong from what the
// peer received.
func TestSendDiagnosis(t *testing.T) {
	want := wire.Payload(7, 4096)
	cat := func(parts ...[]byte) []byte { return slices.Concat(parts...) }
	for _, tc := range []struct {
		name    string
		got     []byte
		summary string // a substring; "" for no problem
		hint    string // a substring; "" for no hint of its own
	}{
		{name: "everything, once, in order", got: want},
		{
			name:    "one Send: the rest never sent",
			got:     want[:1000],
			summary: "the peer received only the first 1000 of 4096 bytes, then end of data",
			hint:    "One Send is not enough",
		},
		{
			name:    "nothing at all",
			got:     nil,
			summary: "the peer received only the first 0 of 4096 bytes",
			hint:    "One Send is not enough",
		},
		{
			name:    "restarts from the beginning after a short Send",
			got:     cat(want[:1000], want),
			summary: "after 1000 bytes the peer received the start of the data again: SendAll re-sent from the beginning",
			hint:    "continue with data[n:]",
		},
		{
			// sent = n instead of sent += n: the next Send starts at the
			// last count, behind what was already sent.
			name:    "sent = n instead of sent += n",
			got:     cat(want[:1000], want[300:]),
			summary: "after 1000 bytes the peer received bytes 300.. again: SendAll re-sent data the kernel had already taken",
			hint:    "Advance by exactly the count Send returns",
		},
		{
			// Advancing by what was offered, not by what Send took.
			name:    "skips what a short Send did not take",
			got:     cat(want[:1000], want[1500:]),
			summary: "bytes 1000 to 1499 never arrived",
			hint:    "the bytes it did not take must be offered again",
		},
		{
			name:    "bytes that are not the data",
			got:     wire.Payload(8, 4096),
			summary: "the peer received 4096 bytes that are not the 4096 bytes SendAll was given",
		},
		{
			// Too few bytes after the divergence to tell where they came
			// from: no guess.
			name:    "diverges too near the end to place",
			got:     cat(want[:4090], []byte("xyz")),
			summary: "the peer received 4093 bytes that are not the 4096 bytes",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			summary, hint := sendDiagnosis(tc.got, want)
			if tc.summary == "" && summary != "" {
				t.Fatalf("summary = %q, want none", summary)
			}
			if !strings.Contains(summary, tc.summary) {
				t.Errorf("summary = %q, want it to contain %q", summary, tc.summary)
			}
			if tc.hint == "" && hint != "" {
				t.Errorf("hint = %q, want none", hint)
			}
			if !strings.Contains(hint, tc.hint) {
				t.Errorf("hint = %q, want it to contain %q", hint, tc.hint)
			}
		})
	}
}

// timeoutVerdict passes a Fetch that fails with a timeout error no sooner
// than its timeout, and names each other outcome.
func TestTimeoutVerdict(t *testing.T) {
	const timeout = 300 * time.Millisecond
	timedOut := &wire.Err{Text: "read tcp: i/o timeout", Timeout: true, Deadline: true}
	plain := &wire.Err{Text: "fetch: read tcp: i/o timeout"}
	ctxDeadline := &wire.Err{Text: "context deadline exceeded", Timeout: true, ContextDeadline: true}
	ownTimeout := &wire.Err{Text: "fetch: timed out", Timeout: true}
	const late = "Fetch returned its timeout error long after its timeout of 300ms"
	for _, tc := range []struct {
		name     string
		r        wire.Return
		partial  int
		late     string   // what fetchLateness found
		problems []string // substrings of the summary, one per problem; none when it passes
		why      string   // a substring of why it matters
	}{
		{name: "timeout error at the timeout", r: wire.Return{Err: timedOut, Elapsed: timeout}},
		{name: "timeout error after the timeout", r: wire.Return{Err: timedOut, Elapsed: timeout + 50*time.Millisecond}},
		{name: "timeout error after part of the reply", r: wire.Return{Data: []byte("part"), Err: timedOut, Elapsed: 400 * time.Millisecond}, partial: 4},
		{
			name:     "timeout error just before the timeout",
			r:        wire.Return{Err: timedOut, Elapsed: timeout - time.Millisecond},
			problems: []string{"Fetch gave up after ~299ms, before its timeout of 300ms"},
			why:      "the caller chose 300ms",
		},
		{
			name:     "an error that does not say timeout",
			r:        wire.Return{Err: plain, Elapsed: timeout},
			problems: []string{`Fetch returned an error that does not say timeout: "fetch: read tcp: i/o timeout"; errors.Is(err, os.ErrDeadlineExceeded) is false`},
			why:      "errors.Is(err, os.ErrDeadlineExceeded)",
		},
		{
			name:     "a context's deadline, not os.ErrDeadlineExceeded",
			r:        wire.Return{Err: ctxDeadline, Elapsed: timeout},
			problems: []string{"Fetch returned a context's deadline error, \"context deadline exceeded\": a timeout, but context.DeadlineExceeded, not os.ErrDeadlineExceeded"},
			why:      "context.DeadlineExceeded is another error",
		},
		{
			name:     "an error of its own whose Timeout() is true",
			r:        wire.Return{Err: ownTimeout, Elapsed: timeout},
			problems: []string{`Fetch returned "fetch: timed out": its Timeout() says timeout, but errors.Is(err, os.ErrDeadlineExceeded) is false`},
			why:      "errors.Is(err, os.ErrDeadlineExceeded)",
		},
		{
			name:     "timeout error long after the timeout",
			r:        wire.Return{Err: timedOut, Elapsed: 3 * timeout},
			late:     late,
			problems: []string{late},
			why:      "a timeout is a promise",
		},
		{
			name:     "a context's deadline, late",
			r:        wire.Return{Err: ctxDeadline, Elapsed: 3 * timeout},
			late:     late,
			problems: []string{"context.DeadlineExceeded, not os.ErrDeadlineExceeded", late},
			why:      "a timeout is a promise",
		},
		{
			name: "an error that does not say timeout, too early",
			r:    wire.Return{Err: plain, Elapsed: 100 * time.Millisecond},
			problems: []string{
				"Fetch returned an error that does not say timeout",
				"Fetch gave up after ~100ms, before its timeout of 300ms",
			},
			why: "the caller chose 300ms",
		},
		{
			name:     "no error before the timeout, nothing sent",
			r:        wire.Return{Elapsed: 10 * time.Millisecond},
			problems: []string{"Fetch returned 0 bytes and no error, but the peer never sent a byte nor closed"},
			why:      "only the deadline ends the wait",
		},
		{
			name:     "no error at the timeout: taken for the end",
			r:        wire.Return{Data: []byte("part"), Elapsed: 310 * time.Millisecond},
			partial:  4,
			problems: []string{"Fetch returned 4 bytes and no error, as if the reply were complete; but the peer never closed, it went silent after 4 bytes (after ~310ms: it seems a timeout was taken for the end of the reply)"},
			why:      "a timeout means it is not",
		},
		{
			name:     "no error before the timeout, after part of the reply",
			r:        wire.Return{Data: []byte("pa"), Elapsed: 5 * time.Millisecond},
			partial:  4,
			problems: []string{"Fetch returned 2 bytes and no error, as if the reply were complete; but the peer never closed, it went silent after 4 bytes"},
			why:      "only the deadline ends the wait",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := timeoutVerdict(tc.r, timeout, tc.partial, "detail", tc.late)
			if len(tc.problems) == 0 {
				if err != nil {
					t.Fatalf("verdict = %v, want a pass", err)
				}
				return
			}
			var f *judge.Failure
			if !errors.As(err, &f) {
				t.Fatalf("verdict = %v, want a *judge.Failure", err)
			}
			lines := strings.Split(f.Summary, "\n")
			if len(lines) != len(tc.problems) {
				t.Fatalf("summary has %d problems, want %d:\n%s", len(lines), len(tc.problems), f.Summary)
			}
			for i, p := range tc.problems {
				if !strings.Contains(lines[i], p) {
					t.Errorf("problem %d = %q, want it to contain %q", i+1, lines[i], p)
				}
			}
			if f.Detail != "detail" {
				t.Errorf("detail = %q, want the check's", f.Detail)
			}
			if !strings.Contains(f.Why, tc.why) {
				t.Errorf("why = %q, want it to contain %q", f.Why, tc.why)
			}
			if f.Hint == "" {
				t.Error("no hint")
			}
		})
	}
}

// watchedRead tells of wrong bytes as soon as they can be placed, while
// the sender is still connected: a SendAll that lost its place is stopped
// there, not waited for.
func TestWatchedReadTellsWrongBytesEarly(t *testing.T) {
	want := wire.Payload(3, 64<<10)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	out, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	in, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	wrong := make(chan struct{}, 1)
	done := make(chan []byte, 1)
	go func() {
		data, _ := watchedRead(in.(*net.TCPConn), want, wrong, 8<<10, 0, 5*time.Second)
		done <- data
	}()
	// sent = n: the start, then bytes already sent, and the connection
	// stays open.
	out.Write(slices.Concat(want[:1000], want[300:2000]))
	select {
	case <-wrong:
	case <-time.After(3 * time.Second):
		t.Fatal("no word of the wrong bytes while the sender stayed connected")
	}
	out.Close()
	if summary, _ := sendDiagnosis(<-done, want); !strings.Contains(summary, "after 1000 bytes the peer received bytes 300.. again") {
		t.Errorf("summary = %q", summary)
	}
}

// cleanEndError names io.EOF returned as an error, and says when the bytes
// were all there.
func TestCleanEndError(t *testing.T) {
	body := []byte("all of it")
	eof := &wire.Err{Text: "EOF", EOF: true, CleanEOF: true}
	if got := cleanEndError("RecvAll", wire.Return{Data: body, Err: eof}, body); !strings.Contains(got, "RecvAll returned all 9 bytes, but with io.EOF as its error") {
		t.Errorf("whole: %q", got)
	}
	if got := cleanEndError("RecvAll", wire.Return{Data: body[:3], Err: eof}, body); !strings.Contains(got, "io.EOF as its error (\"EOF\") for a stream that ended cleanly, and 3 of its 9 bytes") {
		t.Errorf("short: %q", got)
	}
	if got := showUnlessEqual(body, body); got != "" {
		t.Errorf("showUnlessEqual of equal bytes = %q, want nothing", got)
	}
}
