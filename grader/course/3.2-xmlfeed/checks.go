package xmlfeed

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/course/3.2-xmlfeed/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// Exercise 3.2: ReadFeed, a transit feed read from a connection with
// encoding/xml's streaming decoder, fed in lockstep fragments, cut short,
// stalled, huge and hostile.
var checks = []judge.Check{
	{Name: "reads every vehicle of a feed sent in fragments", Points: 3, Timeout: 30 * time.Second, Run: checkFragments},
	{Name: "matches names by namespace, not by prefix", Points: 2, Timeout: 30 * time.Second, Run: checkNamespaces},
	{Name: "skips elements it does not know, with all they hold", Points: 2, Timeout: 30 * time.Second, Run: checkUnknown},
	{Name: "reports a feed cut short as an error", Points: 2, Timeout: 30 * time.Second, Run: checkTruncated},
	{Name: "reads a 16 MB feed in bounded memory", Points: 3, Timeout: 5 * time.Minute, Run: checkBig},
	{Name: "times out when the feed stalls mid-token", Points: 2, Timeout: 45 * time.Second, Run: checkStall},
	{Name: "keeps reading a slow feed within its idle timeout", Points: 1, Timeout: 30 * time.Second, Run: checkSlow},
	{Name: "stops a feed nested a million deep, in bounded memory", Points: 1, Timeout: 150 * time.Second, Run: checkDeep},
	{Name: "stops a 16 MB token, in bounded memory", Points: 1, Timeout: 150 * time.Second, Run: checkHugeToken},
	{Name: "reports invalid UTF-8 as an error", Points: 1, Timeout: 30 * time.Second, Run: checkInvalidUTF8},
}

const (
	readWithin = 5 * time.Second // a small feed, once the peer has sent it
	dripWait   = 2 * time.Second // how long the peer waits for each fragment to be read
	idle       = 2 * time.Second // the idle timeout where none is under test
	keepAll    = 1 << 16         // vehicles returned in full from a small feed

	bigVehicles = 84_000 // about 16 MB
	bigWithin   = 2 * time.Minute

	hostileWithin = time.Minute // a hostile input: only a hang guard

	slowIdle = 1200 * time.Millisecond
	slowGap  = 150 * time.Millisecond
)

const (
	whyStream   = "TCP delivers a byte stream, not documents: a Read returns whatever has arrived, which may end in the middle of a tag, a name, an entity or a CDATA section. encoding/xml's Decoder reads as much as it needs for each token, however the bytes arrive."
	whyMemory   = "a feed can be hundreds of megabytes and never ends for a live one: reading it all first (io.ReadAll, xml.Unmarshal) holds every byte and every vehicle at once. Decoder.Token reads one token at a time, so memory stays the same whatever the length."
	whyEnd      = "a connection can break anywhere; only </feed> says the document is complete. A feed cut short and taken for complete silently loses every vehicle after the cut, and the caller never knows."
	deadlineFix = "Set a read deadline idle from now before every Read (a small io.Reader around the connection does it), and return the error Read gives, as it is or wrapped with %w."
	whyIdle     = "a peer that stops sending sends nothing: no data, no FIN, no RST. Without a deadline Read waits for ever; a deadline renewed before each Read bounds the silence without bounding the length of a healthy feed."
)

// approx formats a measured duration; golden transcripts normalise what
// follows the "~".
func approx(d time.Duration) string { return "~" + d.Round(time.Millisecond).String() }

// servePieces starts a fake peer that drips data in lockstep fragments of
// sizes, then closes its side (FIN).
func servePieces(t *judge.T, data []byte, sizes []int) (*fixtures.Server, error) {
	return harness.Serve(t, func(c *net.TCPConn) {
		if _, err := fixtures.Drip(c, data, sizes, dripWait); err != nil {
			return
		}
		fixtures.FinishWrite(c, readWithin)
	})
}

// readSmall runs ReadFeed against a fake peer that drips data in
// fragments of 1 to 120 bytes and closes.
func readSmall(t *judge.T, data []byte) (contract.Feed, []int, error) {
	sizes := fixtures.Split(t.Rand, len(data), 1, 120)
	srv, err := servePieces(t, data, sizes)
	if err != nil {
		return contract.Feed{}, nil, err
	}
	within := readWithin + time.Duration(len(sizes))*100*time.Millisecond
	_, r, err := harness.Call(t, contract.ReadFeed, contract.FeedArgs{Addr: srv.Addr(), Idle: idle, Keep: keepAll}, within)
	if err != nil {
		return r, sizes, harness.TimedOut(err, fmt.Sprintf("ReadFeed did not return within %v, although the peer sent the whole feed (%d bytes) and closed", within, len(data)),
			"Return once the decoder has read </feed>, the end of the document.")
	}
	return r, sizes, nil
}

// vehiclesProblem compares the vehicles fn got with want, the feed's
// vehicles, written in data with each one's start at starts: "" when they
// are the same; else the first difference, with where that vehicle is in
// the feed and its XML. prefix says that fewer vehicles are fine (a feed
// cut short).
func vehiclesProblem(got, want []contract.Vehicle, data []byte, starts []int64, prefix bool) string {
	for i := range min(len(got), len(want)) {
		if d := judge.Diff(want[i], got[i]); d != "" {
			return fmt.Sprintf("vehicle %d of %d (at byte %d of the feed) is not what the feed says:\n%s\nIts XML: %s",
				i+1, len(want), starts[i], d, quoteLong(vehicleXML(data, starts, i)))
		}
	}
	switch {
	case len(got) > len(want):
		return fmt.Sprintf("fn got %d vehicles, but the feed has %d: the extra ones start with %+v", len(got), len(want), got[len(want)])
	case len(got) < len(want) && !prefix:
		return fmt.Sprintf("fn got only %d of the feed's %d vehicles; the first one missing is at byte %d: %s",
			len(got), len(want), starts[len(got)], judge.Quote(vehicleXML(data, starts, len(got))))
	}
	return ""
}

// quoteLong quotes a vehicle's XML, cut only past 600 bytes: the field
// that differs is often near its end.
func quoteLong(p []byte) string {
	if len(p) <= 600 {
		return strconv.Quote(string(p))
	}
	return fmt.Sprintf("%s… (%d bytes)", strconv.Quote(string(p[:600])), len(p))
}

// vehicleXML is vehicle i's element in data, as written: up to the
// first end tag whose name ends in vehicle.
func vehicleXML(data []byte, starts []int64, i int) []byte {
	b := data[starts[i]:]
	for off := 0; ; {
		j := bytes.Index(b[off:], []byte("</"))
		if j < 0 {
			return b
		}
		k := bytes.IndexByte(b[off+j:], '>')
		if k < 0 {
			return b
		}
		end := off + j + k + 1
		if name := b[off+j+2 : end-1]; bytes.HasSuffix(name, []byte("vehicle")) {
			return b[:end]
		}
		off = end
	}
}

// checkValues runs ReadFeed on a feed of vs written in st and compares.
func checkValues(t *judge.T, vs []contract.Vehicle, st style, what, why, hint string) error {
	data, starts := feed(t.Rand, vs, st)
	r, sizes, err := readSmall(t, data)
	if err != nil {
		return err
	}
	detail := fmt.Sprintf("The peer sent a feed of %d vehicles%s, %d bytes in %d fragments (%s), each once you had read the one before, then closed.",
		len(vs), what, len(data), len(sizes), harness.SizesText(sizes))
	var probs []string
	if r.Err != nil {
		probs = append(probs, fmt.Sprintf("ReadFeed returned an error for a complete, valid feed: %s", r.Err.Text))
		why, hint = whyStream, "Read tokens until the end element of feed; a Read that returns part of a tag is normal, and the decoder handles it."
	}
	if p := vehiclesProblem(r.Vehicles, vs, data, starts, r.Err != nil); p != "" {
		probs = append(probs, p)
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%s", strings.Join(probs, "\n")).With(detail, why, hint)
}

func checkFragments(t *judge.T) error {
	vs := vehicles(t.Rand, 15+t.Rand.IntN(15))
	withNotes(t.Rand, vs)
	return checkValues(t, vs, style{notes: true}, " (notes with entities and CDATA sections)",
		whyStream+" An element's text can come as several tokens too: each CDATA section is an xml.CharData token of its own, and so is the text between them.",
		"id is an attribute of <vehicle>, lat and lon are attributes of <position>; route, time and note are elements whose text is every xml.CharData token up to their end, joined.")
}

func checkNamespaces(t *judge.T) error {
	vs := vehicles(t.Rand, 8+t.Rand.IntN(8))
	withNotes(t.Rand, vs)
	prefix := []string{"t", "tr", "ns1"}[t.Rand.IntN(3)]
	return checkValues(t, vs, style{prefix: prefix, decoys: true, notes: true},
		fmt.Sprintf(" whose transit elements have the prefix %q, and elements and attributes with the same local names in another namespace (urn:netcourse:other) beside them", prefix),
		"a prefix is only a local shorthand for a namespace, chosen by whoever writes the document; what names an element is its namespace and local name. The Decoder resolves prefixes: its xml.Name has the namespace in Space, whatever the prefix was.",
		"Compare xml.Name{Space, Local} with the README's namespace, not Local alone, and take attributes whose Space is empty (unprefixed attributes have no namespace).")
}

func checkUnknown(t *judge.T) error {
	vs := vehicles(t.Rand, 8+t.Rand.IntN(8))
	return checkValues(t, vs, style{unknown: true}, ", with elements ReadFeed does not know (holding routes, times, notes and even vehicles of their own), comments and processing instructions among them",
		"a feed grows: tomorrow's has elements today's reader never heard of, and they may hold elements with familiar names that mean something else there. Only the vehicle elements directly in feed are the feed's vehicles, and only the route, position, time and note directly in a vehicle are its own.",
		"When a start element is not one you expect at this depth, skip it with all it holds (Decoder.Skip, or a depth counter) instead of looking inside it.")
}

func checkTruncated(t *judge.T) error {
	vs := vehicles(t.Rand, 10+t.Rand.IntN(10))
	data, starts := feed(t.Rand, vs, style{})
	// Cut just after a whole vehicle: what was read parses as a shorter
	// feed, and only the missing </feed> tells it is not one.
	k := 3 + t.Rand.IntN(len(vs)-4)
	cut := int(starts[k])
	if t.Rand.IntN(3) == 0 {
		cut += 5 + t.Rand.IntN(30) // or in the middle of the next one
	}
	r, sizes, err := readSmall(t, data[:cut])
	if err != nil {
		return err
	}
	detail := fmt.Sprintf("The peer sent the first %d bytes of a %d-byte feed (%d fragments), ending %s, then closed.",
		cut, len(data), len(sizes), judge.Quote(data[max(0, cut-40):cut]))
	var probs []string
	if r.Err == nil {
		probs = append(probs, fmt.Sprintf("ReadFeed returned nil for a feed cut short after %d of its %d vehicles: it has no </feed>", min(k, len(r.Vehicles)), len(vs)))
	}
	if p := vehiclesProblem(r.Vehicles, vs[:k], data, starts, true); p != "" {
		probs = append(probs, p)
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%s", strings.Join(probs, "\n")).With(detail, whyEnd,
		"Return the error the decoder gives when the input ends before </feed> (a *xml.SyntaxError, \"unexpected EOF\"): break out of the loop on the end element of feed only, and return every other error.")
}

// peakRun is ReadFeed against the peers serve starts, for a budget in
// peak memory.
func peakRun(serve func(started func()) (*fixtures.Server, error), within time.Duration) harness.PeakRun[contract.FeedArgs, contract.Feed] {
	return harness.PeakRun[contract.FeedArgs, contract.Feed]{
		Op:     contract.ReadFeed,
		Args:   func(addr string) contract.FeedArgs { return contract.FeedArgs{Addr: addr, Idle: idle} },
		Serve:  serve,
		Within: within,
	}
}

// hostile runs ReadFeed on the feed serve sends, the submission's and, if
// it did not fail on its own, the reference solution's, which must return
// an error; it returns the submission's run, the reference's peak memory,
// and an error for what ended the check early.
func hostile(t *judge.T, serve func(started func()) (*fixtures.Server, error), within time.Duration, what, hang, hint string) (harness.Peak[contract.Feed], int64, error) {
	run := peakRun(serve, within)
	run.RefOK = func(r contract.Feed) error {
		if r.Err == nil {
			return fmt.Errorf("ReadFeed returned nil for %s", what)
		}
		return nil
	}
	mine, ref, err := run.Run(t)
	if mine.Err != nil {
		return mine, 0, harness.TimedOut(mine.Err, hang, hint)
	}
	return mine, ref, err
}

func checkBig(t *judge.T) error {
	seed1, seed2 := t.Rand.Uint64(), t.Rand.Uint64()
	type sent struct {
		count  int
		digest uint64
		err    error
	}
	// The submission and the reference read the same feed: it is made
	// once.
	var count int
	var digest uint64
	feed := fixtures.NewReplay(func(w io.Writer) (err error) {
		count, digest, err = stream(w, newRand(seed1, seed2), bigVehicles, style{notes: true})
		return err
	})
	defer feed.Close()
	var sents []*harness.Observed[sent]
	serve := func(started func()) (*fixtures.Server, error) {
		o := harness.NewObserved[sent]()
		sents = append(sents, o)
		return harness.Serve(t, func(c *net.TCPConn) {
			if _, err := feed.WriteTo(&harness.Progress{W: c, Started: started}); err != nil {
				o.Add(sent{err: err})
				return
			}
			// Made in full: count and digest are set.
			o.Add(sent{count, digest, fixtures.FinishWrite(c, bigWithin)})
		})
	}
	hang := fmt.Sprintf("ReadFeed did not return within %v from a feed of %d vehicles, sent as fast as it read them", bigWithin, bigVehicles)
	hint := "Read one token at a time with Decoder.Token, and call fn as soon as a vehicle's end element arrives."
	mine, ref, err := peakRun(serve, bigWithin).Run(t)
	if mine.Err != nil {
		return harness.TimedOut(mine.Err, hang, hint)
	}
	if err != nil {
		return err
	}
	s, err := sents[0].First(t, readWithin, func() *judge.Failure {
		return judge.Fail("ReadFeed returned, but the peer never finished sending the feed")
	})
	if err != nil {
		return err
	}
	if s.err != nil && mine.R.Err == nil {
		return judge.Fail("ReadFeed returned nil after reading %d vehicles, but the peer could not send the whole feed of %d: %v", mine.R.Count, bigVehicles, s.err).With("", whyEnd, hint)
	}
	detail := fmt.Sprintf("The peer sent a feed of %d vehicles (%d MB) as fast as ReadFeed read it.", bigVehicles, 16)
	var probs []string
	if mine.R.Err != nil {
		probs = append(probs, fmt.Sprintf("ReadFeed returned an error for a complete, valid feed, after %d vehicles: %s", mine.R.Count, mine.R.Err.Text))
	} else if mine.R.Count != s.count || mine.R.Digest != s.digest {
		probs = append(probs, fmt.Sprintf("fn got %d vehicles, the feed has %d, and they are not all the feed's (their digest differs): the checks of small feeds show the first wrong vehicle", mine.R.Count, s.count))
	}
	if p := harness.MemoryProblem("ReadFeed", mine.Peak, ref, "reading it"); p != "" {
		probs = append(probs, p)
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%s", strings.Join(probs, "\n")).With(detail, whyMemory, hint)
}

func checkDeep(t *judge.T) error {
	const depth = 1_000_000
	vs := vehicles(t.Rand, 2)
	head, _ := feed(t.Rand, vs, style{})
	head = bytes.TrimSuffix(head, []byte("</feed>\n"))
	serve := func(func()) (*fixtures.Server, error) {
		return harness.Serve(t, func(c *net.TCPConn) {
			if _, err := c.Write(head); err != nil {
				return
			}
			// A million <x> that never close, then a close of the feed
			// that does not match.
			chunk := bytes.Repeat([]byte("<x>"), 16<<10)
			for i := 0; i < depth; i += 16 << 10 {
				if _, err := c.Write(chunk); err != nil {
					return
				}
			}
			c.Write([]byte("</feed>\n"))
			fixtures.FinishWrite(c, readWithin)
		})
	}
	what := fmt.Sprintf("a feed with an element nested %d deep", depth)
	mine, ref, err := hostile(t, serve, hostileWithin, what, fmt.Sprintf("%s did not make ReadFeed return within %v", what, hostileWithin), "Stop with an error past a depth no real feed reaches.")
	if err != nil {
		return err
	}
	return hostileVerdict(mine, ref, what, fmt.Sprintf("The peer sent two vehicles, then %d start elements <x> in a row and a </feed> that closes none of them, then closed.", depth),
		"Count how deep you are and stop with an error past a limit, also while you skip: Decoder.Skip has no limit of its own (DecodeElement stops at 10,000).")
}

func checkHugeToken(t *judge.T) error {
	const size = 16 << 20
	vs := vehicles(t.Rand, 2)
	head, _ := feed(t.Rand, vs, style{})
	head = bytes.TrimSuffix(head, []byte("</feed>\n"))
	head = append(head, []byte("  <vehicle id=\"V0\"><note>")...)
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
			c.Write([]byte("</note></vehicle></feed>\n"))
			fixtures.FinishWrite(c, readWithin)
		})
	}
	what := fmt.Sprintf("a feed with a note of %d MB of text, one token", size>>20)
	mine, ref, err := hostile(t, serve, hostileWithin, what, fmt.Sprintf("%s did not make ReadFeed return within %v", what, hostileWithin), "Count the bytes the decoder reads for one token, and stop past a limit.")
	if err != nil {
		return err
	}
	return hostileVerdict(mine, ref, what, fmt.Sprintf("The peer sent two vehicles, then a third whose <note> holds %d MB of text, then closed the feed properly.", size>>20),
		"The decoder holds a whole token in memory: give it a reader that counts the bytes read since the last token and fails past a limit (the README's MaxToken), and return that error.")
}

// hostileVerdict wants an error, and the peak memory within the budget.
func hostileVerdict(mine harness.Peak[contract.Feed], ref int64, what, detail, hint string) error {
	var probs []string
	if mine.R.Err == nil {
		probs = append(probs, fmt.Sprintf("ReadFeed returned nil for %s, after %d vehicles", what, mine.R.Count))
	}
	if p := harness.MemoryProblem("ReadFeed", mine.Peak, ref, "reading "+what); p != "" {
		probs = append(probs, p)
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%s", strings.Join(probs, "\n")).With(detail,
		"a feed comes from someone else's program, broken or hostile: one that makes your reader hold without limit takes down the process, and every other feed with it. Hostile input must be an error, and cheap.", hint)
}

func checkInvalidUTF8(t *judge.T) error {
	vs := vehicles(t.Rand, 6+t.Rand.IntN(6))
	withNotes(t.Rand, vs)
	k := 2 + t.Rand.IntN(len(vs)-3)
	vs[k].Note = "caf@@ " + vs[k].Note
	data, _ := feed(t.Rand, vs, style{})
	data = bytes.Replace(data, []byte("caf@@"), []byte("caf\xe9"), 1) // Latin-1's é, not UTF-8
	r, _, err := readSmall(t, data)
	if err != nil {
		return err
	}
	if r.Err != nil {
		return nil
	}
	return judge.Fail("ReadFeed returned nil for a feed that is not valid UTF-8: vehicle %d's note has the byte 0xE9 alone (Latin-1's é)", k+1).With(
		fmt.Sprintf("The feed says encoding=\"UTF-8\"; %s.", noteOf(r.Vehicles, k)),
		"a document that is not in its declared encoding is not well-formed XML: taking it anyway passes bytes on that every later step may misread.",
		"Let the decoder check it: Decoder.Token returns a *xml.SyntaxError (\"invalid UTF-8\"); return it, and do not clean the input up first.")
}

func noteOf(vs []contract.Vehicle, k int) string {
	if k < len(vs) {
		return fmt.Sprintf("fn got the note %q", vs[k].Note)
	}
	return fmt.Sprintf("fn got %d vehicles, not that one", len(vs))
}

// stallWords are this exercise's words for harness.StallVerdict.
var stallWords = harness.StallWords{Thing: "feed", WhyIdle: whyIdle, WhyEnd: whyEnd, Fix: deadlineFix}

// stallOnce runs op, the submission's or the reference solution's,
// against a fresh peer that sends part in fragments sizes and goes silent.
func stallOnce[R any](t *judge.T, op wire.Op[contract.FeedArgs, R], part []byte, sizes []int, stallIdle, within time.Duration, reference bool, out func(R) harness.StallOutcome) (harness.StallOutcome, error) {
	return harness.Stall[contract.FeedArgs, R]{
		Op: op, Part: part, Sizes: sizes, Idle: stallIdle, Within: within, DripWait: dripWait, Out: out,
		Args: func(addr string) contract.FeedArgs {
			return contract.FeedArgs{Addr: addr, Idle: stallIdle, Keep: keepAll}
		},
	}.Once(t, reference)
}

func checkStall(t *judge.T) error {
	stallIdle := time.Duration(300+t.Rand.IntN(100)) * time.Millisecond
	vs := vehicles(t.Rand, 4+t.Rand.IntN(4))
	data, starts := feed(t.Rand, vs, style{})
	// Stop in the middle of a name in the last vehicle's route element.
	last := data[starts[len(vs)-1]:]
	cut := int(starts[len(vs)-1]) + bytes.Index(last, []byte("<route")) + 4
	part := data[:cut]
	sizes := fixtures.Split(t.Rand, len(part), 20, 200)
	within := stallIdle + 3*time.Second + time.Duration(len(sizes))*100*time.Millisecond
	out := func(r contract.Feed) harness.StallOutcome {
		return harness.StallOutcome{Err: r.Err, Elapsed: r.Elapsed, Got: fmt.Sprintf("%d vehicles", r.Count)}
	}
	run := func(reference bool) (harness.StallOutcome, error) {
		return stallOnce(t, contract.ReadFeed, part, sizes, stallIdle, within, reference, out)
	}
	o, err := run(false)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("no deadline: ReadFeed(conn, %v, fn) did not return within %v; the peer sent %d bytes of a feed, stopped in the middle of a tag, and went silent without closing", stallIdle, within, len(part)),
			deadlineFix)
	}
	return harness.StallVerdict("ReadFeed", o, stallIdle, run, stallWords,
		fmt.Sprintf("ReadFeed(conn, %v, fn) against a peer that sent %d bytes in %d fragments, ending %s in the middle of a tag, then nothing more, and did not close.",
			stallIdle, len(part), len(sizes), judge.Quote(part[max(0, len(part)-30):])))
}

func checkSlow(t *judge.T) error {
	vs := vehicles(t.Rand, 10+t.Rand.IntN(5))
	data, starts := feed(t.Rand, vs, style{})
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
	_, r, err := harness.Call(t, contract.ReadFeed, contract.FeedArgs{Addr: srv.Addr(), Idle: slowIdle, Keep: keepAll}, within)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("ReadFeed did not return within %v, although the peer sent the whole feed and closed", within), "Return at the end element of feed.")
	}
	detail := fmt.Sprintf("ReadFeed(conn, %v, fn) against a peer that sent a %d-byte feed in %d pieces %v apart (%v in all, longer than the idle timeout, but never silent that long), then closed.",
		slowIdle, len(data), len(sizes), slowGap, spread)
	var probs []string
	why, hint := whyIdle, "Renew the deadline before each Read (time.Now().Add(idle)), rather than setting one for the whole feed."
	if r.Err != nil {
		probs = append(probs, fmt.Sprintf("ReadFeed returned an error after %s for a slow but healthy feed: %s", approx(r.Elapsed), r.Err.Text))
		if !r.Err.Timeout {
			why, hint = whyStream, "Read tokens until the end element of feed."
		}
	}
	if p := vehiclesProblem(r.Vehicles, vs, data, starts, r.Err != nil); p != "" {
		probs = append(probs, p)
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%s", strings.Join(probs, "\n")).With(detail, why, hint)
}
