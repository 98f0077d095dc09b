package judge

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"netcourse/grader/wire"
)

func TestShowBytesPutsCaretUnderFirstDifference(t *testing.T) {
	got := ShowBytes([]byte("GET / HTTP/1.0\nHost: x\n\n"), []byte("GET / HTTP/1.0\r\nHost: x\r\n\r\n"))
	lines := strings.Split(got, "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 lines, got %q", got)
	}
	caret := strings.Index(lines[2], "^")
	// The caret must sit under the backslash of \n in the got line.
	if lines[0][caret] != '\\' || lines[0][caret+1] != 'n' {
		t.Errorf("caret at column %d is under %q, want under \\n:\n%s", caret, lines[0][caret:], got)
	}
	if !strings.Contains(lines[2], "byte 14") {
		t.Errorf("want byte offset 14 in %q", lines[2])
	}
}

func TestShowBytesWindowsLongValues(t *testing.T) {
	want := []byte(strings.Repeat("a", 5000) + "b" + strings.Repeat("c", 5000))
	got := []byte(strings.Repeat("a", 5000) + "X" + strings.Repeat("c", 5000))
	s := ShowBytes(got, want)
	if len(s) > 500 {
		t.Errorf("message is %d bytes, want a short window:\n%s", len(s), s)
	}
	lines := strings.Split(s, "\n")
	// Columns count runes: the cut marks are one column each.
	caret := len([]rune(lines[2][:strings.Index(lines[2], "^")]))
	if r := []rune(lines[0])[caret]; r != 'X' {
		t.Errorf("caret under %q, want under X:\n%s", r, s)
	}
}

func TestShowBytesShortGot(t *testing.T) {
	s := ShowBytes([]byte("Hel"), []byte("Hello\n"))
	if !strings.Contains(s, "byte 3") || !strings.Contains(s, "got 3 bytes, want 6") {
		t.Errorf("got %s", s)
	}
}

// A digest shows as the bytes it stands for would: the first difference
// at its offset in the whole, with the whole's lengths.
func TestShowDigestAsTheBytes(t *testing.T) {
	want := wire.Payload(7, 5*wire.DigestChunk)
	data := bytes.Clone(want[:4*wire.DigestChunk])
	data[3*wire.DigestChunk+9] = '!'
	got := ShowDigest(wire.DigestOf(data, wire.Sums(want)), want)
	if show := ShowBytes(data, want); got != show {
		t.Errorf("ShowDigest:\n%s\nShowBytes of the same bytes:\n%s", got, show)
	}
	if !strings.Contains(got, fmt.Sprintf("first difference at byte %d (got %d bytes, want %d)", 3*wire.DigestChunk+9, len(data), len(want))) {
		t.Errorf("ShowDigest does not place the difference: %s", got)
	}
}
