package binrecords

import "netcourse/grader/internal/judge"

// promises are what exercises/3.4-binrecords/README.md promises the student, in
// its words, each with the check that fails when it is broken. Every log
// is dripped in lockstep, each fragment sent once the one before was read,
// the first fragment 1–3 bytes (so the magic never arrives whole in one
// Read); values are compared exactly, floats by their bits; an error must
// come with the good records read before it.
var promises = []judge.Promise{
	{README: "a log of a header and records, dripped in pieces of a few bytes: every field exact, the header big-endian and the fields inside the records little-endian",
		Check: "reads a header and records from a fragmented stream",
		Bound: "6–12 records, payloads of 0–120 bytes, fragments of 1–16 bytes (smaller than a record's 24 fixed bytes); Header and Records exact, nil error; a field read in the wrong byte order is named"},
	{README: "a record whose payload is exactly MaxPayload bytes: allowed",
		Check: "accepts a payload of exactly MaxPayload bytes",
		Bound: "one record of 4096 bytes among 3–5, fragments of 1–512 bytes; the log exact, nil error"},
	{README: "a length prefix of 4 GiB (0xFFFFFFFF), followed by as many bytes as you care to read: ErrTooLarge at once, not an allocation (the grader runs this under a 32 MiB memory limit)",
		Check: "rejects a 4 GiB length prefix before allocating it",
		Bound: "after 1–3 good records, a fixed part with length 0xFFFFFFFF, then up to 256 MiB of filler; errors.Is(err, ErrTooLarge); the memory limit (32 MiB) or the call's 5 s fail it"},
	{README: "a length a little over MaxPayload, with its whole payload and a right checksum: ErrTooLarge too",
		Check: "rejects a length just over MaxPayload",
		Bound: "a payload of 4097–4160 bytes, sent whole with its CRC; errors.Is(err, ErrTooLarge)"},
	{README: "a log cut in the middle of a record: io.ErrUnexpectedEOF",
		Check: "reports a record cut short as io.ErrUnexpectedEOF",
		Bound: "cut inside record 2 or later (fixed part or payload), then FIN; errors.Is(err, io.ErrUnexpectedEOF), returned only after every byte sent was read; io.EOF or nil fails"},
	{README: "a log that ends cleanly between two records, before the count the header announced: io.ErrUnexpectedEOF too, not io.EOF",
		Check: "reports a log that ends between records as io.ErrUnexpectedEOF",
		Bound: "1 to Count−1 whole records, then FIN; errors.Is(err, io.ErrUnexpectedEOF); io.EOF (what io.ReadFull returns there) or nil fails"},
	{README: "a record with one bit of its checksum flipped: ErrChecksum",
		Check: "rejects a record whose checksum does not match",
		Bound: "after 2–4 good records; errors.Is(err, ErrChecksum)"},
	{README: "a stream that starts with the magic number in the wrong byte order: ErrMagic",
		Check: "rejects a stream without the magic number",
		Bound: "\"1RCN\" instead of \"NCR1\"; errors.Is(err, ErrMagic)"},
	{README: "a log of a version other than 1: ErrVersion",
		Check: "rejects an unknown version",
		Bound: "versions 2–9; errors.Is(err, ErrVersion)"},
	{README: "WriteLog's bytes compared with the format, byte for byte, the count set to len(recs) whatever h.Count says, one payload exactly MaxPayload bytes long; the first wrong byte is shown with the field it falls in",
		Check: "encodes a log byte for byte",
		Bound: "3–6 records, h.Count 0, random flags; the peer reads until the close and compares exactly: a missing Flush (nothing received) fails"},
	{README: "WriteLog with a payload over MaxPayload: ErrTooLarge, and not one byte written",
		Check: "refuses a payload over MaxPayload and writes nothing",
		Bound: "a payload of 4097–4160 bytes in record 2 or later; errors.Is(err, ErrTooLarge) and 0 bytes at the peer"},
}
