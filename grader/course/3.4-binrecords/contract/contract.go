// Package contract is what the judge and the child of exercise 3.4 say
// to each other. The driver and the checks both use these values, so a
// change on one side that the other does not follow does not compile.
package contract

import (
	"time"

	"netcourse/grader/wire"
)

// The operations: each dials Addr and runs the submission's function of
// the same name on the connection (WriteLog's then closed, so the peer
// sees the end).
var (
	ReadLog  = wire.Op[ReadArgs, ReadResult]{Name: "readlog", Func: "ReadLog"}
	WriteLog = wire.Op[WriteArgs, WriteResult]{Name: "writelog", Func: "WriteLog"}
)

// DialWithin bounds the driver's connection to the fake peer.
const DialWithin = 5 * time.Second

// Header is the log's header.
type Header struct {
	Version uint16
	Flags   uint16
	Count   uint32
}

// Record is one record. Value is the float64's IEEE 754 bits, so every
// value, NaN from a swapped byte order too, crosses JSON exactly.
type Record struct {
	ID      uint32
	Time    int64
	Value   uint64
	Payload []byte
}

// ReadArgs are ReadLog's arguments: where the log is served.
type ReadArgs struct {
	Addr string
}

// Errs says which of the exercise's errors an error is (errors.Is).
type Errs struct {
	Magic, Version, TooLarge, Checksum bool
}

// ReadResult is what ReadLog returned.
type ReadResult struct {
	Header  Header
	Records []Record
	Err     *wire.Err
	Is      Errs
	Elapsed time.Duration
}

// WriteArgs are WriteLog's arguments.
type WriteArgs struct {
	Addr    string
	Header  Header
	Records []Record
}

// WriteResult is what WriteLog returned.
type WriteResult struct {
	Err *wire.Err
	Is  Errs
}
