package judge

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/google/go-cmp/cmp"

	"netcourse/grader/wire"
)

// window is how many bytes around the first difference ShowBytes prints.
const window = 48

// ShowBytes shows got before want as Go-quoted strings, with a caret under
// the first byte that differs. Long values are cut to a window around it.
func ShowBytes(got, want []byte) string {
	return showBytes(got, len(got), want)
}

// ShowDigest is ShowBytes for a result that came back as a digest: it
// shows the bytes around the first difference and the lengths.
func ShowDigest(d wire.Digest, want []byte) string {
	return showBytes(d.Sketch(want), d.Len, want)
}

// showBytes is ShowBytes for got, the first bytes of gotLen, which reach
// past its first difference with want or to its end.
func showBytes(got []byte, gotLen int, want []byte) string {
	i := firstDiff(got, want)
	start := max(0, i-window/2)
	g, gPre := cut(got, start, i)
	w, _ := cut(want, start, i)
	var b strings.Builder
	fmt.Fprintf(&b, "  got:  %s\n", g)
	fmt.Fprintf(&b, "  want: %s\n", w)
	fmt.Fprintf(&b, "        %s^ first difference at byte %d", strings.Repeat(" ", gPre), i)
	if gotLen != len(want) {
		fmt.Fprintf(&b, " (got %d bytes, want %d)", gotLen, len(want))
	}
	return b.String()
}

// cut quotes p[start:start+2*window], marking cut ends, and returns how
// many columns come before byte i in the quoted text.
func cut(p []byte, start, i int) (string, int) {
	end := min(len(p), start+2*window)
	s, pre := "", ""
	if start > 0 && start <= len(p) {
		s, pre = "…", "…"
	}
	if start > len(p) {
		start = len(p)
	}
	if i > len(p) {
		i = len(p)
	}
	q := strconv.Quote(string(p[start:end]))
	if end < len(p) {
		q += "…"
	}
	before := strconv.Quote(string(p[start:i]))
	return s + q, len([]rune(pre)) + len([]rune(before)) - 1
}

func firstDiff(a, b []byte) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// Quote shows bytes as a Go string, cut to a readable length.
func Quote(p []byte) string {
	const most = 2 * window
	if len(p) <= most {
		return strconv.Quote(string(p))
	}
	return fmt.Sprintf("%s… (%d bytes)", strconv.Quote(string(p[:most])), len(p))
}

// Diff shows structured values as a go-cmp diff, labelled.
func Diff(want, got any, opts ...cmp.Option) string {
	d := cmp.Diff(want, got, opts...)
	if d == "" {
		return ""
	}
	// go-cmp randomly uses non-breaking spaces so nobody relies on its
	// exact output; students and golden transcripts want plain ones.
	return "diff (-want +got):\n" + strings.ReplaceAll(d, "\u00a0", " ")
}
