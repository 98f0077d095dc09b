package netutil

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// tableDiff shows how got differs from want, two tables of results keyed
// by call (or by address), or "" when they are equal. Every key appears in
// order, one line each: "  " for an entry both hold alike, "-" for what
// was wanted and "+" for what came instead. It is ours, not go-cmp's,
// whose output is unstable by design and so cannot go into transcripts.
func tableDiff(want, got map[string]string) string {
	if maps.Equal(want, got) {
		return ""
	}
	all := maps.Clone(want)
	maps.Copy(all, got)
	keys := slices.Sorted(maps.Keys(all))
	width := 0
	for _, k := range keys {
		width = max(width, len(k)+1)
	}
	var b strings.Builder
	b.WriteString("diff (-want +got):")
	errs := false
	line := func(mark, k, v string) {
		fmt.Fprintf(&b, "\n%s %-*s %s", mark, width, k+":", v)
		errs = errs || v == "error"
	}
	for _, k := range keys {
		w, inWant := want[k]
		g, inGot := got[k]
		if inWant && inGot && w == g {
			line(" ", k, w)
			continue
		}
		if inWant {
			line("-", k, w)
		}
		if inGot {
			line("+", k, g)
		}
	}
	if errs {
		b.WriteString("\n(\"error\" stands for any non-nil error.)")
	}
	return b.String()
}
