package binrecords

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math"
	"math/rand/v2"

	"netcourse/grader/course/3.4-binrecords/contract"
)

// The format, as the README gives it (the grader's own copy: the judge
// links no submission code, the reference included).
const (
	magic      = 0x4E435231 // "NCR1"
	version    = 1
	maxPayload = 4096
	headerSize = 12
	fixedSize  = 24 // a record's bytes before its payload
)

// field is a range of the stream's bytes and what it holds, for messages.
type field struct {
	start, end int // [start, end)
	name       string
}

// logBytes is a log as the peer sends it, with a map of its fields.
type logBytes struct {
	b      []byte
	fields []field
	ends   []int // where each record ends; ends[i] is record i+1's end
}

func (l *logBytes) add(name string, p []byte) {
	l.fields = append(l.fields, field{len(l.b), len(l.b) + len(p), name})
	l.b = append(l.b, p...)
}

// header appends a header (big-endian) with the magic and count given.
func (l *logBytes) header(m uint32, h contract.Header) {
	l.add("the header's magic number (big-endian uint32)", binary.BigEndian.AppendUint32(nil, m))
	l.add("the header's version (big-endian uint16)", binary.BigEndian.AppendUint16(nil, h.Version))
	l.add("the header's flags (big-endian uint16)", binary.BigEndian.AppendUint16(nil, h.Flags))
	l.add("the header's record count (big-endian uint32)", binary.BigEndian.AppendUint32(nil, h.Count))
}

// tamper says how a record is to be made wrong.
type tamper struct {
	length *uint32 // the length prefix sent instead of len(Payload)
	badSum bool    // a checksum with one bit flipped
	noTail bool    // stop after the length prefix: nothing after it
}

// record appends record i (1-based, for names) in little-endian, its CRC-32
// over all its bytes before the checksum.
func (l *logBytes) record(i int, rec contract.Record, tw tamper) {
	start := len(l.b)
	name := func(s string) string { return fmt.Sprintf("record %d's %s", i, s) }
	l.add(name("ID (little-endian uint32)"), binary.LittleEndian.AppendUint32(nil, rec.ID))
	l.add(name("Time (little-endian int64)"), binary.LittleEndian.AppendUint64(nil, uint64(rec.Time)))
	l.add(name("Value (little-endian float64 bits)"), binary.LittleEndian.AppendUint64(nil, rec.Value))
	n := uint32(len(rec.Payload))
	if tw.length != nil {
		n = *tw.length
	}
	l.add(name("payload length (little-endian uint32)"), binary.LittleEndian.AppendUint32(nil, n))
	if tw.noTail {
		l.ends = append(l.ends, len(l.b))
		return
	}
	if len(rec.Payload) > 0 {
		l.add(name("payload"), rec.Payload)
	}
	sum := crc32.ChecksumIEEE(l.b[start:])
	if tw.badSum {
		sum ^= 1 << 7
	}
	l.add(name("checksum (little-endian uint32, CRC-32 IEEE)"), binary.LittleEndian.AppendUint32(nil, sum))
	l.ends = append(l.ends, len(l.b))
}

// encode is a well-formed log of h and recs; h.Count is len(recs).
func encode(h contract.Header, recs []contract.Record) *logBytes {
	l := &logBytes{}
	h.Count = uint32(len(recs))
	l.header(magic, h)
	for i, rec := range recs {
		l.record(i+1, rec, tamper{})
	}
	return l
}

// at names the field byte off falls in.
func (l *logBytes) at(off int) string {
	for _, f := range l.fields {
		if off >= f.start && off < f.end {
			return fmt.Sprintf("%s, bytes %d–%d", f.name, f.start, f.end-1)
		}
	}
	return "past the end of the log"
}

// randomHeader is a header of the current version with random flags.
func randomHeader(rng *rand.Rand) contract.Header {
	return contract.Header{Version: version, Flags: uint16(rng.IntN(1 << 16))}
}

// randomRecord is a reading whose fields all differ from their byte-swapped
// selves, so a wrong byte order always shows, with a payload of lo to hi
// bytes.
func randomRecord(rng *rand.Rand, lo, hi int) contract.Record {
	rec := contract.Record{
		ID:      1 + rng.Uint32N(1<<30),
		Time:    1_780_000_000_000_000_000 + rng.Int64N(1e17),
		Value:   math.Float64bits(math.Round((rng.Float64()*400-100)*1e4) / 1e4),
		Payload: make([]byte, lo+rng.IntN(hi-lo+1)),
	}
	for i := range rec.Payload {
		rec.Payload[i] = byte(rng.Uint32())
	}
	// A field whose bytes read the same both ways would hide a wrong byte
	// order; such palindromes are rare, so the next value is not one.
	for rec.ID == swap32(rec.ID) {
		rec.ID++
	}
	for uint64(rec.Time) == swap64(uint64(rec.Time)) {
		rec.Time++
	}
	for rec.Value == swap64(rec.Value) {
		rec.Value++
	}
	return rec
}

func swap32(v uint32) uint32 {
	return binary.BigEndian.Uint32(binary.LittleEndian.AppendUint32(nil, v))
}

func swap64(v uint64) uint64 {
	return binary.BigEndian.Uint64(binary.LittleEndian.AppendUint64(nil, v))
}

func swap16(v uint16) uint16 {
	return binary.BigEndian.Uint16(binary.LittleEndian.AppendUint16(nil, v))
}

// randomRecords are n readings with payloads of lo to hi bytes.
func randomRecords(rng *rand.Rand, n, lo, hi int) []contract.Record {
	recs := make([]contract.Record, n)
	for i := range recs {
		recs[i] = randomRecord(rng, lo, hi)
	}
	return recs
}
