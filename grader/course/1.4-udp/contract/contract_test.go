package contract

import (
	"bytes"
	"testing"
)

// TestAnswerFitsAndTellsTheCut: a reply never outgrows the largest
// datagram, and AnswerLen finds how much of the datagram Serve passed on,
// for short and for the largest datagrams alike.
func TestAnswerFitsAndTellsTheCut(t *testing.T) {
	for _, n := range []int{10, 1024, MaxDatagram - len(ReplySuffix), MaxDatagram - 1, MaxDatagram} {
		d := bytes.Repeat([]byte("abcdefg"), n/7+1)[:n]
		whole := Answer(d)
		if len(whole) > MaxDatagram {
			t.Errorf("Answer of %d bytes is %d bytes, more than %d", n, len(whole), MaxDatagram)
		}
		if k, ok := AnswerLen(whole, d); !ok || k != n {
			t.Errorf("AnswerLen(Answer(d), d) for %d bytes = %d, %v; want %d, true", n, k, ok, n)
		}
		for _, cut := range []int{0, 1024, n - 1} {
			if cut < 0 || cut >= n {
				continue
			}
			if k, ok := AnswerLen(Answer(d[:cut]), d); !ok || k != cut {
				t.Errorf("AnswerLen of a %d-byte datagram cut to %d = %d, %v", n, cut, k, ok)
			}
		}
		if _, ok := AnswerLen([]byte("something else"), d); ok {
			t.Errorf("AnswerLen took bytes that are no answer for %d bytes", n)
		}
	}
}
