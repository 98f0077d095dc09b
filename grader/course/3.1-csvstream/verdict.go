package csvstream

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"netcourse/grader/course/3.1-csvstream/contract"
	"netcourse/grader/internal/judge"
)

// lesson is what a check says when the rows come out wrong: why it matters
// and what to try.
type lesson struct{ why, hint string }

// rowProblems compares what ReadItems returned with what the feed holds and
// says every way they differ: the good rows (the first differing one shown
// with its line and its text as sent), and the lines reported malformed.
func rowProblems(f *feed, r contract.Result) (probs, details []string) {
	want := f.items
	if want == nil {
		want = []contract.Item{}
	}
	got := r.Items
	if got == nil {
		got = []contract.Item{}
	}
	switch k, ok := lineShift(want, got); {
	case slices.Equal(want, got):
	case ok:
		probs = append(probs, fmt.Sprintf("every row is right but its line number, which is %s: the header is line 1, so the first row under it is line 2", shiftText(k)))
		details = append(details, fmt.Sprintf("The first row, on line %d of the feed (%q), came back as line %d.", want[0].Line, f.records[0].text, got[0].Line))
	default:
		count := fmt.Sprintf("ReadItems returned %d good rows, want %d", len(got), len(want))
		if len(got) == len(want) {
			count = fmt.Sprintf("ReadItems returned the %d good rows, but not as the feed has them", len(want))
		}
		probs = append(probs, count+"; "+firstDifference(f, want, got))
		i := firstDiffIndex(want, got)
		switch {
		case i < len(want) && i < len(got):
			details = append(details, fmt.Sprintf("The record on line %d as sent: %q\n%s", want[i].Line, recordText(f, want[i].Line), judge.Diff(want[i], got[i])))
		case i < len(want):
			details = append(details, fmt.Sprintf("The record on line %d as sent: %q", want[i].Line, recordText(f, want[i].Line)))
		default:
			details = append(details, fmt.Sprintf("The extra row: %+v", got[i]))
		}
	}
	gotBad := make([]int, len(r.Bad))
	for i, b := range r.Bad {
		gotBad[i] = b.Line
	}
	wantBad := f.bad
	if wantBad == nil {
		wantBad = []int{}
	}
	if slices.Equal(gotBad, wantBad) {
		return probs, details
	}
	if k, ok := shifted(wantBad, gotBad); ok && len(wantBad) > 0 {
		probs = append(probs, fmt.Sprintf("the malformed rows were reported on lines %s, each %s: want lines %s", linesText(gotBad), shiftText(k), linesText(wantBad)))
		return probs, details
	}
	before := len(probs)
	for _, l := range wantBad {
		if !slices.Contains(gotBad, l) {
			probs = append(probs, fmt.Sprintf("the malformed row on line %d was not reported: %q", l, recordText(f, l)))
		}
	}
	for i, l := range gotBad {
		if slices.Contains(wantBad, l) {
			continue
		}
		what := "a good row"
		if _, ok := f.recordAt(l); !ok {
			what = "not the start of any row"
			if l == f.line() && f.st.blank {
				what = "the empty line at the end, which is no row at all"
			}
		}
		probs = append(probs, fmt.Sprintf("line %d was reported malformed (%q), but it is %s", l, r.Bad[i].Err, what))
	}
	if n := len(probs) - before; n > maxLines {
		probs = append(probs[:before+maxLines], fmt.Sprintf("… and %d more lines like these", n-maxLines))
	}
	if len(probs) == 0 {
		// The same lines, in another order or some twice.
		probs = append(probs, fmt.Sprintf("the malformed rows were reported on lines %s, want %s, in input order and each once", linesText(gotBad), linesText(wantBad)))
	}
	return probs, details
}

// maxLines is how many lines reported wrongly a failure names, one by one.
const maxLines = 4

// lineShift reports whether got is want with every line number moved by
// the same k != 0.
func lineShift(want, got []contract.Item) (int, bool) {
	if len(want) == 0 || len(want) != len(got) {
		return 0, false
	}
	k := got[0].Line - want[0].Line
	if k == 0 {
		return 0, false
	}
	for i := range want {
		w := want[i]
		w.Line += k
		if w != got[i] {
			return 0, false
		}
	}
	return k, true
}

// shifted reports whether got is want, every line moved by the same k != 0.
func shifted(want, got []int) (int, bool) {
	if len(want) == 0 || len(want) != len(got) || got[0] == want[0] {
		return 0, false
	}
	k := got[0] - want[0]
	for i := range want {
		if got[i]-want[i] != k {
			return 0, false
		}
	}
	return k, true
}

func shiftText(k int) string {
	switch {
	case k == -1:
		return "1 too low"
	case k < 0:
		return fmt.Sprintf("%d too low", -k)
	case k == 1:
		return "1 too high"
	}
	return fmt.Sprintf("%d too high", k)
}

func firstDiffIndex(want, got []contract.Item) int {
	for i := range min(len(want), len(got)) {
		if want[i] != got[i] {
			return i
		}
	}
	return min(len(want), len(got))
}

// firstDifference names the first good row that came back wrong.
func firstDifference(f *feed, want, got []contract.Item) string {
	i := firstDiffIndex(want, got)
	switch {
	case i >= len(want):
		return fmt.Sprintf("all %d came back, and after them %d rows the feed does not hold", len(want), len(got)-len(want))
	case i >= len(got):
		return fmt.Sprintf("the first missing one is the record on line %d, and every good row after it", want[i].Line)
	}
	w, g := want[i], got[i]
	if slices.Contains(f.bad, g.Line) {
		return fmt.Sprintf("row %d came back as the malformed record on line %d, which is no good row", i+1, g.Line)
	}
	if i+1 < len(want) && want[i+1] == g {
		return fmt.Sprintf("the good row on line %d is missing (the one after it came back in its place)", w.Line)
	}
	var fields []string
	for _, d := range []struct {
		name string
		same bool
	}{{"Line", w.Line == g.Line}, {"SKU", w.SKU == g.SKU}, {"Name", w.Name == g.Name}, {"Qty", w.Qty == g.Qty}, {"Price", w.Price == g.Price}} {
		if !d.same {
			fields = append(fields, d.name)
		}
	}
	if len(fields) == 1 && fields[0] == "Line" {
		return fmt.Sprintf("the first that differs is the record on line %d, which came back as line %d", w.Line, g.Line)
	}
	return fmt.Sprintf("the first that differs is the record on line %d: its %s", w.Line, strings.Join(fields, ", "))
}

// recordText is the text of the record starting on line, as sent.
func recordText(f *feed, line int) string {
	if r, ok := f.recordAt(line); ok {
		return string(r.text)
	}
	return ""
}

func linesText(lines []int) string {
	if len(lines) == 0 {
		return "none"
	}
	s := make([]string, len(lines))
	for i, l := range lines {
		s[i] = strconv.Itoa(l)
	}
	return strings.Join(s, ", ")
}
