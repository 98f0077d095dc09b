// Package jsonapi decodes an API's JSON replies from a connection: one
// reply into a struct, and a large array streamed one item at a time.
// See README.md.
package jsonapi

import (
	"encoding/json"
	"errors"
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

// DecodeReply reads one reply from conn, up to the end of the connection,
// and decodes it. No Read may wait longer than idle. A reply cut short,
// or anything but white space after it, is an error.
func DecodeReply(conn net.Conn, idle time.Duration) (Reply, error) {
	return Reply{}, errors.ErrUnsupported
}

// StreamItems reads a JSON array of items from conn, up to the end of the
// connection, and calls fn with each item as soon as it is decoded,
// without holding the array. No Read may wait longer than idle. It
// returns fn's first error, or the first error reading the array: an
// array cut short, or anything but white space after it, is an error.
func StreamItems(conn net.Conn, idle time.Duration, fn func(Item) error) error {
	return errors.ErrUnsupported
}
