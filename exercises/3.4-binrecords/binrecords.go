// Package binrecords is exercise 3.4: binary records. Read README.md in
// this folder first.
package binrecords

import (
	"errors"
	"io"
)

// The log's constants.
const (
	Magic      = 0x4E435231 // "NCR1", the first four bytes of every log
	Version    = 1          // the only version ReadLog reads
	MaxPayload = 4096       // the longest payload a record may carry
)

// Errors ReadLog and WriteLog return, alone or wrapped.
var (
	ErrMagic    = errors.New("binrecords: not a record log (bad magic)")
	ErrVersion  = errors.New("binrecords: unsupported version")
	ErrTooLarge = errors.New("binrecords: payload longer than MaxPayload")
	ErrChecksum = errors.New("binrecords: checksum mismatch")
)

// Header opens a log: after the magic number, in network byte order
// (big-endian).
type Header struct {
	Version uint16
	Flags   uint16
	Count   uint32 // how many records follow
}

// Record is one reading. On the wire its fields are little-endian: ID,
// Time, Value (IEEE 754 bits), the payload's length as a uint32, the
// payload, and a CRC-32 (IEEE) of all the record's bytes before it.
type Record struct {
	ID      uint32
	Time    int64 // Unix nanoseconds
	Value   float64
	Payload []byte
}

// ReadLog reads a header and then the Count records it announces from r.
// A stream that ends before the last record's last byte is
// io.ErrUnexpectedEOF. With an error it returns the records read before.
func ReadLog(r io.Reader) (Header, []Record, error) {
	// TODO: your code here. Delete the line below when you start.
	return Header{}, nil, errors.ErrUnsupported
}

// WriteLog writes h, with Count set to len(recs), and the records to w. A
// payload longer than MaxPayload is ErrTooLarge, before anything is
// written.
func WriteLog(w io.Writer, h Header, recs []Record) error {
	// TODO: your code here. Delete the line below when you start.
	return errors.ErrUnsupported
}
