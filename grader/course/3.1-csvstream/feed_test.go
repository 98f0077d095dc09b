package csvstream

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"netcourse/grader/course/3.1-csvstream/contract"
)

// parse reads a feed with encoding/csv, the real implementation the fake's
// wants must agree with: the good rows and the lines of the bad ones.
func parse(t *testing.T, data []byte) ([]contract.Item, []int) {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	header[0] = strings.TrimPrefix(header[0], "\ufeff")
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	var items []contract.Item
	var bad []int
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return items, bad
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			bad = append(bad, pe.StartLine)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		line, _ := r.FieldPos(0)
		qty, qerr := strconv.Atoi(rec[col["qty"]])
		price, perr := strconv.ParseFloat(rec[col["price"]], 64)
		if qerr != nil || perr != nil {
			bad = append(bad, line)
			continue
		}
		items = append(items, contract.Item{Line: line, SKU: rec[col["sku"]], Name: rec[col["name"]], Qty: qty,
			Price: strconv.FormatFloat(price, 'g', -1, 64)})
	}
}

func TestFeedAgreesWithEncodingCSV(t *testing.T) {
	styles := []style{
		{extras: []string{"note"}},
		{extras: []string{"note"}, tricky: true},
		{crlf: true, tricky: true},
		{bom: true, last: []string{"note"}},
		{blank: true, extras: []string{"note"}, crlf: true},
	}
	for seed := range uint64(50) {
		for i, st := range styles {
			rng := rand.New(rand.NewPCG(seed, uint64(i)))
			f := newFeed(rng, st)
			f.mixed(25, 3, f.ragged)
			f.mixed(25, 3, f.badNumber)
			items, bad := parse(t, f.bytes())
			if d := cmp.Diff(f.items, items); d != "" {
				t.Fatalf("seed %d style %d: items (-feed +encoding/csv):\n%s", seed, i, d)
			}
			if !slices.Equal(f.bad, bad) {
				t.Fatalf("seed %d style %d: bad lines: feed %v, encoding/csv %v", seed, i, f.bad, bad)
			}
		}
	}
}

func TestRowProblemsNamesALineShift(t *testing.T) {
	f := newFeed(rand.New(rand.NewPCG(1, 2)), style{})
	f.goods(5)
	got := slices.Clone(f.items)
	for i := range got {
		got[i].Line--
	}
	probs, _ := rowProblems(f, contract.Result{Items: got})
	if len(probs) != 1 || !strings.Contains(probs[0], "1 too low") {
		t.Fatalf("problems %q, want one naming the shift", probs)
	}
	if probs, _ := rowProblems(f, contract.Result{Items: f.items}); len(probs) != 0 {
		t.Fatalf("exact rows: problems %q", probs)
	}
}
