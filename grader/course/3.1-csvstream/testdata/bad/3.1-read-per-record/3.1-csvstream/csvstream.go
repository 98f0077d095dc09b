// Package csvstream is exercise 3.1: CSV from a stream.
package csvstream

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
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

var columns = []string{"sku", "name", "qty", "price"}

// ReadItems takes each Read for one record: the peer writes a line at a
// time, so a Read returns one.
func ReadItems(r io.Reader) ([]Item, []*LineError, error) {
	buf := make([]byte, 4096)
	var header []string
	idx := map[string]int{}
	var items []Item
	var bad []*LineError
	line := 0
	for {
		n, err := r.Read(buf)
		if n > 0 {
			line++
			rec, perr := csv.NewReader(bytes.NewReader(buf[:n])).Read()
			switch {
			case header == nil:
				if perr != nil {
					return nil, nil, perr
				}
				header = rec
				header[0] = strings.TrimPrefix(header[0], "\ufeff")
				for i, name := range header {
					idx[name] = i
				}
				for _, name := range columns {
					if _, ok := idx[name]; !ok {
						return nil, nil, fmt.Errorf("header %q has no column %q", header, name)
					}
				}
			case perr != nil:
				bad = append(bad, &LineError{Line: line, Err: perr})
			case len(rec) != len(header):
				bad = append(bad, &LineError{Line: line, Err: fmt.Errorf("%d fields, the header has %d", len(rec), len(header))})
			default:
				it := Item{Line: line, SKU: rec[idx["sku"]], Name: rec[idx["name"]]}
				var qerr, perr error
				it.Qty, qerr = strconv.Atoi(rec[idx["qty"]])
				it.Price, perr = strconv.ParseFloat(rec[idx["price"]], 64)
				if err := errors.Join(qerr, perr); err != nil {
					bad = append(bad, &LineError{Line: line, Err: err})
					break
				}
				items = append(items, it)
			}
		}
		if err == io.EOF {
			return items, bad, nil
		}
		if err != nil {
			return items, bad, err
		}
	}
}
