package course

import (
	"slices"
	"strings"
	"testing"

	"netcourse/grader/internal/judge"
)

// TestHintsCoverRegistry: every exercise has both layers of hints, and
// hints exist only for real exercises and real checks, so a renamed check
// cannot keep a nudge that no one sees. The hints grader new writes pass:
// they are placeholders marked TODO(grader new), which make verify
// reports until they are written.
func TestHintsCoverRegistry(t *testing.T) {
	for _, ex := range Exercises {
		h := ex.Hint
		if strings.TrimSpace(h.Concept) == "" || strings.TrimSpace(h.Nudge) == "" {
			t.Errorf("%s: hints need both a Concept and a Nudge (in %s/hints.go)", ex.ID, ex.Folder())
		}
		for name := range h.Checks {
			if !slices.ContainsFunc(ex.Checks, func(c judge.Check) bool { return c.Name == name }) {
				t.Errorf("%s: a nudge for %q, which is no check of %s", ex.ID, name, ex.ID)
			}
		}
		for _, c := range ex.Checks {
			if h.Checks[c.Name] == "" {
				// Not an error: the exercise's nudge stands in, and
				// checks are added while exercises are written.
				t.Logf("%s: check %q has no nudge of its own", ex.ID, c.Name)
			}
		}
	}
}

// TestHintsGiveNoCode: a hint points and asks; it does not hand over
// statements to paste.
func TestHintsGiveNoCode(t *testing.T) {
	for _, ex := range Exercises {
		id, h := ex.ID, ex.Hint
		texts := []string{h.Concept, h.Nudge}
		for _, n := range h.Checks {
			texts = append(texts, n)
		}
		for _, s := range texts {
			for _, code := range []string{":=", "for {", "func ", "return nil"} {
				if strings.Contains(s, code) {
					t.Errorf("%s: hint contains %q, code to paste: %s", id, code, s)
				}
			}
		}
	}
}
