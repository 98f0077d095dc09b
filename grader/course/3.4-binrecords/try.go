package binrecords

import (
	"encoding/hex"
	"fmt"
	"math"

	"netcourse/grader/course/3.4-binrecords/contract"

	"netcourse/grader/internal/trypeer"
)

// sampleLog is the log the try peer sends: the README's example.
func sampleLog() []byte {
	return encode(contract.Header{Version: version, Flags: 0x0003}, []contract.Record{
		{ID: 7, Time: 1_780_000_000_000_000_000, Value: math.Float64bits(21.5), Payload: []byte("ok")},
		{ID: 8, Time: 1_780_000_001_500_000_000, Value: math.Float64bits(-3.25), Payload: []byte("door open")},
	}).b
}

// try is the fake peer `grader try 3.4` runs, for the student to point
// their code, or nc, at. A log holds NUL bytes, which a command line
// cannot: it goes to fakepeer in hex.
var try = &trypeer.Peer{
	ID: "3.4", Kind: "tcp", Listen: "127.0.0.1:9340",
	Faults: []trypeer.Fault{
		{Name: "drip", Mode: "drip", BodyHex: hex.EncodeToString(sampleLog()), About: "waits for a request (a blank line ends one, or --wait passes), then sends a log of two records in fragments of a few bytes, each after you read the last, and closes"},
		{Name: "fin", Mode: "fin", BodyHex: hex.EncodeToString(sampleLog()), About: "the same, but closes halfway through the log: ReadLog must return io.ErrUnexpectedEOF"},
	},
	Usage: func(addr string) string {
		host, port := trypeer.SplitAddr(addr)
		return fmt.Sprintf("Point your code at it, from a small main (README, \"Try it by hand\"):\n"+
			"    c, _ := net.Dial(\"tcp\", %q); c.Write([]byte(\"\\n\\n\")); h, recs, err := binrecords.ReadLog(c)\n"+
			"or look at the bytes (press Enter twice):\n"+
			"    nc %s %s | xxd", addr, host, port)
	},
}
