package verify

import (
	"strings"
	"testing"
)

// A changed verdict shows the lines that say why, not only its mark: a
// scenario that fails once in CI must say what it saw.
func TestLineDiffShowsEveryDifference(t *testing.T) {
	golden := "1.1\n  ▲ check 0/1\n      used more than 64 MiB\n      Hint: x\nScore\n"
	now := "1.1\n  ⏱ check 0/1\n      did not return within 2s\n      Hint: x\nScore\n"
	got := lineDiff(golden, now)
	// go-cmp varies its diff's white space on purpose: the lines only.
	for _, want := range []string{"line 2:", `"  ⏱ check 0/1"`, `"      did not return within 2s"`, `"      used more than 64 MiB"`} {
		if !strings.Contains(got, want) {
			t.Errorf("lineDiff does not show %q:\n%s", want, got)
		}
	}
	if lineDiff(golden, golden) != "" {
		t.Error("lineDiff of equal transcripts is not empty")
	}
}
