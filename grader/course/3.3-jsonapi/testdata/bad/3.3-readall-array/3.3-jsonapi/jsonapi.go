// Package jsonapi decodes an API's JSON replies from a connection: one
// reply into a struct, and a large array streamed one item at a time.
package jsonapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"time"
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

var (
	ErrTrailing = errors.New("jsonapi: data after the value")
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
	if err := atEnd(dec); err != nil {
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

// StreamItems reads the whole array, then decodes it in one go.
func StreamItems(conn net.Conn, idle time.Duration, fn func(Item) error) error {
	data, err := io.ReadAll(&idleReader{c: conn, idle: idle})
	if err != nil {
		return err
	}
	var items []Item
	if err := json.Unmarshal(data, &items); err != nil {
		return err
	}
	for _, it := range items {
		if err := fn(it); err != nil {
			return err
		}
	}
	return nil
}
