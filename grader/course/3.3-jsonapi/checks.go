package jsonapi

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/course/3.3-jsonapi/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// Exercise 3.3: DecodeReply, one JSON reply into a struct, and
// StreamItems, a large array streamed item by item, from a connection fed
// in lockstep fragments, cut short, followed by garbage, stalled and huge.
var checks = []judge.Check{
	{Name: "decodes a reply sent in fragments, unknown fields and all", Points: 3, Timeout: 30 * time.Second, Run: checkReply},
	{Name: "keeps big numbers exact", Points: 2, Timeout: 30 * time.Second, Run: checkBigNumbers},
	{Name: "takes missing fields and null as empty", Points: 1, Timeout: 30 * time.Second, Run: checkNulls},
	{Name: "reports a reply cut short as an error", Points: 1, Timeout: 30 * time.Second, Run: checkReplyCut},
	{Name: "rejects data after the reply", Points: 2, Timeout: 30 * time.Second, Run: checkReplyTrailing},
	{Name: "times out when the reply stalls mid-string", Points: 1, Timeout: 45 * time.Second, Run: checkReplyStall},
	{Name: "streams the items of an array sent in fragments", Points: 2, Timeout: 30 * time.Second, Run: checkItems},
	{Name: "streams a 16 MB array in bounded memory", Points: 3, Timeout: 5 * time.Minute, Run: checkBigArray},
	{Name: "reports an array cut short as an error", Points: 2, Timeout: 30 * time.Second, Run: checkArrayCut},
	{Name: "rejects data after the array", Points: 1, Timeout: 30 * time.Second, Run: checkArrayTrailing},
	{Name: "times out when the array stalls mid-item", Points: 2, Timeout: 45 * time.Second, Run: checkStall},
	{Name: "keeps reading a slow array within its idle timeout", Points: 1, Timeout: 30 * time.Second, Run: checkSlow},
	{Name: "stops an item of 16 MB, in bounded memory", Points: 1, Timeout: 150 * time.Second, Run: checkHugeItem},
	{Name: "reports invalid UTF-8 in an item as an error", Points: 1, Timeout: 30 * time.Second, Run: checkInvalidUTF8},
}

const (
	readWithin = 5 * time.Second // a small reply, once the peer has sent it
	dripWait   = 2 * time.Second // how long the peer waits for each fragment to be read
	idle       = 2 * time.Second // the idle timeout where none is under test
	keepAll    = 1 << 16         // items returned in full from a small array

	bigItems  = 170_000 // about 16 MB
	bigWithin = 2 * time.Minute

	hostileWithin = time.Minute // a hostile input: only a hang guard

	slowIdle = 1200 * time.Millisecond
	slowGap  = 150 * time.Millisecond
)

const (
	whyStream   = "TCP delivers a byte stream: a Read returns whatever has arrived, which may end in the middle of a string, a number or an escape. json.Decoder reads as much as it needs for each value, however the bytes arrive."
	whyEnd      = "a connection can break anywhere; only the value's last closing bracket says the reply is complete, and only the end of the connection says nothing follows it. A reply cut short, or one with more after it, is not the reply the server meant: take it and you act on the wrong data."
	whyNumbers  = "JSON numbers have no size limit, and APIs send IDs and amounts that no float64 holds: 9007199254740993 becomes 9007199254740992, 1e400 does not fit at all. A value decoded into interface{} is a float64 unless the decoder is told UseNumber, which keeps the number's text as a json.Number."
	whyMemory   = "an API's list can be millions of items: reading it all first (io.ReadAll, json.Unmarshal into a slice) holds every byte and every item at once. json.Decoder with Token and More walks the array, and Decode of each element holds one item at a time."
	whyIdle     = "a peer that stops sending sends nothing: no data, no FIN, no RST. Without a deadline Read waits for ever; a deadline renewed before each Read bounds the silence without bounding the length of a healthy reply."
	whyHostile  = "a reply comes from someone else's program, broken or hostile: one that makes your reader hold without limit takes down the process, and every other request with it. Hostile input must be an error, and cheap."
	replyHint   = "json.NewDecoder(conn-with-deadlines), dec.UseNumber(), dec.Decode(&reply); then make sure nothing but white space follows: the next dec.Token() must return io.EOF."
	trailHint   = "After Decode, call dec.Token(): io.EOF means the input ended after the value, as it should; a token or any other error means there is more, and that is an error."
	arrayHint   = "Read the '[' with dec.Token(), then for dec.More() { dec.Decode(&item) }, then read the ']' with dec.Token(), then check for io.EOF."
	deadlineFix = "Set a read deadline idle from now before every Read (a small io.Reader around the connection does it), and return the error Read gives, as it is or wrapped with %w."
)

// approx formats a measured duration; golden transcripts normalise what
// follows the "~".
func approx(d time.Duration) string { return "~" + d.Round(time.Millisecond).String() }

// serveDripped starts a fake peer that drips data in lockstep fragments of
// 1 to 60 bytes, then closes its side (FIN).
func serveDripped(t *judge.T, data []byte) (*fixtures.Server, []int, error) {
	sizes := fixtures.Split(t.Rand, len(data), 1, 60)
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		if _, err := fixtures.Drip(c, data, sizes, dripWait); err != nil {
			return
		}
		fixtures.FinishWrite(c, readWithin)
	})
	return srv, sizes, err
}

func dripWithin(sizes []int) time.Duration {
	return readWithin + time.Duration(len(sizes))*100*time.Millisecond
}

// decodeReply runs DecodeReply against a peer that drips data and closes.
func decodeReply(t *judge.T, data []byte) (contract.ReplyResult, string, error) {
	srv, sizes, err := serveDripped(t, data)
	if err != nil {
		return contract.ReplyResult{}, "", err
	}
	within := dripWithin(sizes)
	_, r, err := harness.Call(t, contract.DecodeReply, contract.ConnArgs{Addr: srv.Addr(), Idle: idle}, within)
	if err != nil {
		return r, "", harness.TimedOut(err, fmt.Sprintf("DecodeReply did not return within %v, although the peer sent its %d-byte reply and closed", within, len(data)),
			"Decode the value, check that only white space follows up to the end of the connection, and return.")
	}
	sent := fmt.Sprintf("The peer sent %s in %d fragments (%s), each once you had read the one before, then closed.",
		quoteLong(data), len(sizes), harness.SizesText(sizes))
	return r, sent, nil
}

// checkReplyValues wants DecodeReply to return want, with no error.
func checkReplyValues(t *judge.T, want contract.Reply, data []byte, why, hint string) error {
	r, sent, err := decodeReply(t, data)
	if err != nil {
		return err
	}
	var probs []string
	if r.Err != nil {
		probs = append(probs, fmt.Sprintf("DecodeReply returned an error for a complete, valid reply: %s", r.Err.Text))
		if strings.Contains(r.Err.Text, "unknown field") {
			// The cause, whatever the check is about.
			why = "an API adds fields as it grows: a client that refuses fields it does not know (DisallowUnknownFields) breaks on the server's next release."
			hint = "Do not call DisallowUnknownFields: let the decoder skip the fields your struct does not have."
		}
	} else if d := judge.Diff(want, r.Reply); d != "" {
		probs = append(probs, "DecodeReply returned a reply that is not what the peer sent (Attrs as json.Marshal writes the map):\n"+d)
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%s", strings.Join(probs, "\n")).With(sent, why, hint)
}

func checkReply(t *judge.T) error {
	want, data := reply(t.Rand, replyShape{unknown: true})
	return checkReplyValues(t, want, data,
		whyStream+" And an API adds fields as it grows: a client that refuses fields it does not know (DisallowUnknownFields) breaks on the server's next release.",
		replyHint+" Leave unknown fields to the decoder, which skips them.")
}

func checkBigNumbers(t *judge.T) error {
	want, data := reply(t.Rand, replyShape{big: true, unknown: true})
	return checkReplyValues(t, want, data, whyNumbers,
		"Call dec.UseNumber() before Decode, so the numbers in Attrs come as json.Number (their text), not float64.")
}

func checkNulls(t *judge.T) error {
	want, data := reply(t.Rand, replyShape{nulls: true})
	return checkReplyValues(t, want, data,
		"a field may be missing or null: both mean \"no value\", which Go shows as the zero value, a nil slice, a nil pointer or a nil map. encoding/json leaves a field it finds null or does not find as it was.",
		"Decode into a fresh Reply and let encoding/json handle null; do not fill in defaults of your own, and do not dereference a pointer that may be nil.")
}

func checkReplyCut(t *judge.T) error {
	_, data := reply(t.Rand, replyShape{unknown: true})
	data = bytes.TrimRight(data, " \t\r\n")
	cut := len(data)/3 + t.Rand.IntN(len(data)/2)
	r, sent, err := decodeReply(t, data[:cut])
	if err != nil {
		return err
	}
	switch {
	case r.Err == nil:
		return judge.Fail("DecodeReply returned nil for a reply cut short: %d of its %d bytes, then the end of the connection", cut, len(data)).With(sent, whyEnd,
			"Return the error Decode gives (io.ErrUnexpectedEOF for a value cut short).")
	case r.Err.CleanEOF:
		return judge.Fail("DecodeReply returned io.EOF itself for a reply cut short (%q): io.EOF says the input ended cleanly, before any value, and it did not", r.Err.Text).With(sent, whyEnd,
			"Return the error Decode gives as it is: io.ErrUnexpectedEOF for a value cut short.")
	}
	return nil
}

// trailers are what a peer sends after a complete value.
var trailers = []string{`}`, `]`, ` {"id": 2}`, "\n[]", ` garbage`, `,`, ` null`, ` 0`}

func checkReplyTrailing(t *judge.T) error {
	_, data := reply(t.Rand, replyShape{})
	tail := trailers[t.Rand.IntN(len(trailers))]
	data = append(data, tail...)
	r, sent, err := decodeReply(t, data)
	if err != nil {
		return err
	}
	if r.Err != nil {
		return nil
	}
	return judge.Fail("DecodeReply returned a reply and nil, but the peer sent %q after it", tail).With(sent, whyEnd, trailHint)
}

// ---- StreamItems ----

// streamItems runs StreamItems against a peer that drips data and closes.
func streamItems(t *judge.T, data []byte, what string) (contract.Items, string, error) {
	srv, sizes, err := serveDripped(t, data)
	if err != nil {
		return contract.Items{}, "", err
	}
	within := dripWithin(sizes)
	_, r, err := harness.Call(t, contract.StreamItems, contract.ConnArgs{Addr: srv.Addr(), Idle: idle, Keep: keepAll}, within)
	if err != nil {
		return r, "", harness.TimedOut(err, fmt.Sprintf("StreamItems did not return within %v, although the peer sent its %d bytes and closed", within, len(data)),
			"Return once the ']' that closes the array is read and the connection has ended.")
	}
	sent := fmt.Sprintf("The peer sent %s, %d bytes in %d fragments (%s), each once you had read the one before, then closed.",
		what, len(data), len(sizes), harness.SizesText(sizes))
	return r, sent, nil
}

// itemsProblem compares the items fn got with want, written in data with
// each one's start at starts: "" when they are the same. prefix says that
// fewer items are fine (an array cut short).
func itemsProblem(got, want []contract.Item, data []byte, starts []int, prefix bool) string {
	for i := range min(len(got), len(want)) {
		if d := judge.Diff(want[i], got[i]); d != "" {
			return fmt.Sprintf("item %d of %d (at byte %d of the array) is not what the peer sent:\n%s\nIts JSON: %s",
				i+1, len(want), starts[i], d, quoteLong(itemJSON(data, starts, i)))
		}
	}
	switch {
	case len(got) > len(want):
		return fmt.Sprintf("fn got %d items, but the array has %d", len(got), len(want))
	case len(got) < len(want) && !prefix:
		return fmt.Sprintf("fn got only %d of the array's %d items; the first one missing is at byte %d: %s",
			len(got), len(want), starts[len(got)], judge.Quote(itemJSON(data, starts, len(got))))
	}
	return ""
}

// quoteLong quotes a reply or an item, cut only past 600 bytes: the
// field that differs may be anywhere in it.
func quoteLong(p []byte) string {
	if len(p) <= 600 {
		return strconv.Quote(string(p))
	}
	return fmt.Sprintf("%s… (%d bytes)", strconv.Quote(string(p[:600])), len(p))
}

// itemJSON is item i's text in data: items hold no '}' of their own
// except a warehouse's, which closes before theirs.
func itemJSON(data []byte, starts []int, i int) []byte {
	b := data[starts[i]:]
	if i+1 < len(starts) {
		return b[:starts[i+1]-starts[i]]
	}
	if j := bytes.LastIndexByte(b, '}'); j >= 0 {
		return b[:j+1]
	}
	return b
}

func checkItems(t *judge.T) error {
	want := items(t.Rand, 20+t.Rand.IntN(20))
	data, starts := array(t.Rand, want)
	r, sent, err := streamItems(t, data, fmt.Sprintf("an array of %d items", len(want)))
	if err != nil {
		return err
	}
	var probs []string
	hint := arrayHint
	if r.Err != nil {
		probs = append(probs, fmt.Sprintf("StreamItems returned an error for a complete, valid array, after %d items: %s", r.Count, r.Err.Text))
	}
	if p := itemsProblem(r.Items, want, data, starts, r.Err != nil); p != "" {
		probs = append(probs, p)
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%s", strings.Join(probs, "\n")).With(sent, whyStream, hint)
}

func checkArrayCut(t *judge.T) error {
	want := items(t.Rand, 10+t.Rand.IntN(10))
	data, starts := array(t.Rand, want)
	// Cut right after an item, before its comma: all that came is valid,
	// dec.More() is false there, and only the missing ']' tells the array
	// is not complete. (After a comma More is true, and Decode fails.)
	k := 3 + t.Rand.IntN(len(want)-4)
	cut := bytes.LastIndexByte(data[:starts[k]], '}') + 1
	r, sent, err := streamItems(t, data[:cut], fmt.Sprintf("the first %d bytes of an array of %d items, ending %s", cut, len(want), judge.Quote(data[max(0, cut-30):cut])))
	if err != nil {
		return err
	}
	var probs []string
	switch {
	case r.Err == nil:
		probs = append(probs, fmt.Sprintf("StreamItems returned nil for an array cut short after %d of its %d items: it has no ']'", k, len(want)))
	case r.Err.CleanEOF:
		probs = append(probs, fmt.Sprintf("StreamItems returned io.EOF itself for an array cut short (%q): io.EOF says the input ended cleanly, and it did not", r.Err.Text))
	}
	if p := itemsProblem(r.Items, want[:k], data, starts, true); p != "" {
		probs = append(probs, p)
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%s", strings.Join(probs, "\n")).With(sent, whyEnd,
		"dec.More() is false at the ']' and also at the end of the input: after the loop, read the ']' with dec.Token() and return an error if it is not there (io.ErrUnexpectedEOF, not io.EOF).")
}

func checkArrayTrailing(t *judge.T) error {
	want := items(t.Rand, 5+t.Rand.IntN(5))
	data, _ := array(t.Rand, want)
	tail := trailers[t.Rand.IntN(len(trailers))]
	data = append(data, tail...)
	r, sent, err := streamItems(t, data, fmt.Sprintf("an array of %d items followed by %q", len(want), tail))
	if err != nil {
		return err
	}
	if r.Err != nil {
		return nil
	}
	return judge.Fail("StreamItems returned nil, but the peer sent %q after the array's ']'", tail).With(sent, whyEnd, trailHint)
}

// peakRun is StreamItems against the peers serve starts, for a budget in
// peak memory.
func peakRun(serve func(started func()) (*fixtures.Server, error), within time.Duration) harness.PeakRun[contract.ConnArgs, contract.Items] {
	return harness.PeakRun[contract.ConnArgs, contract.Items]{
		Op:     contract.StreamItems,
		Args:   func(addr string) contract.ConnArgs { return contract.ConnArgs{Addr: addr, Idle: idle} },
		Serve:  serve,
		Within: within,
	}
}

func checkBigArray(t *judge.T) error {
	seed1, seed2 := t.Rand.Uint64(), t.Rand.Uint64()
	type sent struct {
		count  int
		digest uint64
		err    error
	}
	// The submission and the reference read the same array: it is made
	// once.
	var count int
	var digest uint64
	array := fixtures.NewReplay(func(w io.Writer) (err error) {
		count, digest, err = streamArray(w, newRand(seed1, seed2), bigItems)
		return err
	})
	defer array.Close()
	var first *harness.Observed[sent]
	serve := func(started func()) (*fixtures.Server, error) {
		o := harness.NewObserved[sent]()
		if first == nil {
			first = o
		}
		return harness.Serve(t, func(c *net.TCPConn) {
			if _, err := array.WriteTo(&harness.Progress{W: c, Started: started}); err != nil {
				o.Add(sent{err: err})
				return
			}
			// Made in full: count and digest are set.
			o.Add(sent{count, digest, fixtures.FinishWrite(c, bigWithin)})
		})
	}
	hint := "Walk the array with dec.Token() and dec.More(), Decode one item at a time, and call fn with it at once."
	mine, ref, err := peakRun(serve, bigWithin).Run(t)
	if mine.Err != nil {
		return harness.TimedOut(mine.Err, fmt.Sprintf("StreamItems did not return within %v from an array of %d items, sent as fast as it read them", bigWithin, bigItems), hint)
	}
	if err != nil {
		return err
	}
	s, err := first.First(t, readWithin, func() *judge.Failure {
		return judge.Fail("StreamItems returned, but the peer never finished sending the array")
	})
	if err != nil {
		return err
	}
	detail := fmt.Sprintf("The peer sent an array of %d items (16 MB) as fast as StreamItems read it.", bigItems)
	var probs []string
	switch {
	case mine.R.Err != nil:
		probs = append(probs, fmt.Sprintf("StreamItems returned an error for a complete, valid array, after %d items: %s", mine.R.Count, mine.R.Err.Text))
	case s.err != nil:
		probs = append(probs, fmt.Sprintf("StreamItems returned nil after %d items, but the peer could not send the whole array of %d: %v", mine.R.Count, bigItems, s.err))
	case mine.R.Count != s.count || mine.R.Digest != s.digest:
		probs = append(probs, fmt.Sprintf("fn got %d items, the array has %d, and they are not all the array's (their digest differs): the checks of small arrays show the first wrong item", mine.R.Count, s.count))
	}
	if p := harness.MemoryProblem("StreamItems", mine.Peak, ref, "reading it"); p != "" {
		probs = append(probs, p)
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%s", strings.Join(probs, "\n")).With(detail, whyMemory, hint)
}

func checkHugeItem(t *judge.T) error {
	const size = 16 << 20
	head, _ := array(t.Rand, items(t.Rand, 2))
	head = bytes.TrimRight(head, " \t\r\n")
	head = append(head[:len(head)-1], []byte(`, {"id": 3, "sku": "`)...)
	serve := func(func()) (*fixtures.Server, error) {
		return harness.Serve(t, func(c *net.TCPConn) {
			if _, err := c.Write(head); err != nil {
				return
			}
			chunk := bytes.Repeat([]byte("noise "), 64<<10)
			for sent := 0; sent < size; sent += len(chunk) {
				if _, err := c.Write(chunk); err != nil {
					return
				}
			}
			c.Write([]byte(`", "qty": 1, "price": 1}]`))
			fixtures.FinishWrite(c, readWithin)
		})
	}
	what := fmt.Sprintf("an array whose third item holds a string of %d MB", size>>20)
	hint := "json.Decoder holds a whole value in memory: give it a reader that counts the bytes read since the last item and fails past a limit (the README's MaxItem), and return that error."
	run := peakRun(serve, hostileWithin)
	run.RefOK = func(r contract.Items) error {
		if r.Err == nil {
			return fmt.Errorf("StreamItems returned nil for %s", what)
		}
		return nil
	}
	mine, ref, err := run.Run(t)
	if mine.Err != nil {
		return harness.TimedOut(mine.Err, fmt.Sprintf("%s did not make StreamItems return within %v", what, hostileWithin), hint)
	}
	if err != nil {
		return err
	}
	var probs []string
	if mine.R.Err == nil {
		probs = append(probs, fmt.Sprintf("StreamItems returned nil for %s, after %d items", what, mine.R.Count))
	}
	if p := harness.MemoryProblem("StreamItems", mine.Peak, ref, "reading "+what); p != "" {
		probs = append(probs, p)
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%s", strings.Join(probs, "\n")).With(
		fmt.Sprintf("The peer sent two items, then a third whose sku is %d MB of text, then closed the array properly.", size>>20), whyHostile, hint)
}

func checkInvalidUTF8(t *judge.T) error {
	want := items(t.Rand, 6+t.Rand.IntN(6))
	k := 2 + t.Rand.IntN(len(want)-3)
	want[k].SKU = "SKU-caf@@"
	data, _ := array(t.Rand, want)
	data = bytes.Replace(data, []byte("caf@@"), []byte("caf\xe9"), 1) // Latin-1's é, not UTF-8
	r, sent, err := streamItems(t, data, fmt.Sprintf("an array of %d items, item %d's sku holding the byte 0xE9 alone (Latin-1's é)", len(want), k+1))
	if err != nil {
		return err
	}
	if r.Err != nil {
		return nil
	}
	got := ""
	if k < len(r.Items) {
		got = fmt.Sprintf(" (fn got the sku %q)", r.Items[k].SKU)
	}
	return judge.Fail("StreamItems returned nil for an array that is not valid UTF-8%s", got).With(sent,
		"JSON text is UTF-8 (RFC 8259). encoding/json replaces invalid bytes with U+FFFD without a word: the data you pass on is not what was sent, and nobody is told.",
		"Decode each item into a json.RawMessage first, check it with utf8.Valid, and return an error if it is not; then decode the raw message into an Item.")
}

// stallWords are this exercise's words for harness.StallVerdict.
var stallWords = harness.StallWords{Thing: "reply", WhyIdle: whyIdle, WhyEnd: whyEnd, Fix: deadlineFix}

// stallOnce runs op, the submission's or the reference solution's,
// against a fresh peer that sends part in fragments sizes and goes silent.
func stallOnce[R any](t *judge.T, op wire.Op[contract.ConnArgs, R], part []byte, sizes []int, stallIdle, within time.Duration, reference bool, out func(R) harness.StallOutcome) (harness.StallOutcome, error) {
	return harness.Stall[contract.ConnArgs, R]{
		Op: op, Part: part, Sizes: sizes, Idle: stallIdle, Within: within, DripWait: dripWait, Out: out,
		Args: func(addr string) contract.ConnArgs {
			return contract.ConnArgs{Addr: addr, Idle: stallIdle, Keep: keepAll}
		},
	}.Once(t, reference)
}

func checkStall(t *judge.T) error {
	stallIdle := time.Duration(300+t.Rand.IntN(100)) * time.Millisecond
	want := items(t.Rand, 4+t.Rand.IntN(4))
	data, starts := array(t.Rand, want)
	// Stop in the middle of the last item's sku string.
	last := starts[len(want)-1]
	cut := last + bytes.Index(data[last:], []byte(`"SKU-`)) + 3
	part := data[:cut]
	sizes := fixtures.Split(t.Rand, len(part), 20, 200)
	within := stallIdle + 3*time.Second + time.Duration(len(sizes))*100*time.Millisecond
	out := func(r contract.Items) harness.StallOutcome {
		return harness.StallOutcome{Err: r.Err, Elapsed: r.Elapsed, Got: fmt.Sprintf("%d items", r.Count)}
	}
	run := func(reference bool) (harness.StallOutcome, error) {
		return stallOnce(t, contract.StreamItems, part, sizes, stallIdle, within, reference, out)
	}
	o, err := run(false)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("no deadline: StreamItems(conn, %v, fn) did not return within %v; the peer sent %d bytes of an array, stopped in the middle of a string, and went silent without closing", stallIdle, within, len(part)), deadlineFix)
	}
	return harness.StallVerdict("StreamItems", o, stallIdle, run, stallWords,
		fmt.Sprintf("StreamItems(conn, %v, fn) against a peer that sent %d bytes in %d fragments, ending %s in the middle of a string, then nothing more, and did not close.",
			stallIdle, len(part), len(sizes), judge.Quote(part[max(0, len(part)-30):])))
}

func checkReplyStall(t *judge.T) error {
	stallIdle := time.Duration(300+t.Rand.IntN(100)) * time.Millisecond
	_, data := reply(t.Rand, replyShape{unknown: true})
	// Stop inside a string: after the first quote past the middle.
	cut := len(data)/2 + bytes.IndexByte(data[len(data)/2:], '"') + 1
	part := data[:cut]
	sizes := fixtures.Split(t.Rand, len(part), 20, 200)
	within := stallIdle + 3*time.Second + time.Duration(len(sizes))*100*time.Millisecond
	out := func(r contract.ReplyResult) harness.StallOutcome {
		return harness.StallOutcome{Err: r.Err, Elapsed: r.Elapsed, Got: fmt.Sprintf("the reply %+v", r.Reply)}
	}
	run := func(reference bool) (harness.StallOutcome, error) {
		return stallOnce(t, contract.DecodeReply, part, sizes, stallIdle, within, reference, out)
	}
	o, err := run(false)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("no deadline: DecodeReply(conn, %v) did not return within %v; the peer sent %d bytes of a reply, stopped in the middle of a string, and went silent without closing", stallIdle, within, len(part)), deadlineFix)
	}
	return harness.StallVerdict("DecodeReply", o, stallIdle, run, stallWords,
		fmt.Sprintf("DecodeReply(conn, %v) against a peer that sent %d bytes in %d fragments, ending %s, then nothing more, and did not close.",
			stallIdle, len(part), len(sizes), judge.Quote(part[max(0, len(part)-30):])))
}

func checkSlow(t *judge.T) error {
	want := items(t.Rand, 15+t.Rand.IntN(5))
	data, starts := array(t.Rand, want)
	frags := 11 + t.Rand.IntN(3)
	sizes := fixtures.Split(t.Rand, len(data), len(data)/frags, len(data)/frags+1)
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		off := 0
		for i, n := range sizes {
			if i > 0 {
				time.Sleep(slowGap)
			}
			if _, err := c.Write(data[off : off+n]); err != nil {
				return
			}
			off += n
		}
		if off < len(data) {
			c.Write(data[off:])
		}
		fixtures.FinishWrite(c, readWithin)
	})
	if err != nil {
		return err
	}
	spread := time.Duration(len(sizes)-1) * slowGap
	within := spread + readWithin
	_, r, err := harness.Call(t, contract.StreamItems, contract.ConnArgs{Addr: srv.Addr(), Idle: slowIdle, Keep: keepAll}, within)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("StreamItems did not return within %v, although the peer sent the whole array and closed", within), "Return at the end of the connection after the ']'.")
	}
	detail := fmt.Sprintf("StreamItems(conn, %v, fn) against a peer that sent a %d-byte array in %d pieces %v apart (%v in all, longer than the idle timeout, but never silent that long), then closed.",
		slowIdle, len(data), len(sizes), slowGap, spread)
	var probs []string
	why, hint := whyIdle, "Renew the deadline before each Read (time.Now().Add(idle)), rather than setting one for the whole array."
	if r.Err != nil {
		probs = append(probs, fmt.Sprintf("StreamItems returned an error after %s for a slow but healthy array: %s", approx(r.Elapsed), r.Err.Text))
		if !r.Err.Timeout {
			why, hint = whyStream, arrayHint
		}
	}
	if p := itemsProblem(r.Items, want, data, starts, r.Err != nil); p != "" {
		probs = append(probs, p)
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%s", strings.Join(probs, "\n")).With(detail, why, hint)
}
