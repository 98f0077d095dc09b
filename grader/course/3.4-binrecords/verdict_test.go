package binrecords

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"netcourse/grader/course/3.4-binrecords/contract"
)

func TestLogProblemsNamesSwappedFields(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 5))
	h := randomHeader(rng)
	recs := randomRecords(rng, 3, 0, 10)
	l := encode(h, recs)
	h.Count = 3
	got := slices.Clone(recs)
	got[1].ID = swap32(got[1].ID)
	probs, _ := logProblems(l, h, recs, contract.ReadResult{Header: contract.Header{Version: h.Version, Flags: h.Flags, Count: swap32(3)}, Records: got})
	text := strings.Join(probs, "\n")
	for _, want := range []string{"header's Count came back as 50331648", "little-endian", "record 2", "[ID]"} {
		if !strings.Contains(text, want) {
			t.Errorf("problems %q lack %q", text, want)
		}
	}
	if probs, _ := logProblems(l, h, recs, contract.ReadResult{Header: h, Records: recs}); len(probs) != 0 {
		t.Errorf("exact log: problems %q", probs)
	}
}

func TestOrderNoteSeesAReversedField(t *testing.T) {
	l := encode(contract.Header{Version: version}, randomRecords(rand.New(rand.NewPCG(1, 1)), 1, 0, 0))
	got := slices.Clone(l.b)
	slices.Reverse(got[12:16]) // record 1's ID
	if note := orderNote(l, got, 12); !strings.Contains(note, "record 1's ID") {
		t.Errorf("note %q does not name record 1's ID", note)
	}
	if note := orderNote(l, l.b, 12); note != "" {
		t.Errorf("equal bytes: note %q", note)
	}
}
