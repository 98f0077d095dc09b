// Package contract is what the judge and the child of exercise 3.3 say
// to each other. The driver and the checks both use these values, so a
// change on one side that the other does not follow does not compile.
package contract

import (
	"encoding/binary"
	"hash/fnv"
	"time"

	"netcourse/grader/wire"
)

// The operations: each connects to the judge's fake peer and runs the
// submission's function of the same name on the connection.
var (
	DecodeReply = wire.Op[ConnArgs, ReplyResult]{Name: "decodereply", Func: "DecodeReply"}
	StreamItems = wire.Op[ConnArgs, Items]{Name: "streamitems", Func: "StreamItems"}
)

// DialWithin bounds the driver's connection to the fake peer.
const DialWithin = 5 * time.Second

// ConnArgs say where the fake peer is, the idle timeout, and for
// StreamItems how many items the result holds in full (the first Keep).
type ConnArgs struct {
	Addr string
	Idle time.Duration
	Keep int
}

// Reply mirrors the exercise's Reply, with its exact numbers as text.
type Reply struct {
	ID     uint64
	Name   string
	Price  string // the json.Number
	Tags   []string
	Parent *uint64
	// Attrs is the map as json.Marshal writes it (keys sorted): a
	// json.Number is written as it was read, a float64 in its shortest
	// form, so a number that went through float64 shows.
	Attrs string
}

// ReplyResult is what DecodeReply returned.
type ReplyResult struct {
	Reply   Reply
	Err     *wire.Err
	Elapsed time.Duration
}

// Item mirrors the exercise's Item.
type Item struct {
	ID    uint64
	SKU   string
	Qty   int
	Price string
}

// Items is what StreamItems returned and what its callback got.
type Items struct {
	Items   []Item // the first Keep
	Count   int
	Digest  uint64 // Digest of every item, in order
	Err     *wire.Err
	Elapsed time.Duration
}

// Digest folds it into d (start from 0): the judge computes the same over
// the items it sent.
func Digest(d uint64, it Item) uint64 {
	h := fnv.New64a()
	var b [8]byte
	for _, u := range []uint64{d, it.ID, uint64(it.Qty), uint64(len(it.SKU))} {
		binary.LittleEndian.PutUint64(b[:], u)
		h.Write(b[:])
	}
	h.Write([]byte(it.SKU))
	h.Write([]byte{0})
	h.Write([]byte(it.Price))
	return h.Sum64()
}
