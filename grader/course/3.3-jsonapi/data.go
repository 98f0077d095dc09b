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

	"netcourse/grader/course/3.3-jsonapi/contract"
)

func newRand(a, b uint64) *rand.Rand { return rand.New(rand.NewPCG(a, b)) }

// space is white space between tokens, from none to a line break and an
// indent.
func space(rng *rand.Rand) string {
	return []string{"", "", " ", "\n  ", "\t", "\r\n"}[rng.IntN(6)]
}

// str is s as a JSON string, sometimes with every non-ASCII letter
// written as a \u escape: the decoder must give the same string.
func str(rng *rand.Rand, s string) string {
	b, _ := json.Marshal(s)
	if rng.IntN(2) == 0 {
		return string(b)
	}
	var out strings.Builder
	for _, r := range string(b) {
		if r > 0x7f && r <= 0xffff {
			fmt.Fprintf(&out, `\u%04x`, r)
		} else {
			out.WriteRune(r)
		}
	}
	return out.String()
}

// object writes fields, each a key and its JSON text, in the order given,
// with white space from rng.
func object(rng *rand.Rand, fields [][2]string) string {
	var b strings.Builder
	b.WriteString("{")
	for i, f := range fields {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(space(rng) + strconv.Quote(f[0]) + space(rng) + ":" + space(rng) + f[1])
	}
	b.WriteString(space(rng) + "}")
	return b.String()
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
	return contract.Item{
		ID:    uint64(i+1)*1_000_003 + uint64(rng.IntN(1000)),
		SKU:   fmt.Sprintf("SKU-%05d-%s", rng.IntN(100000), []string{"a", "ß", "x/y", "q\"t"}[rng.IntN(4)]),
		Qty:   rng.IntN(500) - 20,
		Price: []string{"9.99", "1250", "0.05", "1e3", "99999999999999999999.99"}[rng.IntN(5)],
	}
}

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
	fields := [][2]string{
		{"id", strconv.FormatUint(it.ID, 10)},
		{"sku", str(rng, it.SKU)},
		{"qty", strconv.Itoa(it.Qty)},
		{"price", it.Price},
	}
	if rng.IntN(4) == 0 {
		fields = append(fields, [2]string{"warehouse", `{"id": 3, "bins": [1, 2]}`})
	}
	rng.Shuffle(len(fields), func(i, j int) { fields[i], fields[j] = fields[j], fields[i] })
	return object(rng, fields)
}

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
	bw.WriteString("[\n")
	for i := range n {
		if i > 0 {
			bw.WriteString(",\n")
		}
		it := item(rng, i)
		bw.WriteString(itemText(rng, it))
		digest = contract.Digest(digest, it)
		count++
		if _, err := bw.Write(nil); err != nil {
			return count, digest, err // the reader has gone
		}
	}
	bw.WriteString("\n]\n")
	return count, digest, bw.Flush()
}
