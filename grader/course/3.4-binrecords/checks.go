package binrecords

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"slices"
	"strings"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/course/3.4-binrecords/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
)

// Exercise 3.4: ReadLog on a log the fake peer drips in lockstep, so no
// Read holds a whole header, record or field; WriteLog to a peer that
// compares every byte.
var checks = []judge.Check{
	{Name: "reads a header and records from a fragmented stream", Points: 3, Run: checkFragmented},
	{Name: "accepts a payload of exactly MaxPayload bytes", Points: 1, Run: checkMaxPayload},
	{Name: "rejects a 4 GiB length prefix before allocating it", Points: 2, Run: checkHugeLength,
		Limits: judge.Limits{Memory: hugeMemory}},
	{Name: "rejects a length just over MaxPayload", Points: 1, Run: checkOverLength},
	{Name: "reports a record cut short as io.ErrUnexpectedEOF", Points: 2, Run: checkCutRecord},
	{Name: "reports a log that ends between records as io.ErrUnexpectedEOF", Points: 1, Run: checkCutLog},
	{Name: "rejects a record whose checksum does not match", Points: 2, Run: checkChecksum},
	{Name: "rejects a stream without the magic number", Points: 1, Run: checkMagic},
	{Name: "rejects an unknown version", Points: 1, Run: checkVersion},
	{Name: "encodes a log byte for byte", Points: 3, Run: checkEncode},
	{Name: "refuses a payload over MaxPayload and writes nothing", Points: 1, Run: checkEncodeTooLarge},
}

const (
	readWithin = 5 * time.Second // ReadLog once the peer has sent what it sends, plus 100 ms a fragment
	dripWait   = 2 * time.Second // how long the peer waits for each fragment to be read
	peerWithin = 5 * time.Second // how long a fake peer's handler may take to report
	maxFrag    = 16              // the largest fragment: smaller than a record's fixed part

	hugeMemory = 32 << 20  // the 4 GiB check's memory limit
	filler     = 256 << 20 // what the peer sends at most after the 4 GiB prefix
	writeLimit = 1 << 20   // the most the WriteLog peer reads
)

const (
	whyStream = "TCP is a byte stream without message boundaries: one Read returns whatever has arrived, here a few bytes that may end in the middle of a field. A Read of 24 bytes may return 3: io.ReadFull (or binary.Read, which uses it) loops until it has them all; a lone Read does not."
	whyDecode = "A field means its number only when all its bytes are there and read in the format's order: the header big-endian (network byte order), the record fields little-endian. A lone Read may fill only part of a buffer (the rest keeps its zeros), and the wrong order makes another number of the same bytes."
	whyLength = "A length prefix is the peer's word, not a fact: a broken or hostile peer can send any 32-bit number. Allocating it first (make([]byte, n)) lets one record take 4 GiB of memory and reading it waits for bytes that never come; the bound MaxPayload is checked first, and only then is the payload read."
	whyCut    = "The header promised Count records, so any end before the last byte of the last one is a cut, not an end: io.ErrUnexpectedEOF says so. A plain io.EOF, or no error, tells the caller the log was complete."
	readHint  = "Read the fixed-size parts with io.ReadFull into arrays (or binary.Read into structs), decode the header with binary.BigEndian and the record fields with binary.LittleEndian."
)

// dripped is how far the fake peer got with the log.
type dripped struct {
	written int
	err     error // Drip's: the reader stopped reading, or closed, first
}

// serveLog starts a fake peer that drips data in fragments of sizes, in
// lockstep with the reader, then runs after (a clean close when nil).
func serveLog(t *judge.T, data []byte, sizes []int, after func(*net.TCPConn)) (*fixtures.Server, *harness.Observed[dripped], error) {
	seen := harness.NewObserved[dripped]()
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		n, err := fixtures.Drip(c, data, sizes, dripWait)
		seen.Add(dripped{n, err})
		if after != nil {
			after(c)
			return
		}
		fixtures.FinishWrite(c, readWithin)
	})
	return srv, seen, err
}

// fragments are the sizes a log of n bytes is dripped in: first 1–3 bytes,
// so the magic never arrives whole in one Read, then 1 to most.
func fragments(rng *rand.Rand, n, most int) []int {
	first := min(n, 1+rng.IntN(3))
	return append([]int{first}, fixtures.Split(rng, n-first, 1, most)...)
}

// fragments2 drips the first at bytes in fragments of up to maxFrag, the
// rest (a long payload) in fragments of up to most.
func fragments2(rng *rand.Rand, n, at, most int) []int {
	return append(fragments(rng, at, maxFrag), fixtures.Split(rng, n-at, 1, most)...)
}

// readLog serves data and runs ReadLog on it. sent describes what the peer
// did, early what ReadLog left unread (nil if it read everything).
func readLog(t *judge.T, l *logBytes, data []byte, sizes []int, after func(*net.TCPConn), what string) (r contract.ReadResult, sent string, early *string, err error) {
	srv, seen, err := serveLog(t, data, sizes, after)
	if err != nil {
		return r, "", nil, err
	}
	within := readWithin + time.Duration(len(sizes))*100*time.Millisecond
	sent = fmt.Sprintf("The peer dripped %d bytes in %d fragments (%s), each only after you had read the one before: %s.", len(data), len(sizes), harness.SizesText(sizes), what)
	_, r, err = harness.Call(t, contract.ReadLog, contract.ReadArgs{Addr: srv.Addr()}, within)
	if err != nil {
		return r, sent, nil, err
	}
	d, err := seen.First(t, peerWithin, func() *judge.Failure { return harness.PeerSawNothing("ReadLog", srv, peerWithin) })
	if err != nil || d.err == nil {
		return r, sent, nil, err
	}
	k, start, end := lastSent(sizes, d.written)
	s := fmt.Sprintf("it stopped reading before the end of fragment %d of %d (bytes %d–%d, starting in %s)", k, len(sizes), start, end-1, l.at(start))
	return r, sent, &s, nil
}

// errorIs names the exercise's errors err is.
func errorIs(r contract.ReadResult) string {
	var is []string
	for _, e := range []struct {
		name string
		yes  bool
	}{{"ErrMagic", r.Is.Magic}, {"ErrVersion", r.Is.Version}, {"ErrTooLarge", r.Is.TooLarge}, {"ErrChecksum", r.Is.Checksum},
		{"io.ErrUnexpectedEOF", r.Err != nil && r.Err.UnexpectedEOF}, {"io.EOF", r.Err != nil && r.Err.CleanEOF}} {
		if e.yes {
			is = append(is, e.name)
		}
	}
	if len(is) == 0 {
		return "none of the errors the README names"
	}
	return strings.Join(is, ", ")
}

// judgeGood is the verdict on a well-formed log ReadLog must read whole.
func judgeGood(t *judge.T, h contract.Header, recs []contract.Record, sizes func(n int) []int, hint string) error {
	l := encode(h, recs)
	h.Count = uint32(len(recs))
	ss := sizes(len(l.b))
	r, sent, early, err := readLog(t, l, l.b, ss, nil, fmt.Sprintf("a well-formed log of %d records, then closed", len(recs)))
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("ReadLog did not return within %v; the peer had sent a whole log of %d records (%d bytes) and closed", readWithin, len(recs), len(l.b)),
			"Read exactly the bytes each part needs (io.ReadFull), Count records, then return.")
	}
	if r.Err != nil {
		detail := sent
		if early != nil {
			detail += " ReadLog returned before the end: " + *early + "."
		}
		why := whyStream
		if r.Is.Magic || r.Is.Version || r.Is.TooLarge || r.Is.Checksum {
			why = whyDecode
		}
		if r.Is.TooLarge && slices.ContainsFunc(recs, func(rec contract.Record) bool { return len(rec.Payload) == maxPayload }) {
			why = "A bound is a promise both ways: a writer may send payloads of up to MaxPayload bytes, so a reader must take every one of them, the longest included."
		}
		return judge.Fail("ReadLog returned an error for a well-formed log: %s (errors.Is: %s)", r.Err.Text, errorIs(r)).With(
			detail+"\n"+goodErrorCause(l, recs, r), why, hint)
	}
	if early != nil {
		return judge.Fail("ReadLog returned %d records and no error before it had read the whole log: %s", len(r.Records), *early).With(sent, whyStream, hint)
	}
	probs, details := logProblems(l, h, recs, r)
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%s", strings.Join(probs, "\n")).With(strings.Join(append([]string{sent}, details...), "\n"),
		"The header is in network byte order (big-endian), the fields inside each record little-endian: each field must be read in its own order, or its bytes mean another number.", hint)
}

func checkFragmented(t *judge.T) error {
	recs := randomRecords(t.Rand, 6+t.Rand.IntN(7), 0, 120)
	return judgeGood(t, randomHeader(t.Rand), recs, func(n int) []int { return fragments(t.Rand, n, maxFrag) }, readHint)
}

func checkMaxPayload(t *judge.T) error {
	recs := randomRecords(t.Rand, 3+t.Rand.IntN(3), 0, 60)
	big := 1 + t.Rand.IntN(len(recs)-1)
	recs[big] = randomRecord(t.Rand, maxPayload, maxPayload)
	return judgeGood(t, randomHeader(t.Rand), recs, func(n int) []int { return fragments(t.Rand, n, 512) },
		fmt.Sprintf("MaxPayload is the longest payload allowed, not the first one refused: a length of exactly %d is fine; only more is ErrTooLarge.", maxPayload))
}

// badLog is a header announcing more than n+1 records, n good records,
// then a bad one made by tw. It returns the good records too.
func badLog(rng *rand.Rand, n int, bad contract.Record, tw tamper) (*logBytes, []contract.Record) {
	h := randomHeader(rng)
	recs := randomRecords(rng, n, 0, 80)
	h.Count = uint32(n + 1 + rng.IntN(3))
	l := &logBytes{}
	l.header(magic, h)
	for i, rec := range recs {
		l.record(i+1, rec, tamper{})
	}
	l.record(n+1, bad, tw)
	return l, recs
}

// wantError is the verdict on a ReadLog that must fail with the error ok
// tells, named want.
// before, when not nil, are the good records that must come with the error.
func wantError(l *logBytes, r contract.ReadResult, early *string, ok bool, want string, before []contract.Record, sent, why, hint string) error {
	if early != nil {
		sent += " ReadLog returned before the end: " + *early + "."
	}
	if !ok && (r.Is.Magic || r.Is.Version || r.Is.TooLarge || r.Is.Checksum) {
		// The part that error is about is right in this log.
		sent += "\n" + goodErrorCause(l, nil, r)
	}
	if ok && (before == nil || sameRecords(r.Records, before)) {
		return nil
	}
	if ok {
		return judge.Fail("ReadLog returned %s, but with %d records; want the %d good records before the bad one, exactly", want, len(r.Records), len(before)).With(sent,
			"The README promises the records read before an error: a caller can keep what arrived intact. Records that come back wrong were decoded from bytes read wrongly, so the error itself was found by chance.",
			readHint)
	}
	if r.Err == nil {
		return judge.Fail("ReadLog returned %d records and no error; want %s", len(r.Records), want).With(sent, why, hint)
	}
	return judge.Fail("ReadLog returned the error %q, for which errors.Is holds for %s; want %s", r.Err.Text, errorIs(r), want).With(sent, why, hint)
}

func checkHugeLength(t *judge.T) error {
	n := 1 + t.Rand.IntN(3)
	huge := uint32(1<<32 - 1)
	l, goods := badLog(t.Rand, n, randomRecord(t.Rand, 0, 0), tamper{length: &huge, noTail: true})
	// After the prefix, filler as fast as the reader takes it: a reader
	// that believes the prefix fills its buffer until the memory limit
	// stops it; one that checks returns at once.
	after := func(c *net.TCPConn) {
		chunk := make([]byte, 64<<10)
		for sent := 0; sent < filler; sent += len(chunk) {
			c.SetWriteDeadline(time.Now().Add(dripWait))
			if _, err := c.Write(chunk); err != nil {
				break
			}
		}
		fixtures.FinishWrite(c, readWithin)
	}
	sizes := fragments(t.Rand, len(l.b), maxFrag)
	r, sent, early, err := readLog(t, l, l.b, sizes, after, fmt.Sprintf("a header, %d good records and the fixed part of record %d with the length prefix 0xFFFFFFFF (4 GiB), then up to %d MiB of filler", n, n+1, filler>>20))
	// A reader that believes the prefix is stopped at the memory limit:
	// the judge's verdict, memory_limit, whatever the check sees.
	if err != nil {
		return harness.TimedOut(err, "ReadLog did not return after a length prefix of 4 GiB: it is still waiting for the payload the prefix announced",
			fmt.Sprintf("Compare the length with MaxPayload (%d) before you allocate or read the payload, and return ErrTooLarge.", maxPayload))
	}
	return wantError(l, r, early, r.Is.TooLarge, "ErrTooLarge", goods, sent, whyLength, fmt.Sprintf("Compare the length with MaxPayload (%d) before you allocate or read the payload, and return ErrTooLarge (wrapped with %%w if you add words).", maxPayload))
}

func checkOverLength(t *judge.T) error {
	n := 1 + t.Rand.IntN(3)
	over := maxPayload + 1 + t.Rand.IntN(64)
	l, goods := badLog(t.Rand, n, randomRecord(t.Rand, over, over), tamper{})
	sizes := fragments2(t.Rand, len(l.b), l.ends[n-1]+fixedSize, 512)
	r, sent, early, err := readLog(t, l, l.b, sizes, nil, fmt.Sprintf("a header, %d good records and record %d with a payload of %d bytes, %d more than MaxPayload, its checksum right, then closed", n, n+1, over, over-maxPayload))
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("ReadLog did not return within %v after the peer had sent its log and closed", readWithin),
			"Check the length against MaxPayload, and return.")
	}
	return wantError(l, r, early, r.Is.TooLarge, "ErrTooLarge", goods, sent, whyLength+" The bound holds for every length above it, not only absurd ones.",
		fmt.Sprintf("A length over MaxPayload (%d) is ErrTooLarge, however plausible it looks.", maxPayload))
}

// cutVerdict is the verdict on a log cut short by the peer's close.
func cutVerdict(t *judge.T, l *logBytes, data []byte, sizes []int, before []contract.Record, what string) error {
	r, sent, early, err := readLog(t, l, data, sizes, nil, what)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("ReadLog did not return within %v after the peer closed a log cut short", readWithin),
			"io.ReadFull returns as soon as the peer closes; return its error.")
	}
	hint := "io.ReadFull returns io.ErrUnexpectedEOF for a part cut in the middle, and io.EOF when not one byte of it came: past the header both are a cut log, so turn io.EOF into io.ErrUnexpectedEOF."
	if r.Err != nil && r.Err.UnexpectedEOF {
		if early != nil {
			return judge.Fail("ReadLog returned io.ErrUnexpectedEOF before it had read all the peer sent: %s", *early).With(sent, whyStream, readHint)
		}
		return wantError(l, r, nil, true, "io.ErrUnexpectedEOF", before, sent, whyCut, hint)
	}
	if r.Err != nil && r.Err.CleanEOF {
		return judge.Fail("ReadLog returned io.EOF (%q) for a log cut short; want io.ErrUnexpectedEOF", r.Err.Text).With(sent,
			whyCut+" A caller that reads logs until io.EOF takes this one for complete.", hint)
	}
	return wantError(l, r, early, false, "io.ErrUnexpectedEOF", nil, sent, whyCut, hint)
}

func checkCutRecord(t *judge.T) error {
	recs := randomRecords(t.Rand, 4+t.Rand.IntN(4), 20, 80)
	l := encode(randomHeader(t.Rand), recs)
	// Inside a record after the first: in its fixed part or its payload.
	k := 1 + t.Rand.IntN(len(recs)-1)
	cut := l.ends[k-1] + 1 + t.Rand.IntN(l.ends[k]-l.ends[k-1]-1)
	data := l.b[:cut]
	return cutVerdict(t, l, data, fragments(t.Rand, len(data), maxFrag), recs[:k],
		fmt.Sprintf("a log whose header announces %d records, cut in %s, then closed", len(recs), l.at(cut)))
}

func checkCutLog(t *judge.T) error {
	recs := randomRecords(t.Rand, 4+t.Rand.IntN(4), 0, 80)
	l := encode(randomHeader(t.Rand), recs)
	m := 1 + t.Rand.IntN(len(recs)-1)
	data := l.b[:l.ends[m-1]]
	return cutVerdict(t, l, data, fragments(t.Rand, len(data), maxFrag), recs[:m],
		fmt.Sprintf("a log whose header announces %d records, only %d of them whole, then closed", len(recs), m))
}

func checkChecksum(t *judge.T) error {
	n := 2 + t.Rand.IntN(3)
	l, goods := badLog(t.Rand, n, randomRecord(t.Rand, 10, 80), tamper{badSum: true})
	sizes := fragments(t.Rand, len(l.b), maxFrag)
	r, sent, early, err := readLog(t, l, l.b, sizes, nil, fmt.Sprintf("a header, %d good records and record %d with one bit of its checksum flipped, then closed", n, n+1))
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("ReadLog did not return within %v after the peer had sent its log and closed", readWithin), "")
	}
	return wantError(l, r, early, r.Is.Checksum, "ErrChecksum", goods, sent,
		"A checksum is how a reader finds out that bytes were damaged or misframed on their way: a record whose CRC-32 does not match its bytes is not data to hand on.",
		"Compute crc32.ChecksumIEEE over the record's bytes before the checksum (its fixed part and its payload, as received) and compare it with the little-endian uint32 after them.")
}

func checkMagic(t *judge.T) error {
	l := &logBytes{}
	// The magic in the wrong byte order: what a little-endian writer sends.
	l.header(swap32(magic), contract.Header{Version: version, Count: 1})
	l.record(1, randomRecord(t.Rand, 0, 40), tamper{})
	sizes := fragments(t.Rand, len(l.b), maxFrag)
	r, sent, early, err := readLog(t, l, l.b, sizes, nil, fmt.Sprintf("a log that starts %q instead of %q, then closed", l.b[:4], "NCR1"))
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("ReadLog did not return within %v after the peer had sent its log and closed", readWithin), "")
	}
	return wantError(l, r, early, r.Is.Magic, "ErrMagic", nil, sent,
		"The magic number is how a reader knows the bytes are a record log at all, and in which byte order: whatever else arrives (an HTTP reply, another format, a log written the wrong way round) must be refused before its bytes are taken for numbers.",
		"Read the first four bytes as a big-endian uint32 and compare them with Magic; return ErrMagic when they differ.")
}

func checkVersion(t *judge.T) error {
	v := uint16(version + 1 + t.Rand.IntN(8))
	l := encode(contract.Header{Version: v}, randomRecords(t.Rand, 2, 0, 40))
	sizes := fragments(t.Rand, len(l.b), maxFrag)
	r, sent, early, err := readLog(t, l, l.b, sizes, nil, fmt.Sprintf("a log of version %d, then closed", v))
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("ReadLog did not return within %v after the peer had sent its log and closed", readWithin), "")
	}
	return wantError(l, r, early, r.Is.Version, "ErrVersion", nil, sent,
		"A version number lets a format change: a reader of version 1 cannot know what version "+fmt.Sprint(v)+" put in its records, and reading them as version 1 would be a guess.",
		"After the magic, compare the version with Version and return ErrVersion when it differs.")
}

// ---- WriteLog ----

// written is what the WriteLog peer received.
type written struct {
	data []byte
	err  error
}

// writeLog runs WriteLog against a peer that reads until the end.
func writeLog(t *judge.T, h contract.Header, recs []contract.Record) (contract.WriteResult, written, error) {
	got := harness.NewObserved[written]()
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		c.SetReadDeadline(time.Now().Add(readWithin))
		data, err := io.ReadAll(io.LimitReader(c, writeLimit))
		got.Add(written{data, err})
	})
	if err != nil {
		return contract.WriteResult{}, written{}, err
	}
	_, r, err := harness.Call(t, contract.WriteLog, contract.WriteArgs{Addr: srv.Addr(), Header: h, Records: recs}, readWithin)
	if err != nil {
		return r, written{}, harness.TimedOut(err, fmt.Sprintf("WriteLog did not return within %v", readWithin), "Write the bytes and return; the peer reads as fast as you write.")
	}
	w, err := got.First(t, peerWithin, func() *judge.Failure { return harness.PeerSawNothing("WriteLog", srv, peerWithin) })
	return r, w, err
}

func checkEncode(t *judge.T) error {
	recs := randomRecords(t.Rand, 3+t.Rand.IntN(4), 0, 60)
	recs[1+t.Rand.IntN(len(recs)-1)] = randomRecord(t.Rand, maxPayload, maxPayload)
	h := randomHeader(t.Rand)
	h.Count = 0 // WriteLog counts the records itself
	r, w, err := writeLog(t, h, recs)
	if err != nil {
		return err
	}
	want := encode(h, recs)
	call := fmt.Sprintf("WriteLog(conn, Header{Version: %d, Flags: %#04x, Count: 0}, %d records)", h.Version, h.Flags, len(recs))
	if r.Err != nil {
		return judge.Fail("%s returned the error %q", call, r.Err.Text).With("",
			fmt.Sprintf("Every payload is at most MaxPayload (%d) bytes, so the log can be written whole.", maxPayload), "Return an error only when a Write fails.")
	}
	if w.err != nil {
		return fmt.Errorf("WriteLog peer: %w", w.err)
	}
	if string(w.data) == string(want.b) {
		return nil
	}
	detail := fmt.Sprintf("The peer read until you closed the connection.\n%s", judge.ShowBytes(w.data, want.b))
	if len(w.data) == 0 {
		return judge.Fail("%s returned nil, but the peer received nothing", call).With(detail,
			"Bytes in a bufio.Writer are still in your process: only Flush hands them to the connection.",
			"Flush the bufio.Writer before you return (and return Flush's error), or write to the connection directly.")
	}
	i := firstDiff(w.data, want.b)
	summary := fmt.Sprintf("%s wrote %d bytes that differ from the log's %d at byte %d, in %s", call, len(w.data), len(want.b), i, want.at(i))
	if i >= len(w.data) {
		summary = fmt.Sprintf("%s wrote only %d of the log's %d bytes; the first missing is in %s", call, len(w.data), len(want.b), want.at(i))
	}
	if bytes.HasPrefix(want.b, w.data) {
		return judge.Fail("%s", summary).With(detail,
			"A log cut short is no log: its reader waits for the rest, or reports io.ErrUnexpectedEOF. Bytes in a bufio.Writer stay in your process until Flush, or until its buffer fills (so the first 4096 may leave, and the rest not).",
			"Flush the bufio.Writer before you return, and return Flush's error; or write every part and check each Write's error.")
	}
	return judge.Fail("%s", summary).With(detail+orderNote(want, w.data, i),
		"The reader on the other side decodes each field in the order the format names: the header big-endian (network byte order), the record fields little-endian, the CRC-32 over the record's bytes before it. One field in the wrong order and every number it holds is another.",
		"Use binary.BigEndian.AppendUint32/AppendUint16 for the header and binary.LittleEndian for the record fields (or binary.Write with the right order); the count is len(recs).")
}

func checkEncodeTooLarge(t *judge.T) error {
	recs := randomRecords(t.Rand, 3+t.Rand.IntN(3), 0, 60)
	over := maxPayload + 1 + t.Rand.IntN(64)
	k := 1 + t.Rand.IntN(len(recs)-1)
	recs[k] = randomRecord(t.Rand, over, over)
	r, w, err := writeLog(t, randomHeader(t.Rand), recs)
	if err != nil {
		return err
	}
	call := fmt.Sprintf("WriteLog(conn, h, %d records) whose record %d has a payload of %d bytes", len(recs), k+1, over)
	var probs []string
	if !r.Is.TooLarge {
		probs = append(probs, fmt.Sprintf("it returned %s; want ErrTooLarge", harness.Returned(r.Err)))
	}
	if len(w.data) > 0 {
		probs = append(probs, fmt.Sprintf("the peer received %d bytes (%s); want none", len(w.data), judge.Quote(w.data)))
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%s: %s", call, strings.Join(probs, "; ")).With("",
		"A log with a record no reader accepts is broken as a whole: a reader would stop at it. Refusing before the first byte leaves the connection clean; refusing halfway leaves the peer with a log cut short.",
		fmt.Sprintf("Check every payload against MaxPayload (%d) first; write only when all fit.", maxPayload))
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// sameRecords reports whether got are want, field by field.
func sameRecords(got, want []contract.Record) bool {
	return slices.EqualFunc(got, want, func(a, b contract.Record) bool {
		return a.ID == b.ID && a.Time == b.Time && a.Value == b.Value && bytes.Equal(a.Payload, b.Payload)
	})
}

// lastSent finds the fragment the peer sent last, which the reader never
// wholly read when Drip failed: its number (1-based) and bytes [start, end).
func lastSent(sizes []int, written int) (k, start, end int) {
	for _, s := range sizes {
		if end >= written {
			break
		}
		k, start, end = k+1, end, min(end+s, written)
	}
	return k, start, end
}
