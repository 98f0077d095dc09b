package wire

import (
	"bytes"
	"crypto/sha256"
)

// DigestChunk is the size of the chunks a Digest sums one by one.
const DigestChunk = 64 << 10

// Sums are the SHA-256 sums of data's DigestChunk-sized chunks: what the
// judge sends the child to learn where a result too big to send back
// first departs from what it expects.
func Sums(data []byte) [][]byte {
	var out [][]byte
	for off := 0; off < len(data); off += DigestChunk {
		s := sha256.Sum256(data[off:min(len(data), off+DigestChunk)])
		out = append(out, s[:])
	}
	return out
}

// Digest stands for bytes a submission returned that are too many to send
// back whole (megabytes of JSON cost more than the check): their length,
// their sum, and the bytes from the first chunk that differs from what the
// judge expects. The judge decides by comparing Len and Sum with its own
// data's; Window only shows where the difference is.
type Digest struct {
	Len    int    `json:"len"`
	Sum    []byte `json:"sum"`              // SHA-256 of the chunks' Sums, one after the other
	At     int    `json:"at"`               // offset of Window: the first chunk whose sum differs from the judge's
	Window []byte `json:"window,omitempty"` // up to two chunks of the data from At on
}

// DigestOf digests data for a judge that expects the chunk sums want.
func DigestOf(data []byte, want [][]byte) Digest {
	d := Digest{Len: len(data), At: len(data)}
	sums := Sums(data)
	for i, s := range sums {
		if i >= len(want) || !bytes.Equal(s, want[i]) {
			d.At = i * DigestChunk
			break
		}
	}
	d.Sum = sumOf(sums)
	if d.At == d.Len {
		// Every chunk matched, yet the data may stop short: the window is
		// the last chunk, so the judge sees where it stopped.
		d.At = max(0, (d.Len-1)/DigestChunk*DigestChunk)
	}
	d.Window = data[d.At:min(len(data), d.At+2*DigestChunk)]
	return d
}

// Is reports whether the digested data is want.
func (d Digest) Is(want []byte) bool {
	return d.Len == len(want) && bytes.Equal(d.Sum, sumOf(Sums(want)))
}

func sumOf(sums [][]byte) []byte {
	h := sha256.New()
	for _, s := range sums {
		h.Write(s)
	}
	return h.Sum(nil)
}

// Sketch is the digested data as far as the judge can tell it: want up to
// At, then Window. It shows the first difference as the data itself
// would, at its offset, but is no longer than At plus Window.
func (d Digest) Sketch(want []byte) []byte {
	at := min(d.At, len(want))
	return append(want[:at:at], d.Window...)
}

// PrefixOf reports whether the digested data is a proper prefix of want.
func (d Digest) PrefixOf(want []byte) bool {
	return d.Len < len(want) && d.At+len(d.Window) == d.Len && bytes.HasPrefix(want, d.Sketch(want))
}
