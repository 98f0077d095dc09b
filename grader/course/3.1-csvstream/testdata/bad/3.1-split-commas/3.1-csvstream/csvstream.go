// Package csvstream is exercise 3.1: CSV from a stream.
package csvstream

import (
	"bufio"
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

// ReadItems reads the feed line by line and splits each line on commas:
// CSV is comma-separated values, after all.
func ReadItems(r io.Reader) ([]Item, []*LineError, error) {
	sc := bufio.NewScanner(r)
	line := 0
	next := func() ([]string, bool) {
		for sc.Scan() {
			line++
			text := strings.TrimSuffix(sc.Text(), "\r")
			if text == "" {
				continue
			}
			return strings.Split(text, ","), true
		}
		return nil, false
	}
	header, ok := next()
	if !ok {
		return nil, nil, errors.Join(errors.New("no header"), sc.Err())
	}
	header[0] = strings.TrimPrefix(header[0], "\ufeff")
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
		rec, ok := next()
		if !ok {
			return items, bad, sc.Err()
		}
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
