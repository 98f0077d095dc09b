package jsonapi

import (
	"crypto/sha256"
	"fmt"
	"io"
	"testing"
)

func BenchmarkStreamArray(b *testing.B) {
	for b.Loop() {
		streamArray(io.Discard, newRand(1, 2), 20000)
	}
}

// The array a seed makes stays the same bytes, however streamArray is
// written: a seed from a failure's output replays it, and the known-bad
// transcripts were recorded from it.
func TestStreamArrayBytesStay(t *testing.T) {
	h := sha256.New()
	n, digest, err := streamArray(h, newRand(7, 9), 20000)
	got := fmt.Sprintf("%d %d %v %x", n, digest, err, h.Sum(nil))
	const want = "20000 7720654135564709565 <nil> f25d6774bd96a782851388741998a297b57aa930f116d023ee6f3701d756465b"
	if got != want {
		t.Errorf("streamArray(seed 7, 9) made other bytes:\n got %s\nwant %s", got, want)
	}
}
