package jsonapi

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode/utf8"

	"netcourse/grader/course/3.3-jsonapi/contract"
)

func newRand(a, b uint64) *rand.Rand { return rand.New(rand.NewPCG(a, b)) }

// space is white space between tokens, from none to a line break and an
// indent.
func space(rng *rand.Rand) string { return spaces[rng.IntN(len(spaces))] }

var spaces = [...]string{"", "", " ", "\n  ", "\t", "\r\n"}

// str is s as a JSON string, sometimes with every non-ASCII letter
// written as a \u escape: the decoder must give the same string.
func str(rng *rand.Rand, s string) string { return string(appendStr(nil, rng, s)) }

// appendStr appends str(rng, s) to dst: the 16 MB array is made of
// appends, not of strings.
func appendStr(dst []byte, rng *rand.Rand, s string) []byte {
	if plain(s) {
		// What json.Marshal makes of it, either way: no letter to escape.
		rng.IntN(2)
		return append(append(append(dst, '"'), s...), '"')
	}
	b, _ := json.Marshal(s)
	if rng.IntN(2) == 0 {
		return append(dst, b...)
	}
	const hex = "0123456789abcdef"
	for _, r := range string(b) {
		if r > 0x7f && r <= 0xffff {
			dst = append(dst, '\\', 'u', hex[r>>12], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
		} else {
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}

// plain reports whether s is printable ASCII that JSON and Go quote as
// it is: no quote, backslash, or <, > and & (which json.Marshal escapes).
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < ' ' || b > '~' || b == '"' || b == '\\' || b == '<' || b == '>' || b == '&' {
			return false
		}
	}
	return true
}

// object writes fields, each a key and its JSON text, in the order given,
// with white space from rng.
func object(rng *rand.Rand, fields [][2]string) string {
	return string(appendObject(nil, rng, fields))
}

func appendObject(dst []byte, rng *rand.Rand, fields [][2]string) []byte {
	dst = append(dst, '{')
	for i, f := range fields {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, space(rng)...)
		dst = appendKey(dst, f[0])
		dst = append(dst, space(rng)...)
		dst = append(dst, ':')
		dst = append(dst, space(rng)...)
		dst = append(dst, f[1]...)
	}
	dst = append(dst, space(rng)...)
	return append(dst, '}')
}

// appendKey appends key quoted, as strconv.AppendQuote does.
func appendKey(dst []byte, key string) []byte {
	if plain(key) {
		return append(append(append(dst, '"'), key...), '"')
	}
	return strconv.AppendQuote(dst, key)
}

// unknownFields are fields the reply's struct does not have.
var unknownFields = [][2]string{
	{"links", `{"self": "/v1/things/7", "next": null}`},
	{"_version", `3`},
	{"history", `[{"at": "2026-01-01", "price": 1e3}, [1, [2, [3]]], "x"]`},
	{"deprecated", `true`},
}

var names = []string{"Café \"Ü\" 12", "Tür & <Tor>", "plain", "tab\there", "line\nbreak", "ümlaut → ok", "back\\slash/"}

// replyShape says what a reply holds.
type replyShape struct {
	unknown bool // fields the struct does not have
	big     bool // numbers no float64 holds exactly
	nulls   bool // fields missing or null
}

// reply makes a reply in shape and its JSON text.
func reply(rng *rand.Rand, sh replyShape) (contract.Reply, []byte) {
	var want contract.Reply
	var fields [][2]string
	want.ID = uint64(1 + rng.IntN(1_000_000))
	if sh.big {
		want.ID = []uint64{18446744073709551615, 9007199254740993, 1<<63 + uint64(rng.IntN(1000))}[rng.IntN(3)]
	}
	fields = append(fields, [2]string{"id", strconv.FormatUint(want.ID, 10)})
	if !sh.nulls || rng.IntN(2) == 0 {
		want.Name = names[rng.IntN(len(names))]
		fields = append(fields, [2]string{"name", str(rng, want.Name)})
	} else {
		fields = append(fields, [2]string{"name", "null"})
	}
	want.Price = []string{"19.99", "0.5", "1250", "-3.25"}[rng.IntN(4)]
	if sh.big {
		want.Price = []string{"123456789012345678901234.5", "0.1000000000000000055511151231257827", "1E+2", "-18446744073709551617"}[rng.IntN(4)]
	}
	if sh.nulls {
		want.Price = ""
		if rng.IntN(2) == 0 {
			fields = append(fields, [2]string{"price", "null"})
		}
	} else {
		fields = append(fields, [2]string{"price", want.Price})
	}
	if sh.nulls {
		fields = append(fields, [2]string{"tags", "null"})
	} else {
		want.Tags = []string{"a", "b√", fmt.Sprint(rng.IntN(100))}[:1+rng.IntN(3)]
		var ts []string
		for _, t := range want.Tags {
			ts = append(ts, str(rng, t))
		}
		fields = append(fields, [2]string{"tags", "[" + strings.Join(ts, ","+space(rng)) + "]"})
	}
	if sh.nulls {
		if rng.IntN(2) == 0 {
			fields = append(fields, [2]string{"parent", "null"})
		}
	} else {
		p := uint64(rng.IntN(1000))
		want.Parent = &p
		fields = append(fields, [2]string{"parent", strconv.FormatUint(p, 10)})
	}
	if sh.nulls {
		want.Attrs = "null"
		fields = append(fields, [2]string{"attrs", "null"})
	} else {
		attrs := map[string]any{
			"color":  []string{"red", "blue", "grün"}[rng.IntN(3)],
			"weight": json.Number(strconv.Itoa(rng.IntN(5000))),
			"dims":   []any{json.Number("1.5"), json.Number("2"), json.Number(strconv.Itoa(rng.IntN(9)))},
			"ok":     rng.IntN(2) == 0,
			"none":   nil,
			"nested": map[string]any{"level": json.Number("2"), "list": []any{"x", map[string]any{"deep": json.Number("0.25")}}},
		}
		if sh.big {
			attrs["big"] = json.Number("9007199254740993")
			attrs["huge"] = json.Number("1e400")
			attrs["neg"] = json.Number("-12345678901234567890123")
			attrs["exact"] = json.Number("3.141592653589793238462643383279")
			attrs["nested"].(map[string]any)["id"] = json.Number("18446744073709551615")
		}
		canon, _ := json.Marshal(attrs)
		want.Attrs = string(canon)
		text := canon
		if rng.IntN(2) == 0 {
			var b bytes.Buffer
			json.Indent(&b, canon, "  ", []string{" ", "\t"}[rng.IntN(2)])
			text = b.Bytes()
		}
		fields = append(fields, [2]string{"attrs", string(text)})
	}
	if sh.unknown {
		// The first always, so that every reply has one.
		for i, f := range unknownFields {
			if i == 0 || rng.IntN(3) > 0 {
				fields = append(fields, f)
			}
		}
	}
	rng.Shuffle(len(fields), func(i, j int) { fields[i], fields[j] = fields[j], fields[i] })
	return want, []byte(space(rng) + object(rng, fields) + space(rng))
}

// item makes item i.
func item(rng *rand.Rand, i int) contract.Item {
	id := uint64(i+1)*1_000_003 + uint64(rng.IntN(1000))
	// "SKU-%05d-%s", without fmt: the big array has 170,000 of them.
	sku := make([]byte, 0, 16)
	sku = append(sku, "SKU-"...)
	n := rng.IntN(100000)
	for d := 10000; d > 1 && n < d; d /= 10 {
		sku = append(sku, '0')
	}
	sku = strconv.AppendInt(sku, int64(n), 10)
	sku = append(sku, '-')
	sku = append(sku, skuEnds[rng.IntN(len(skuEnds))]...)
	return contract.Item{
		ID:    id,
		SKU:   string(sku),
		Qty:   rng.IntN(500) - 20,
		Price: prices[rng.IntN(len(prices))],
	}
}

var (
	skuEnds = [...]string{"a", "ß", "x/y", "q\"t"}
	prices  = [...]string{"9.99", "1250", "0.05", "1e3", "99999999999999999999.99"}
)

func items(rng *rand.Rand, n int) []contract.Item {
	its := make([]contract.Item, n)
	for i := range its {
		its[i] = item(rng, i)
	}
	return its
}

// itemText is it as a JSON object, sometimes with a field the struct
// does not have.
func itemText(rng *rand.Rand, it contract.Item) string {
	return string(appendItem(nil, rng, it))
}

// appendItem is appendObject of its fields, shuffled, written as they
// go: the 16 MB array has 170,000 items.
func appendItem(dst []byte, rng *rand.Rand, it contract.Item) []byte {
	var skuBuf [64]byte
	sku := appendStr(skuBuf[:0], rng, it.SKU)
	order := [...]int{0, 1, 2, 3, 4} // id, sku, qty, price, warehouse
	n := 4
	if rng.IntN(4) == 0 {
		n = 5
	}
	rng.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
	dst = append(dst, '{')
	for i, f := range order[:n] {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, space(rng)...)
		dst = append(dst, itemKeys[f]...)
		dst = append(dst, space(rng)...)
		dst = append(dst, ':')
		dst = append(dst, space(rng)...)
		switch f {
		case 0:
			dst = strconv.AppendUint(dst, it.ID, 10)
		case 1:
			dst = append(dst, sku...)
		case 2:
			dst = strconv.AppendInt(dst, int64(it.Qty), 10)
		case 3:
			dst = append(dst, it.Price...)
		case 4:
			dst = append(dst, `{"id": 3, "bins": [1, 2]}`...)
		}
	}
	dst = append(dst, space(rng)...)
	return append(dst, '}')
}

var itemKeys = [...]string{`"id"`, `"sku"`, `"qty"`, `"price"`, `"warehouse"`}

// array is its as a JSON array, and where each item starts.
func array(rng *rand.Rand, its []contract.Item) ([]byte, []int) {
	var b bytes.Buffer
	var starts []int
	b.WriteString(space(rng) + "[")
	for i, it := range its {
		if i > 0 {
			b.WriteString("," + space(rng))
		}
		starts = append(starts, b.Len())
		b.WriteString(itemText(rng, it))
	}
	b.WriteString(space(rng) + "]" + space(rng))
	return b.Bytes(), starts
}

// streamArray writes an array of n items made from rng as it goes, and
// returns the digest of the items it wrote.
func streamArray(out io.Writer, rng *rand.Rand, n int) (count int, digest uint64, err error) {
	bw := bufio.NewWriterSize(out, 64<<10)
	var buf []byte
	bw.WriteString("[\n")
	for i := range n {
		if i > 0 {
			bw.WriteString(",\n")
		}
		it := item(rng, i)
		buf = appendItem(buf[:0], rng, it)
		bw.Write(buf)
		digest = contract.Digest(digest, it)
		count++
		if _, err := bw.Write(nil); err != nil {
			return count, digest, err // the reader has gone
		}
	}
	bw.WriteString("\n]\n")
	return count, digest, bw.Flush()
}
