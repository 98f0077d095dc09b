// Package csvstream is exercise 3.1: CSV from a stream.
package csvstream

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
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

// ReadItems reads the whole feed first, drops the byte order mark from the
// bytes, and lets csv.Reader count the fields (FieldsPerRecord 0: the
// header's count).
func ReadItems(r io.Reader) ([]Item, []*LineError, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, err
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, nil, err
	}
	header = slices.Clone(header)
	col := func(name string) int { return slices.Index(header, name) }
	sku, name, qty, price := col("sku"), col("name"), col("qty"), col("price")
	if min(sku, name, qty, price) < 0 {
		return nil, nil, fmt.Errorf("header %v lacks a column", header)
	}
	var items []Item
	var bad []*LineError
	for {
		rec, err := cr.Read()
		var pe *csv.ParseError
		switch {
		case err == io.EOF:
			return items, bad, nil
		case errors.As(err, &pe):
			bad = append(bad, &LineError{pe.StartLine, err})
			continue
		case err != nil:
			return nil, nil, err
		}
		line, _ := cr.FieldPos(0)
		q, err := strconv.Atoi(rec[qty])
		if err != nil {
			bad = append(bad, &LineError{line, err})
			continue
		}
		p, err := strconv.ParseFloat(rec[price], 64)
		if err != nil {
			bad = append(bad, &LineError{line, err})
			continue
		}
		items = append(items, Item{Line: line, SKU: rec[sku], Name: rec[name], Qty: q, Price: p})
	}
}
