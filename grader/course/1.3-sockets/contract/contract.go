// Package contract is what the judge and the child of exercise 1.3 say to
// each other: its operations with their argument and result types, its
// events and commands. The driver and the checks both use these values, so
// a change on one side that the other does not follow does not compile.
package contract

import (
	"time"

	"netcourse/grader/wire"
)

// The operations: each connects to the judge's fake peer (Fetch dials
// itself) and runs the submission's function of the same name on the
// course socket.
var (
	SendAll     = wire.Op[SendArgs, wire.Return]{Name: "sendall", Func: "SendAll"}
	RecvAll     = wire.Op[ConnArgs, wire.Return]{Name: "recvall", Func: "RecvAll"}
	RecvAllBig  = wire.Op[BigArgs, BigReturn]{Name: "recvallbig", Func: "RecvAll"}
	RecvExactly = wire.Op[RecordsArgs, Records]{Name: "recvexactly", Func: "RecvExactly"}
	Fetch       = wire.Op[FetchArgs, wire.Return]{Name: "fetch", Func: "Fetch"}
)

// Go is the judge's signal to call the submission, once the peer has set
// the stage (see ConnArgs.WaitGo).
var Go = wire.Command[wire.None]{Name: "go"}

// DialWithin bounds the driver's connection to the fake peer; the checks
// wait at least this long for a peer to see it.
const DialWithin = 5 * time.Second

// Faults say how to set up the socket handed to the submission.
type Faults struct {
	ShortSends  bool   // sock.WithShortSends(Seed)
	ShortRecvs  bool   // sock.WithShortRecvs(Seed)
	Seed        uint64 // seed of the short sends and receives
	EOFWithData bool   // sock.WithEOFWithData()
	SendBuffer  int    // SO_SNDBUF before connecting, when > 0
	RecvBuffer  int    // SO_RCVBUF before connecting, when > 0
}

// ConnArgs say where to connect and how; they are RecvAll's arguments.
type ConnArgs struct {
	Addr   string
	Faults Faults
	// WaitGo makes the driver wait, once connected, for the judge's Go
	// before calling the submission, so the peer can set the stage first.
	WaitGo bool
}

// BigArgs are RecvAll's arguments for a stream of megabytes, which comes
// back as a digest: Sums are wire.Sums of the bytes the peer sends.
type BigArgs struct {
	ConnArgs
	Sums [][]byte
}

// BigReturn is RecvAll's result on a stream of megabytes.
type BigReturn struct {
	Data    wire.Digest
	Err     *wire.Err
	Elapsed time.Duration
}

// SendArgs are SendAll's arguments: the data is wire.Payload(Seed, Len).
type SendArgs struct {
	ConnArgs
	Seed uint64
	Len  int
}

// RecordsArgs are RecvExactly's arguments: one call per size, in order,
// until one returns an error.
type RecordsArgs struct {
	ConnArgs
	Sizes []int
}

// Records is RecvExactly's result: what each call returned.
type Records struct {
	Calls []wire.Return
}

// FetchArgs are Fetch's arguments.
type FetchArgs struct {
	Addr    string
	Request []byte
	Timeout time.Duration
}
