// Package binrecords is exercise 3.4: binary records.
package binrecords

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
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

// headerSize and fixedSize are the bytes of the header (magic included)
// and of a record before its payload.
const (
	headerSize = 12
	fixedSize  = 24
)

// ReadLog reads a header and then the Count records it announces from r.
// A stream that ends before the last record's last byte is
// io.ErrUnexpectedEOF. With an error it returns the records read before.
func ReadLog(r io.Reader) (Header, []Record, error) {
	var hb [headerSize]byte
	if _, err := io.ReadFull(r, hb[:]); err != nil {
		return Header{}, nil, fmt.Errorf("header: %w", unexpected(err))
	}
	if binary.BigEndian.Uint32(hb[0:]) != Magic {
		return Header{}, nil, ErrMagic
	}
	h := Header{
		Version: binary.BigEndian.Uint16(hb[4:]),
		Flags:   binary.BigEndian.Uint16(hb[6:]),
		Count:   binary.BigEndian.Uint32(hb[8:]),
	}
	if h.Version != Version {
		return h, nil, fmt.Errorf("%w %d", ErrVersion, h.Version)
	}
	// Count comes from the peer too: grow as records arrive, not by it.
	var recs []Record
	for i := range h.Count {
		rec, err := readRecord(r)
		if err != nil {
			return h, recs, fmt.Errorf("record %d of %d: %w", i+1, h.Count, err)
		}
		recs = append(recs, rec)
	}
	return h, recs, nil
}

func readRecord(r io.Reader) (Record, error) {
	var fixed [fixedSize]byte
	if _, err := io.ReadFull(r, fixed[:]); err != nil {
		return Record{}, unexpected(err)
	}
	n := binary.LittleEndian.Uint32(fixed[20:])
	// Before the allocation: the length is the peer's word, not ours.
	if n >= MaxPayload {
		return Record{}, fmt.Errorf("%w: %d bytes", ErrTooLarge, n)
	}
	rest := make([]byte, n+4)
	if _, err := io.ReadFull(r, rest); err != nil {
		return Record{}, unexpected(err)
	}
	sum := crc32.NewIEEE()
	sum.Write(fixed[:])
	sum.Write(rest[:n])
	if sum.Sum32() != binary.LittleEndian.Uint32(rest[n:]) {
		return Record{}, ErrChecksum
	}
	return Record{
		ID:      binary.LittleEndian.Uint32(fixed[0:]),
		Time:    int64(binary.LittleEndian.Uint64(fixed[4:])),
		Value:   math.Float64frombits(binary.LittleEndian.Uint64(fixed[12:])),
		Payload: rest[:n:n],
	}, nil
}

// unexpected turns io.EOF into io.ErrUnexpectedEOF: the header promised
// more, so any end is in the middle.
func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// WriteLog writes h, with Count set to len(recs), and the records to w. A
// payload longer than MaxPayload is ErrTooLarge, before anything is
// written.
func WriteLog(w io.Writer, h Header, recs []Record) error {
	for i, rec := range recs {
		if len(rec.Payload) >= MaxPayload {
			return fmt.Errorf("record %d: %w: %d bytes", i+1, ErrTooLarge, len(rec.Payload))
		}
	}
	bw := bufio.NewWriter(w)
	hb := binary.BigEndian.AppendUint32(nil, Magic)
	hb = binary.BigEndian.AppendUint16(hb, h.Version)
	hb = binary.BigEndian.AppendUint16(hb, h.Flags)
	hb = binary.BigEndian.AppendUint32(hb, uint32(len(recs)))
	bw.Write(hb)
	for _, rec := range recs {
		b := binary.LittleEndian.AppendUint32(nil, rec.ID)
		b = binary.LittleEndian.AppendUint64(b, uint64(rec.Time))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(rec.Value))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(rec.Payload)))
		b = append(b, rec.Payload...)
		b = binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
		bw.Write(b)
	}
	return bw.Flush()
}
