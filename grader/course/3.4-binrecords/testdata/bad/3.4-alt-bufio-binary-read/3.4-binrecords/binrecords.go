// Package binrecords is exercise 3.4: binary records.
package binrecords

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
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

// Record is one reading.
type Record struct {
	ID      uint32
	Time    int64 // Unix nanoseconds
	Value   float64
	Payload []byte
}

// wireHeader and fixed are the fixed-size parts as binary.Read and
// binary.Write see them.
type wireHeader struct {
	Magic uint32
	Header
}

type fixed struct {
	ID    uint32
	Time  int64
	Value float64
	Len   uint32
}

// ReadLog reads through a bufio.Reader with binary.Read into structs, and
// checks the CRC by re-encoding the fixed part.
func ReadLog(r io.Reader) (Header, []Record, error) {
	br := bufio.NewReader(r)
	var wh wireHeader
	if err := binary.Read(br, binary.BigEndian, &wh); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return Header{}, nil, err
	}
	if wh.Magic != Magic {
		return Header{}, nil, ErrMagic
	}
	if wh.Version != Version {
		return wh.Header, nil, ErrVersion
	}
	var recs []Record
	for range wh.Count {
		var f fixed
		err := binary.Read(br, binary.LittleEndian, &f)
		if err == io.EOF {
			return wh.Header, recs, io.ErrUnexpectedEOF
		}
		if err != nil {
			return wh.Header, recs, err
		}
		if f.Len > MaxPayload {
			return wh.Header, recs, ErrTooLarge
		}
		p := make([]byte, f.Len)
		if _, err := io.ReadFull(br, p); err != nil {
			return wh.Header, recs, io.ErrUnexpectedEOF
		}
		var sum uint32
		if err := binary.Read(br, binary.LittleEndian, &sum); err != nil {
			return wh.Header, recs, io.ErrUnexpectedEOF
		}
		var b bytes.Buffer
		binary.Write(&b, binary.LittleEndian, f)
		b.Write(p)
		if crc32.ChecksumIEEE(b.Bytes()) != sum {
			return wh.Header, recs, ErrChecksum
		}
		recs = append(recs, Record{ID: f.ID, Time: f.Time, Value: f.Value, Payload: p})
	}
	return wh.Header, recs, nil
}

// WriteLog builds the whole log in memory with binary.Write, then writes
// it in one call.
func WriteLog(w io.Writer, h Header, recs []Record) error {
	var b bytes.Buffer
	h.Count = uint32(len(recs))
	binary.Write(&b, binary.BigEndian, wireHeader{Magic, h})
	for _, rec := range recs {
		if len(rec.Payload) > MaxPayload {
			return ErrTooLarge
		}
		start := b.Len()
		binary.Write(&b, binary.LittleEndian, fixed{rec.ID, rec.Time, rec.Value, uint32(len(rec.Payload))})
		b.Write(rec.Payload)
		binary.Write(&b, binary.LittleEndian, crc32.ChecksumIEEE(b.Bytes()[start:]))
	}
	_, err := w.Write(b.Bytes())
	return err
}
