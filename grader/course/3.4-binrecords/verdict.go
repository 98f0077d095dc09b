package binrecords

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"netcourse/grader/course/3.4-binrecords/contract"
	"netcourse/grader/internal/judge"
)

// goodErrorCause says what usually makes a reader fail on a well-formed
// log with the error it returned.
func goodErrorCause(l *logBytes, recs []contract.Record, r contract.ReadResult) string {
	switch {
	case r.Is.Magic:
		return fmt.Sprintf("The log starts with the bytes % x (%q): Magic (%d) read big-endian; read little-endian they are %d, and any other number was decoded from bytes that had not all arrived.", l.b[:4], l.b[:4], magic, swap32(magic))
	case r.Is.Version:
		v := binary.BigEndian.Uint16(l.b[4:])
		return fmt.Sprintf("The version bytes are % x: %d read big-endian, %d read little-endian; any other number was decoded from bytes that had not all arrived.", l.b[4:6], v, swap16(v))
	case r.Is.TooLarge && slices.ContainsFunc(recs, func(rec contract.Record) bool { return len(rec.Payload) == maxPayload }):
		i := slices.IndexFunc(recs, func(rec contract.Record) bool { return len(rec.Payload) == maxPayload })
		return fmt.Sprintf("Record %d's payload is exactly MaxPayload (%d) bytes long, which the format allows.", i+1, maxPayload)
	case r.Is.TooLarge:
		n := binary.LittleEndian.Uint32(l.b[headerSize+20:])
		return fmt.Sprintf("Record 1's length prefix is the bytes % x: %d read little-endian, as the format says; read big-endian they are %d; any other number was decoded from bytes that had not all arrived.", l.b[headerSize+20:headerSize+24], n, swap32(n))
	case r.Is.Checksum:
		return "Every checksum in this log is right: a CRC-32 (IEEE) over the record's 24 fixed bytes and its payload, as received, stored little-endian after them."
	case r.Err.EOF:
		return fmt.Sprintf("The peer sent the whole log, %d bytes, and closed: a reader that still wanted bytes read some field wrongly (a length, the count), or lost bytes it had read (a Read that returned more than one part needed, a bufio.Reader made anew for each record).", len(l.b))
	}
	return ""
}

// record is a record as messages show it: the value as a number.
type record struct {
	ID    uint32
	Time  int64
	Value float64
}

func view(r contract.Record) record {
	return record{r.ID, r.Time, math.Float64frombits(r.Value)}
}

// logProblems compares the header and records ReadLog returned with the
// log's, and says each way they differ: the header's fields, the number of
// records and the first record that differs, with its offset in the stream
// and the fields read in the wrong byte order.
func logProblems(l *logBytes, h contract.Header, recs []contract.Record, r contract.ReadResult) (probs, details []string) {
	if r.Header != h {
		for _, f := range []struct {
			name      string
			got, want uint32
			swapped   bool
		}{
			{"Version", uint32(r.Header.Version), uint32(h.Version), r.Header.Version == swap16(h.Version)},
			{"Flags", uint32(r.Header.Flags), uint32(h.Flags), r.Header.Flags == swap16(h.Flags)},
			{"Count", r.Header.Count, h.Count, r.Header.Count == swap32(h.Count)},
		} {
			switch {
			case f.got == f.want:
			case f.swapped:
				probs = append(probs, fmt.Sprintf("the header's %s came back as %d, want %d: its bytes read little-endian; the header is big-endian (network byte order)", f.name, f.got, f.want))
			default:
				probs = append(probs, fmt.Sprintf("the header's %s came back as %d, want %d", f.name, f.got, f.want))
			}
		}
	}
	if len(r.Records) != len(recs) {
		probs = append(probs, fmt.Sprintf("ReadLog returned %d records, want the %d the header announces", len(r.Records), len(recs)))
	}
	for i := range min(len(r.Records), len(recs)) {
		got, want := r.Records[i], recs[i]
		if got.ID == want.ID && got.Time == want.Time && got.Value == want.Value && bytes.Equal(got.Payload, want.Payload) {
			continue
		}
		start := headerSize
		if i > 0 {
			start = l.ends[i-1]
		}
		probs = append(probs, fmt.Sprintf("record %d (bytes %d–%d of the stream) came back wrong", i+1, start, l.ends[i]-1))
		var swapped []string
		if got.ID != want.ID && got.ID == swap32(want.ID) {
			swapped = append(swapped, "ID")
		}
		if got.Time != want.Time && uint64(got.Time) == swap64(uint64(want.Time)) {
			swapped = append(swapped, "Time")
		}
		if got.Value != want.Value && got.Value == swap64(want.Value) {
			swapped = append(swapped, "Value")
		}
		if len(swapped) > 0 {
			probs = append(probs, fmt.Sprintf("record %d's %v came back with the bytes read big-endian: the fields inside a record are little-endian", i+1, swapped))
		}
		if d := judge.Diff(view(want), view(got)); d != "" {
			details = append(details, fmt.Sprintf("Record %d:\n%s", i+1, d))
		}
		if !bytes.Equal(got.Payload, want.Payload) {
			details = append(details, fmt.Sprintf("Record %d's payload:\n%s", i+1, judge.ShowBytes(got.Payload, want.Payload)))
		}
		break // the first differing record; those after it usually follow
	}
	return probs, details
}

// orderNote says so when the field holding byte i was written with its
// bytes reversed: the wrong byte order.
func orderNote(l *logBytes, got []byte, i int) string {
	for _, f := range l.fields {
		if i < f.start || i >= f.end || f.end > len(got) || f.end-f.start < 2 {
			continue
		}
		rev := slices.Clone(l.b[f.start:f.end])
		slices.Reverse(rev)
		if bytes.Equal(got[f.start:f.end], rev) {
			return fmt.Sprintf("\nThe bytes of %s are the right ones in reverse order (% x, want % x): it was written in the wrong byte order.", f.name, got[f.start:f.end], l.b[f.start:f.end])
		}
	}
	return ""
}
