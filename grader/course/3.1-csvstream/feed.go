package csvstream

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"netcourse/grader/course/3.1-csvstream/contract"
	"netcourse/grader/internal/harness"
)

// needed are the columns ReadItems must find in the header.
var needed = []string{"sku", "name", "qty", "price"}

// style says what a feed's text looks like.
type style struct {
	crlf   bool     // lines end in CRLF, not LF
	bom    bool     // a UTF-8 byte order mark before the header
	extras []string // columns ReadItems does not know, placed among the needed ones
	last   []string // columns ReadItems does not know, placed after the needed ones
	tricky bool     // names and notes with commas, quotes and newlines, and plain fields quoted at random
	blank  bool     // an empty line after the last record
	rename string   // a needed column written under another name in the header
}

// record is one record of a feed as sent, for messages.
type record struct {
	line int
	text []byte
}

// feed is a CSV stock feed and what ReadItems must make of it.
type feed struct {
	rng     *rand.Rand
	st      style
	header  []string
	buf     bytes.Buffer
	records []record
	items   []contract.Item // the good rows
	bad     []int           // the lines of the malformed rows
}

// newFeed starts a feed with its header, the columns in a random order.
func newFeed(rng *rand.Rand, st style) *feed {
	f := &feed{rng: rng, st: st}
	f.header = append(append([]string{}, needed...), st.extras...)
	rng.Shuffle(len(f.header), func(i, j int) { f.header[i], f.header[j] = f.header[j], f.header[i] })
	f.header = append(f.header, st.last...)
	if st.bom {
		f.buf.WriteString("\ufeff")
	}
	names := slices.Clone(f.header)
	if i := slices.Index(names, st.rename); i >= 0 {
		names[i] += "_" + harness.Word(rng, 3)
	}
	f.write(names, false) // quoted only where it must be: the rows are the test
	return f
}

// bytes is the feed as the peer sends it.
func (f *feed) bytes() []byte {
	if f.st.blank {
		return append(bytes.Clone(f.buf.Bytes()), f.eol()...)
	}
	return f.buf.Bytes()
}

func (f *feed) eol() string {
	if f.st.crlf {
		return "\r\n"
	}
	return "\n"
}

// line is the line the next record starts on.
func (f *feed) line() int { return 1 + bytes.Count(f.buf.Bytes(), []byte("\n")) }

// write appends one record, quoting the fields that need it (and, in a
// tricky feed, some that do not), and returns the line it starts on.
func (f *feed) write(fields []string, keep bool) int {
	line, start := f.line(), f.buf.Len()
	for i, s := range fields {
		if i > 0 {
			f.buf.WriteByte(',')
		}
		if strings.ContainsAny(s, ",\"\r\n") || (keep && f.st.tricky && f.rng.IntN(3) == 0) {
			s = `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
		f.buf.WriteString(s)
	}
	f.buf.WriteString(f.eol())
	if keep {
		f.records = append(f.records, record{line: line, text: bytes.Clone(f.buf.Bytes()[start:])})
	}
	return line
}

// values are one row's fields by column name.
type values map[string]string

func (f *feed) fields(v values) []string {
	out := make([]string, len(f.header))
	for i, col := range f.header {
		out[i] = v[col]
	}
	return out
}

// random makes a good row's values.
func (f *feed) random() values {
	rng := f.rng
	v := values{
		"sku":  fmt.Sprintf("%s-%04d", strings.ToUpper(harness.Word(rng, 2)), rng.IntN(10000)),
		"name": f.text(),
		"qty":  strconv.Itoa(rng.IntN(2000) - 20),
	}
	switch rng.IntN(4) {
	case 0:
		v["price"] = strconv.Itoa(rng.IntN(500))
	default:
		v["price"] = fmt.Sprintf("%d.%02d", rng.IntN(500), rng.IntN(100))
	}
	for _, col := range append(append([]string{}, f.st.extras...), f.st.last...) {
		v[col] = f.text()
	}
	return v
}

// text is a name or a note: words, and in a tricky feed now and then a
// comma, a quoted word or a newline. A newline inside a field is always LF:
// encoding/csv turns a quoted CRLF into LF, and a hand-made reader would
// not, so the grader does not ask.
func (f *feed) text() string {
	rng := f.rng
	words := make([]string, 1+rng.IntN(3))
	for i := range words {
		words[i] = harness.Word(rng, 3+rng.IntN(5))
	}
	if f.st.tricky && rng.IntN(2) == 0 {
		i := rng.IntN(len(words))
		switch rng.IntN(3) {
		case 0:
			words[i] += ","
		case 1:
			words[i] = `"` + words[i] + `"`
		case 2:
			words[i] += "\n"
		}
	}
	return strings.ReplaceAll(strings.Join(words, " "), "\n ", "\n")
}

// good appends a good row.
func (f *feed) good() { f.goodNamed("") }

// goodNamed appends a good row with that name, or a random one for "".
func (f *feed) goodNamed(name string) {
	v := f.random()
	if name != "" {
		v["name"] = name
	}
	line := f.write(f.fields(v), true)
	price, _ := strconv.ParseFloat(v["price"], 64)
	qty, _ := strconv.Atoi(v["qty"])
	f.items = append(f.items, contract.Item{Line: line, SKU: v["sku"], Name: v["name"], Qty: qty,
		Price: strconv.FormatFloat(price, 'g', -1, 64)})
}

// ragged appends a row with a field too few or too many.
func (f *feed) ragged() {
	fields := f.fields(f.random())
	if f.rng.IntN(2) == 0 {
		fields = fields[:len(fields)-1]
	} else {
		fields = append(fields, harness.Word(f.rng, 4))
	}
	f.bad = append(f.bad, f.write(fields, true))
}

// Numbers that neither strconv.Atoi nor strconv.ParseFloat take, and
// quantities that are not whole.
var (
	badQty   = []string{"12x", "", "1.5", "seven", "99999999999999999999", "3 4"}
	badPrice = []string{"abc", "", "1.2.3", "12,50", "$4.20", "4.2O"}
)

// badNumber appends a row whose quantity or price does not parse.
func (f *feed) badNumber() {
	v := f.random()
	if f.rng.IntN(2) == 0 {
		v["qty"] = badQty[f.rng.IntN(len(badQty))]
	} else {
		v["price"] = badPrice[f.rng.IntN(len(badPrice))]
	}
	f.bad = append(f.bad, f.write(f.fields(v), true))
}

// goods appends n good rows.
func (f *feed) goods(n int) {
	for range n {
		f.good()
	}
}

// mixed appends n rows, bad ones among them made by bad; never two bad
// rows in a row, and a good row after each, so dropping the row after a
// malformed one shows.
func (f *feed) mixed(n, nbad int, bad func()) {
	at := map[int]bool{}
	for len(at) < nbad {
		i := 1 + f.rng.IntN(n-2)
		if !at[i-1] && !at[i+1] {
			at[i] = true
		}
	}
	for i := range n {
		if at[i] {
			bad()
		} else {
			f.good()
		}
	}
}

// recordAt is the record that starts on line, if any.
func (f *feed) recordAt(line int) (record, bool) {
	for _, r := range f.records {
		if r.line == line {
			return r, true
		}
	}
	return record{}, false
}
