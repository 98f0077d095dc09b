package wire

import (
	"bytes"
	"testing"
)

// A digest tells the judge's data from any other and keeps the bytes
// around the first difference, at their offset, for every kind of wrong.
func TestDigest(t *testing.T) {
	want := Payload(1, 3*DigestChunk+100)
	sums := Sums(want)
	flip := func(i int) []byte {
		b := bytes.Clone(want)
		b[i] ^= 1
		return b
	}
	for _, c := range []struct {
		name   string
		data   []byte
		prefix bool
	}{
		{"empty", nil, true},
		{"first chunk", want[:DigestChunk], true},
		{"all but the last byte", want[:len(want)-1], true},
		{"all but the last partial chunk", want[:3*DigestChunk], true},
		{"a byte wrong in the first chunk", flip(10), false},
		{"a byte wrong in the last chunk", flip(len(want) - 1), false},
		{"a byte more", append(bytes.Clone(want), 'x'), false},
		{"a chunk more", append(bytes.Clone(want), want[:DigestChunk]...), false},
		{"a wrong short stream", flip(DigestChunk + 5)[:2*DigestChunk+7], false},
	} {
		d := DigestOf(c.data, sums)
		if d.Is(want) {
			t.Errorf("%s: digest is the judge's data", c.name)
		}
		if d.Len != len(c.data) {
			t.Errorf("%s: Len %d, want %d", c.name, d.Len, len(c.data))
		}
		if got := d.PrefixOf(want); got != c.prefix {
			t.Errorf("%s: PrefixOf %v, want %v", c.name, got, c.prefix)
		}
		// The sketch agrees with the data up to the first difference, and
		// differs from want there (or ends there).
		s := d.Sketch(want)
		i := 0
		for i < len(c.data) && i < len(want) && c.data[i] == want[i] {
			i++
		}
		if len(s) < min(i+1, len(c.data)) || !bytes.Equal(s[:min(i+1, len(c.data))], c.data[:min(i+1, len(c.data))]) {
			t.Errorf("%s: sketch of %d bytes does not hold the data's first %d", c.name, len(s), min(i+1, len(c.data)))
		}
	}
	if d := DigestOf(want, sums); !d.Is(want) || d.PrefixOf(want) || len(d.Window) > DigestChunk {
		t.Errorf("the judge's own data: Is %v, PrefixOf %v, window %d bytes", d.Is(want), d.PrefixOf(want), len(d.Window))
	}
}
