package judge

import (
	"strings"
	"testing"
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
