package jsonapi

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"netcourse/grader/course/3.3-jsonapi/contract"
)

// stdReply is the exercise's Reply: what encoding/json, the real decoder,
// reads from the fake's text must be what the fake says it sent.
type stdReply struct {
	ID     uint64         `json:"id"`
	Name   string         `json:"name"`
	Price  json.Number    `json:"price"`
	Tags   []string       `json:"tags"`
	Parent *uint64        `json:"parent"`
	Attrs  map[string]any `json:"attrs"`
}

func TestReplyReadsAsWritten(t *testing.T) {
	shapes := []replyShape{{}, {unknown: true}, {big: true}, {big: true, unknown: true}, {nulls: true}, {nulls: true, unknown: true}}
	for seed := range uint64(30) {
		for _, sh := range shapes {
			want, data := reply(rand.New(rand.NewPCG(seed, 9)), sh)
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.UseNumber()
			dec.DisallowUnknownFields()
			var r stdReply
			err := dec.Decode(&r)
			if sh.unknown {
				if err == nil {
					t.Fatalf("seed %d, %+v: no unknown field in %s", seed, sh, data)
				}
				dec = json.NewDecoder(bytes.NewReader(data))
				dec.UseNumber()
				r = stdReply{}
				err = dec.Decode(&r)
			}
			if err != nil {
				t.Fatalf("seed %d, %+v: %v\n%s", seed, sh, err, data)
			}
			attrs, _ := json.Marshal(r.Attrs)
			got := contract.Reply{ID: r.ID, Name: r.Name, Price: r.Price.String(), Tags: r.Tags, Parent: r.Parent, Attrs: string(attrs)}
			if d := cmp.Diff(want, got); d != "" {
				t.Fatalf("seed %d, %+v: (-written +read):\n%s\n%s", seed, sh, d, data)
			}
		}
	}
}

func TestArrayReadsAsWritten(t *testing.T) {
	for seed := range uint64(30) {
		rng := rand.New(rand.NewPCG(seed, 5))
		want := items(rng, 15)
		data, starts := array(rng, want)
		var got []contract.Item
		var raw []stdItem
		if err := json.Unmarshal(data, &raw); err != nil {
			t.Fatalf("seed %d: %v\n%s", seed, err, data)
		}
		for _, it := range raw {
			got = append(got, contract.Item{ID: it.ID, SKU: it.SKU, Qty: it.Qty, Price: it.Price.String()})
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("seed %d: (-written +read):\n%s", seed, d)
		}
		for i := range want {
			var one stdItem
			if err := json.Unmarshal(bytes.TrimRight(itemJSON(data, starts, i), ", \t\r\n]"), &one); err != nil {
				t.Fatalf("seed %d: itemJSON(%d) = %q: %v", seed, i, itemJSON(data, starts, i), err)
			}
		}
	}
}

type stdItem struct {
	ID    uint64      `json:"id"`
	SKU   string      `json:"sku"`
	Qty   int         `json:"qty"`
	Price json.Number `json:"price"`
}

func TestStreamArrayDigest(t *testing.T) {
	var b bytes.Buffer
	n, digest, err := streamArray(&b, newRand(1, 2), 300)
	if err != nil || n != 300 {
		t.Fatalf("streamArray: %d, %v", n, err)
	}
	var raw []stdItem
	if err := json.Unmarshal(b.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	var d uint64
	for _, it := range raw {
		d = contract.Digest(d, contract.Item{ID: it.ID, SKU: it.SKU, Qty: it.Qty, Price: it.Price.String()})
	}
	if len(raw) != n || d != digest {
		t.Fatalf("read %d items with digest %x; wrote %d with %x", len(raw), d, n, digest)
	}
}
