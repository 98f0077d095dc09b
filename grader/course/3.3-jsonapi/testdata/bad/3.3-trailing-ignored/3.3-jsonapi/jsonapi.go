// Package jsonapi decodes an API's JSON replies from a connection: one
// reply into a struct, and a large array streamed one item at a time.
package jsonapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"time"
	"unicode/utf8"
)

// Reply is the API's reply to a lookup.
type Reply struct {
	ID     uint64         `json:"id"`
	Name   string         `json:"name"`
	Price  json.Number    `json:"price"`  // exactly as sent: "19.99", "123456789012345678901234.5"
	Tags   []string       `json:"tags"`   // nil when missing or null
	Parent *uint64        `json:"parent"` // nil when missing or null
	Attrs  map[string]any `json:"attrs"`  // any JSON; its numbers as json.Number, exactly as sent
}

// Item is one element of the API's array of items.
type Item struct {
	ID    uint64      `json:"id"`
	SKU   string      `json:"sku"`
	Qty   int         `json:"qty"`
	Price json.Number `json:"price"`
}

// MaxItem bounds the bytes read for one item: json.Decoder holds a whole
// value in memory, so an item that never ends must be stopped here.
const MaxItem = 1 << 20

var (
	ErrTrailing    = errors.New("jsonapi: data after the value")
	ErrItemTooLong = errors.New("jsonapi: item too long")
	ErrInvalidUTF8 = errors.New("jsonapi: invalid UTF-8")
	ErrNotAnArray  = errors.New("jsonapi: not an array")
)

// idleReader sets a read deadline idle from now before each Read.
type idleReader struct {
	c    net.Conn
	idle time.Duration
}

func (r *idleReader) Read(p []byte) (int, error) {
	if err := r.c.SetReadDeadline(time.Now().Add(r.idle)); err != nil {
		return 0, err
	}
	return r.c.Read(p)
}

// limit fails a Read once more than max bytes were read since the last
// reset.
type limit struct {
	r   io.Reader
	n   int
	max int
}

func (l *limit) Read(p []byte) (int, error) {
	if l.n > l.max {
		return 0, ErrItemTooLong
	}
	n, err := l.r.Read(p)
	l.n += n
	return n, err
}

// DecodeReply reads one reply from conn, up to the end of the connection,
// and decodes it. No Read may wait longer than idle. A reply cut short,
// or anything but white space after it, is an error.
func DecodeReply(conn net.Conn, idle time.Duration) (Reply, error) {
	dec := json.NewDecoder(&idleReader{c: conn, idle: idle})
	dec.UseNumber() // Attrs' numbers as json.Number, not float64
	var r Reply
	if err := dec.Decode(&r); err != nil {
		return Reply{}, err
	}
	return r, nil
}

// atEnd checks that nothing but white space follows the value dec read:
// Decode stops at the value's end and leaves what follows unread.
func atEnd(dec *json.Decoder) error {
	tok, err := dec.Token()
	switch {
	case err == io.EOF:
		return nil
	case err != nil:
		return fmt.Errorf("%w: %w", ErrTrailing, err)
	}
	return fmt.Errorf("%w: %v", ErrTrailing, tok)
}

// StreamItems reads a JSON array of items from conn, up to the end of the
// connection, and calls fn with each item as soon as it is decoded,
// without holding the array. No Read may wait longer than idle. It
// returns fn's first error, or the first error reading the array: an
// array cut short, or anything but white space after it, is an error.
func StreamItems(conn net.Conn, idle time.Duration, fn func(Item) error) error {
	lim := &limit{r: &idleReader{c: conn, idle: idle}, max: MaxItem}
	dec := json.NewDecoder(lim)
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('[') {
		return fmt.Errorf("%w: starts with %v", ErrNotAnArray, tok)
	}
	for dec.More() {
		lim.n = 0
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		// encoding/json turns invalid UTF-8 into U+FFFD without a word.
		if !utf8.Valid(raw) {
			return ErrInvalidUTF8
		}
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		var it Item
		if err := d.Decode(&it); err != nil {
			return err
		}
		if err := fn(it); err != nil {
			return err
		}
	}
	// More is false at the closing bracket, and also at the end of the
	// input: only reading the ']' tells a whole array from a cut one.
	tok, err = dec.Token()
	if err == io.EOF {
		return io.ErrUnexpectedEOF // the input ended inside the array
	}
	if err != nil {
		return err
	}
	if tok != json.Delim(']') {
		return fmt.Errorf("jsonapi: %v where the array should end", tok)
	}
	return nil
}
