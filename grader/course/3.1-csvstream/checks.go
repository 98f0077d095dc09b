package csvstream

import (
	"bytes"
	"fmt"
	"net"
	"strings"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/course/3.1-csvstream/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// Exercise 3.1: ReadItems reads a CSV stock feed from a connection the
// fake peer drips in lockstep, so no Read holds a whole record, line or
// field.
var checks = []judge.Check{
	{Name: "reads typed rows from a fragmented stream", Points: 3, Run: checkFragmented},
	{Name: "keeps commas, quotes and newlines inside quoted fields", Points: 2, Run: checkQuoted},
	{Name: "reads CRLF line ends", Points: 1, Run: checkCRLF},
	{Name: "strips the UTF-8 byte order mark", Points: 1, Run: checkBOM},
	{Name: "ignores an empty last line", Points: 1, Run: checkBlank},
	{Name: "reports ragged rows by line and keeps the rest", Points: 2, Run: checkRagged},
	{Name: "reports unparsable numbers by line and keeps the rest", Points: 2, Run: checkNumbers},
	{Name: "fails on a header without a needed column", Points: 1, Run: checkHeader},
	{Name: "reports a reset connection as an error", Points: 1, Run: checkReset},
}

const (
	readWithin = 5 * time.Second // ReadItems once the peer has closed, plus 100 ms a fragment
	dripWait   = 2 * time.Second // how long the peer waits for each fragment to be read
	peerWithin = 5 * time.Second // how long a fake peer's handler may take to report
	maxFrag    = 24              // the largest fragment: smaller than most records
)

const (
	whyStream = "TCP is a byte stream without message boundaries: one Read returns whatever has arrived, and here that is a piece of a line that may end in the middle of a field. csv.Reader reads on until a record is complete; code that takes one Read for a record or a line does not."
	whyQuotes = "In CSV a field in double quotes may hold commas, doubled quotes (\"\" for one \") and line breaks: a record is not a line, and a comma is not always a separator. csv.Reader knows the rules; strings.Split on commas and a line-by-line reader do not."
	whyLines  = "A line number is for a person who opens the file at that line: count the lines of the input, the header being line 1, and a record that holds a quoted line break takes more than one; csv.Reader's FieldPos (or ParseError.StartLine) says where a record starts."
	whyKeep   = "One bad row must not cost the feed: report it with its line so someone can fix it, and keep reading. The rows after it are as good as those before."
	readHint  = "Hand the connection to csv.NewReader and call Read until io.EOF; turn each record into an Item, and its line from FieldPos(0)."
)

// dripped is how far the fake peer got with the feed.
type dripped struct {
	written int
	err     error // Drip's: the reader stopped reading, or closed, first
}

// serveFeed starts a fake peer that drips data in fragments of sizes, in
// lockstep with the reader, then closes (FIN), or resets (RST) when reset.
func serveFeed(t *judge.T, data []byte, sizes []int, reset bool) (*fixtures.Server, *harness.Observed[dripped], error) {
	seen := harness.NewObserved[dripped]()
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		n, err := fixtures.Drip(c, data, sizes, dripWait)
		seen.Add(dripped{n, err})
		if reset {
			fixtures.Reset(c)
			return
		}
		fixtures.FinishWrite(c, readWithin)
	})
	return srv, seen, err
}

// progress says how far the reader got with the feed: nil if it read it
// all, else what it left unread.
func progress(t *judge.T, srv *fixtures.Server, seen *harness.Observed[dripped], data []byte, sizes []int) (*string, error) {
	d, err := seen.First(t, peerWithin, func() *judge.Failure { return harness.PeerSawNothing("ReadItems", srv, peerWithin) })
	if err != nil || d.err == nil {
		return nil, err
	}
	k, start, end := lastSent(sizes, d.written)
	s := fmt.Sprintf("it stopped reading before the end of fragment %d of %d (bytes %d–%d, %q)", k, len(sizes), start, end-1, data[start:end])
	return &s, nil
}

func errText(e *wire.Err) string {
	if e == nil {
		return "no error"
	}
	return fmt.Sprintf("the error %q", e.Text)
}

// headerText is the header line as sent.
func headerText(data []byte) string {
	return strings.TrimRight(string(harness.FirstLine(data)), "\r\n")
}

// fragments are the sizes the feed is cut into: small enough that no Read
// holds a whole record.
func fragments(t *judge.T, n int) []int { return fixtures.Split(t.Rand, n, 1, maxFrag) }

// run serves the feed in fragments and runs ReadItems on it; early says
// what it left unread, if it returned before the end.
func run(t *judge.T, f *feed, sizes []int) (r contract.Result, sent string, early *string, err error) {
	data := f.bytes()
	srv, seen, err := serveFeed(t, data, sizes, false)
	if err != nil {
		return r, "", nil, err
	}
	within := readWithin + time.Duration(len(sizes))*100*time.Millisecond
	_, r, err = harness.Call(t, contract.ReadItems, contract.Args{Addr: srv.Addr()}, within)
	sent = fmt.Sprintf("The peer sent a feed of %d lines (%d bytes, header %q) in %d fragments (%s), each only after you had read the one before, then closed.",
		f.line()-1, len(data), headerText(data), len(sizes), harness.SizesText(sizes))
	if err != nil {
		return r, sent, nil, harness.TimedOut(err, fmt.Sprintf("ReadItems did not return within %v; the peer had sent the whole feed and closed", within),
			"Read until csv.Reader (or your Read) reports io.EOF: the peer has closed and no more bytes will come.")
	}
	early, err = progress(t, srv, seen, data, sizes)
	return r, sent, early, err
}

// judgeFeed is the verdict on a feed ReadItems must read to its end
// without an error.
func judgeFeed(t *judge.T, f *feed, sizes []int, l lesson) error {
	r, sent, early, err := run(t, f, sizes)
	if err != nil {
		return err
	}
	if r.Err != nil {
		if early != nil {
			sent += " ReadItems returned before the end: " + *early + "."
		}
		return judge.Fail("ReadItems returned an error for a feed that ended cleanly: %s", r.Err.Text).With(sent,
			"The error result is for what stops the whole feed (a header without a needed column, a broken connection); a malformed row is a *LineError in the second result, and io.EOF is the normal end.",
			l.hint)
	}
	if early != nil {
		return judge.Fail("ReadItems returned %d rows and no error before it had read the whole feed: %s", len(r.Items), *early).With(sent,
			whyStream, "Keep reading until io.EOF: csv.Reader does, if you hand it the connection itself and call Read until it returns io.EOF.")
	}
	probs, details := rowProblems(f, r)
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%s", strings.Join(probs, "\n")).With(strings.Join(append([]string{sent}, details...), "\n"), l.why, l.hint)
}

func checkFragmented(t *judge.T) error {
	f := newFeed(t.Rand, style{extras: []string{"note"}})
	f.goods(15 + t.Rand.IntN(15))
	return judgeFeed(t, f, fragments(t, len(f.bytes())), lesson{whyStream, readHint})
}

func checkQuoted(t *judge.T) error {
	f := newFeed(t.Rand, style{extras: []string{"note"}, tricky: true})
	// Whatever the seed, one early name holds a comma, a quote and a line
	// break, and good rows follow it.
	f.goods(1 + t.Rand.IntN(3))
	w := func() string { return harness.Word(t.Rand, 3+t.Rand.IntN(4)) }
	f.goodNamed(w() + ", \"" + w() + "\"\n" + w())
	f.goods(14 + t.Rand.IntN(10))
	return judgeFeed(t, f, fragments(t, len(f.bytes())), lesson{whyQuotes + " " + whyLines,
		"Let csv.Reader split the records (not strings.Split or a line scanner), and take each record's line from FieldPos(0), not from a count of records."})
}

func checkCRLF(t *judge.T) error {
	// No column after the needed ones: a stray \r lands in a value that counts.
	f := newFeed(t.Rand, style{crlf: true})
	f.goods(10 + t.Rand.IntN(10))
	// One fragment ends between the \r and the \n of a row in the middle.
	data := f.bytes()
	rec := f.records[len(f.records)/2]
	at := bytes.Index(data, rec.text) + len(rec.text) - 1
	sizes := append(fragments(t, at), fragments(t, len(data)-at)...)
	return judgeFeed(t, f, sizes, lesson{
		"Files made on Windows, and most that cross the internet (RFC 4180, HTTP), end lines in CRLF; the \\r is part of the line end, not of the last field. A fragment may end between the \\r and the \\n.",
		"csv.Reader takes CRLF and LF alike; a hand-made line reader must drop the \\r too."})
}

func checkBOM(t *judge.T) error {
	f := newFeed(t.Rand, style{bom: true, last: []string{"note"}})
	f.goods(8 + t.Rand.IntN(8))
	data := f.bytes()
	// The mark's three bytes arrive in two reads, then the rest.
	sizes := append([]int{1, 2}, fragments(t, len(data)-3)...)
	return judgeFeed(t, f, sizes, lesson{
		"Spreadsheets often save UTF-8 with a byte order mark, the three bytes EF BB BF (\"\\ufeff\") before the first character. csv.Reader keeps it as part of the first field, so the first column's name becomes \"\\ufeff" + f.header[0] + "\", which matches no column you look for.",
		"Strip \"\\ufeff\" from the start of the first header field (strings.TrimPrefix) before you look the columns up."})
}

func checkBlank(t *judge.T) error {
	f := newFeed(t.Rand, style{blank: true, extras: []string{"note"}})
	f.goods(8 + t.Rand.IntN(8))
	return judgeFeed(t, f, fragments(t, len(f.bytes())), lesson{
		"Many files end with an empty line (the last record's newline, then one more). An empty line holds no record: csv.Reader skips it, and it is neither a row nor a malformed one.",
		"Skip empty lines, as csv.Reader does; a line splitter's last empty piece is not a record."})
}

func checkRagged(t *judge.T) error {
	f := newFeed(t.Rand, style{extras: []string{"note"}})
	f.mixed(20+t.Rand.IntN(10), 3+t.Rand.IntN(3), f.ragged)
	return judgeFeed(t, f, fragments(t, len(f.bytes())), lesson{whyKeep + " A row with more or fewer fields than the header is malformed; csv.Reader says so with a *csv.ParseError (ErrFieldCount) and still goes on with the next record.",
		"On a *csv.ParseError, record a *LineError with its StartLine and call Read again: the reader has already moved past the bad record (or set FieldsPerRecord = -1 and compare len(record) with the header yourself)."})
}

func checkNumbers(t *judge.T) error {
	f := newFeed(t.Rand, style{extras: []string{"note"}})
	f.mixed(20+t.Rand.IntN(10), 3+t.Rand.IntN(3), f.badNumber)
	return judgeFeed(t, f, fragments(t, len(f.bytes())), lesson{whyKeep + " A quantity strconv.Atoi cannot parse, or a price strconv.ParseFloat cannot, makes its row malformed, not the feed.",
		"When strconv fails on a field, record a *LineError with the record's line and continue with the next record."})
}

func checkHeader(t *judge.T) error {
	missing := needed[t.Rand.IntN(len(needed))]
	f := newFeed(t.Rand, style{extras: []string{"note"}, rename: missing})
	f.goods(5 + t.Rand.IntN(5))
	data := f.bytes()
	sizes := fragments(t, len(data))
	srv, _, err := serveFeed(t, data, sizes, false)
	if err != nil {
		return err
	}
	within := readWithin + time.Duration(len(sizes))*100*time.Millisecond
	_, r, err := harness.Call(t, contract.ReadItems, contract.Args{Addr: srv.Addr()}, within)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("ReadItems did not return within %v; the peer had sent the whole feed and closed", within),
			"Read until io.EOF; and a header without a needed column can end the call at once.")
	}
	if r.Err != nil {
		return nil
	}
	return judge.Fail("ReadItems returned %d rows and no error for a feed whose header has no %q column: %q", len(r.Items), missing, harness.FirstLine(data)).With("",
		"Without the column the rows cannot be typed: every one would lack a value. That is the caller's problem to hear about once, as an error, not as a feed of half-filled rows or of rows each reported malformed.",
		"After reading the header, look up each column you need, and return an error naming the one that is missing.")
}

func checkReset(t *judge.T) error {
	f := newFeed(t.Rand, style{extras: []string{"note"}})
	f.goods(12 + t.Rand.IntN(8))
	all := f.bytes()
	// Cut in the middle of a record, past the third.
	cut := len(f.records[3].text)
	for _, rec := range f.records[:3] {
		cut += len(rec.text)
	}
	cut += len(harness.FirstLine(all)) + t.Rand.IntN(len(all)/2)
	cut = min(cut, len(all)-3)
	data := all[:cut]
	sizes := fragments(t, len(data))
	srv, seen, err := serveFeed(t, data, sizes, true)
	if err != nil {
		return err
	}
	within := readWithin + time.Duration(len(sizes))*100*time.Millisecond
	_, r, err := harness.Call(t, contract.ReadItems, contract.Args{Addr: srv.Addr()}, within)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("ReadItems did not return within %v after the peer reset the connection", within),
			"A failing Read fails for good: csv.Reader returns the same error again and again. Return it; do not report it as a malformed row and read on.")
	}
	detail := fmt.Sprintf("The peer sent %d of the feed's %d bytes in %d fragments (%s), then reset the connection (RST) in the middle of a record.", len(data), len(all), len(sizes), harness.SizesText(sizes))
	if r.Err == nil {
		return judge.Fail("ReadItems returned %d rows and no error for a feed cut short by a reset", len(r.Items)).With(detail,
			"A reset means the connection broke: the feed may be cut anywhere, and the caller must not take what came for all there is. Only io.EOF is the end.",
			"Return the error csv.Reader gives you unless it is io.EOF or a *csv.ParseError.")
	}
	d, err := seen.First(t, peerWithin, func() *judge.Failure { return harness.PeerSawNothing("ReadItems", srv, peerWithin) })
	if err != nil {
		return err
	}
	if d.err != nil {
		return judge.Fail("ReadItems returned the error %q before it had read the %d bytes the peer sent; only then the peer reset the connection", r.Err.Text, len(data)).With(detail,
			whyStream, "Return an error only when a Read fails.")
	}
	return nil
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
