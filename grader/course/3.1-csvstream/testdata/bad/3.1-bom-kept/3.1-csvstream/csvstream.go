// Package csvstream is exercise 3.1: CSV from a stream.
package csvstream

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Item is one good row of the stock feed.
type Item struct {
	Line  int // the line its record starts on; the header is line 1
	SKU   string
	Name  string
	Qty   int
	Price float64
}

// LineError is a malformed row: the line its record starts on, and why.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// columns are the header names ReadItems needs.
var columns = []string{"sku", "name", "qty", "price"}

// ReadItems reads a CSV stock feed from r until io.EOF. The header names
// the columns, in any order; columns it does not know are ignored. It
// returns the good rows and a LineError for each malformed one, in input
// order. The error is for what stops the whole feed: a header without a
// column ReadItems needs, or a failing read.
func ReadItems(r io.Reader) ([]Item, []*LineError, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // ragged rows are counted below, per row
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("header: %w", err)
	}
	idx := map[string]int{}
	for i, name := range header {
		idx[name] = i
	}
	for _, name := range columns {
		if _, ok := idx[name]; !ok {
			return nil, nil, fmt.Errorf("header %q has no column %q", header, name)
		}
	}
	var items []Item
	var bad []*LineError
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return items, bad, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			// A syntax error spoils this record only: the reader goes on
			// with the next line.
			bad = append(bad, &LineError{Line: pe.StartLine, Err: pe.Err})
			continue
		}
		if err != nil {
			return items, bad, err
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			bad = append(bad, &LineError{Line: line, Err: fmt.Errorf("%d fields, the header has %d", len(rec), len(header))})
			continue
		}
		it := Item{Line: line, SKU: rec[idx["sku"]], Name: rec[idx["name"]]}
		var qerr, perr error
		it.Qty, qerr = strconv.Atoi(rec[idx["qty"]])
		it.Price, perr = strconv.ParseFloat(rec[idx["price"]], 64)
		if err := errors.Join(qerr, perr); err != nil {
			bad = append(bad, &LineError{Line: line, Err: err})
			continue
		}
		items = append(items, it)
	}
}
