package xmlfeed

import (
	"bufio"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"netcourse/grader/course/3.2-xmlfeed/contract"
)

// ns is the feed's namespace, as the README names it.
const ns = "urn:netcourse:transit:1"

// style says how a feed is written: the same vehicles can be written many
// ways, and a reader must get the same values from each.
type style struct {
	prefix  string // the transit namespace's prefix; "" for the default namespace
	decoys  bool   // names in another namespace with the transit names' local parts
	unknown bool   // elements the reader does not know, holding ones it does
	notes   bool   // notes with entities, CDATA sections and both
}

func newRand(a, b uint64) *rand.Rand { return rand.New(rand.NewPCG(a, b)) }

// vehicles makes n vehicles from rng.
func vehicles(rng *rand.Rand, n int) []contract.Vehicle {
	vs := make([]contract.Vehicle, n)
	base := time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC).Unix()
	for i := range vs {
		vs[i] = vehicle(rng, i, base)
	}
	return vs
}

var zones = []*time.Location{time.UTC, time.FixedZone("", 2*3600), time.FixedZone("", -5*3600-30*60)}

func vehicle(rng *rand.Rand, i int, base int64) contract.Vehicle {
	v := contract.Vehicle{
		ID:    "V" + strconv.Itoa(i+1) + "-" + strconv.Itoa(rng.IntN(1000)),
		Route: strconv.Itoa(1+rng.IntN(99)) + string(rune('A'+rng.IntN(6))),
		Lat:   float64(rng.IntN(180_000_000)-90_000_000) / 1e6,
		Lon:   float64(rng.IntN(360_000_000)-180_000_000) / 1e6,
		Time:  time.Unix(base+int64(rng.IntN(86400)), 0).In(zones[rng.IntN(len(zones))]),
	}
	if rng.IntN(4) == 0 {
		v.Time = v.Time.Add(time.Duration(1+rng.IntN(999)) * time.Millisecond)
	}
	return v
}

// noteWords are a note's pieces: markup characters and non-ASCII among them.
var noteWords = []string{"delay", "5 min", "<diverted>", "A & B", "\"express\"", "it's", "café", "→ depot", "x<y", "]]", "line\nbreak"}

// withNotes gives some of vs a note.
func withNotes(rng *rand.Rand, vs []contract.Vehicle) {
	for i := range vs {
		if rng.IntN(3) == 0 {
			continue
		}
		var parts []string
		for range 1 + rng.IntN(4) {
			parts = append(parts, noteWords[rng.IntN(len(noteWords))])
		}
		vs[i].Note = strings.Join(parts, " ")
	}
}

// writer writes a feed in a style, remembering where each vehicle starts.
type writer struct {
	w      *bufio.Writer
	rng    *rand.Rand
	st     style
	n      int64   // bytes written
	starts []int64 // offset of each vehicle's start tag, when kept
	keep   bool
	// topDone says unknownTop was called before.
	topDone bool
}

// s writes the parts one after the other: the 16 MB feed is not made
// of concatenated strings.
func (w *writer) s(parts ...string) {
	for _, p := range parts {
		w.w.WriteString(p)
		w.n += int64(len(p))
	}
}

// name is a transit element's qualified name.
func (w *writer) name(local string) string {
	if w.st.prefix == "" {
		return local
	}
	return w.st.prefix + ":" + local
}

func (w *writer) header() {
	w.s(`<?xml version="1.0" encoding="UTF-8"?>`, "\n")
	if w.st.prefix == "" {
		w.s(`<feed xmlns="`, ns, `" xmlns:o="urn:netcourse:other">`, "\n")
	} else {
		w.s(`<`, w.name("feed"), ` xmlns:`, w.st.prefix, `="`, ns, `" xmlns="urn:netcourse:other" xmlns:o="urn:netcourse:other">`, "\n")
	}
}

func (w *writer) footer() { w.s("</", w.name("feed"), ">\n") }

// escape is text as character data, with some entities spelled as numbers.
func (w *writer) escape(s string) string {
	if !mayEscape(s) {
		return s // most text: nothing to escape, no choice to make
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString([]string{"&quot;", "&#34;"}[w.rng.IntN(2)])
		case '\'':
			b.WriteString("&apos;")
		case 'é':
			b.WriteString([]string{"é", "&#233;", "&#xE9;"}[w.rng.IntN(3)])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mayEscape reports whether s holds a byte escape may change: one of
// &<>"', or 0xC3, the first of é's (and other letters', which escape
// leaves as they are). A loop over bytes: strings.ContainsAny with a
// non-ASCII é is slower than making the 16 MB feed.
func mayEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '&', '<', '>', '"', '\'', 0xC3:
			return true
		}
	}
	return false
}

// text writes s as an element's content: escaped text, or with notes, in
// pieces each escaped or in a CDATA section.
func (w *writer) text(s string) {
	if !w.st.notes || s == "" {
		w.s(w.escape(s))
		return
	}
	for s != "" {
		k := min(len(s), 1+w.rng.IntN(12))
		for k < len(s) && !utf8Start(s[k]) {
			k++
		}
		piece := s[:k]
		s = s[k:]
		if w.rng.IntN(2) == 0 && !strings.Contains(piece, "]]") {
			w.s("<![CDATA[", piece, "]]>")
		} else {
			w.s(w.escape(piece))
		}
	}
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

func (w *writer) attr(name, value string) {
	q := []string{`"`, `'`}[w.rng.IntN(2)]
	w.s(" ", name, "=", q, w.escape(value), q)
}

func (w *writer) vehicle(v contract.Vehicle) {
	if w.keep {
		w.starts = append(w.starts, w.n)
	}
	w.s("  <", w.name("vehicle"))
	// Attributes of another namespace come first: encoding/xml's struct
	// tags cannot ask for an attribute of no namespace, so a decoy after
	// ours would fail a correct DecodeElement.
	if w.st.decoys {
		w.attr("o:id", "decoy-"+v.ID)
	}
	w.attr("id", v.ID)
	w.s(">\n")
	w.unknownIn()
	w.s("    <", w.name("route"), ">", w.escape(v.Route), "</", w.name("route"), ">\n")
	if w.st.decoys {
		w.s(`    <o:route>R`, strconv.Itoa(w.rng.IntN(1000)), "</o:route>\n")
	}
	w.unknownIn()
	lat, lon := strconv.FormatFloat(v.Lat, 'f', -1, 64), strconv.FormatFloat(v.Lon, 'f', -1, 64)
	w.s("    <", w.name("position"))
	if w.st.decoys {
		w.attr("o:lat", "0")
	}
	if w.rng.IntN(2) == 0 {
		w.attr("lat", lat)
		w.attr("lon", lon)
	} else {
		w.attr("lon", lon)
		w.attr("lat", lat)
	}
	w.s("/>\n")
	w.s("    <", w.name("time"), ">", v.Time.Format(time.RFC3339Nano), "</", w.name("time"), ">\n")
	if v.Note != "" {
		w.s("    <", w.name("note"), ">")
		w.text(v.Note)
		w.s("</", w.name("note"), ">\n")
	}
	if w.st.decoys {
		w.s("    <o:note>not a note</o:note>\n")
		// The same name as the route, in another namespace here.
		if w.st.prefix == "" {
			w.s(`    <route xmlns="urn:netcourse:other">R0</route>`, "\n")
		} else {
			w.s(`    <`, w.name("route"), ` xmlns:`, w.st.prefix, `="urn:netcourse:other">R0</`, w.name("route"), ">\n")
		}
	}
	w.unknownIn()
	w.s("  </", w.name("vehicle"), ">\n")
}

// unknownIn writes, now and then, an element the reader does not know
// inside a vehicle, holding transit elements that are not the vehicle's.
func (w *writer) unknownIn() {
	if !w.st.unknown || w.rng.IntN(2) == 0 {
		return
	}
	switch w.rng.IntN(4) {
	case 0:
		w.s("    <", w.name("trip"), "><", w.name("route"), ">T", strconv.Itoa(w.rng.IntN(100)), "</", w.name("route"), "><", w.name("stops"), "><", w.name("time"), ">2001-01-01T00:00:00Z</", w.name("time"), "></", w.name("stops"), "></", w.name("trip"), ">\n")
	case 1:
		w.s("    <!-- <", w.name("route"), ">C1</", w.name("route"), "> -->\n")
	case 2:
		w.s("    <", w.name("occupancy"), ` level="3"><`, w.name("note"), ">crowded</", w.name("note"), "></", w.name("occupancy"), ">\n")
	default:
		w.s("    <?render fast?><", w.name("position"), "s><", w.name("position"), ` lat="1" lon="1"/></`, w.name("position"), "s>\n")
	}
}

// unknownTop writes, now and then, an element the reader does not know
// between vehicles, holding a vehicle that is not the feed's.
// The first call writes both kinds, so that every such feed has them.
func (w *writer) unknownTop() {
	if !w.st.unknown {
		return
	}
	first := !w.topDone
	w.topDone = true
	if !first && w.rng.IntN(3) != 0 {
		return
	}
	kind := w.rng.IntN(2)
	if first || kind == 0 {
		ghost := contract.Vehicle{ID: "ghost", Route: "G", Time: time.Unix(0, 0).UTC()}
		w.s("  <", w.name("archive"), ">\n")
		keep := w.keep
		w.keep = false
		w.vehicle(ghost)
		w.keep = keep
		w.s("  </", w.name("archive"), ">\n")
	}
	if first || kind == 1 {
		w.s(`  <o:vehicle id="ghost"><o:route>G</o:route></o:vehicle>`, "\n")
	}
}

// feed writes a whole feed of vs in st, and where each vehicle starts.
func feed(rng *rand.Rand, vs []contract.Vehicle, st style) ([]byte, []int64) {
	var b strings.Builder
	w := &writer{w: bufio.NewWriter(&b), rng: rng, st: st, keep: true}
	w.header()
	for _, v := range vs {
		w.unknownTop()
		w.vehicle(v)
	}
	w.unknownTop()
	w.footer()
	w.w.Flush()
	return []byte(b.String()), w.starts
}

// stream writes a feed of n vehicles made from rng as it goes, so a
// feed of any size costs the judge no memory, and returns the digest of
// the vehicles it wrote (contract.Digest). It stops at the first error.
func stream(out io.Writer, rng *rand.Rand, n int, st style) (count int, digest uint64, err error) {
	bw := bufio.NewWriterSize(out, 64<<10)
	w := &writer{w: bw, rng: rng, st: st}
	w.header()
	base := time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC).Unix()
	one := make([]contract.Vehicle, 1)
	for i := range n {
		v := vehicle(rng, i, base)
		if st.notes {
			one[0] = v
			withNotes(rng, one)
			v = one[0]
		}
		w.unknownTop()
		w.vehicle(v)
		digest = contract.Digest(digest, v)
		count++
		if _, err := bw.Write(nil); err != nil {
			return count, digest, err // the reader has gone
		}
	}
	w.footer()
	return count, digest, bw.Flush()
}
