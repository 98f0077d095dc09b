// Package contract is what the judge and the child of exercise 3.2 say
// to each other. The driver and the checks both use these values, so a
// change on one side that the other does not follow does not compile.
package contract

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"time"

	"netcourse/grader/wire"
)

// ReadFeed connects to the judge's fake peer and runs the submission's
// ReadFeed on the connection, gathering the vehicles its callback gets.
var ReadFeed = wire.Op[FeedArgs, Feed]{Name: "readfeed", Func: "ReadFeed"}

// DialWithin bounds the driver's connection to the fake peer.
const DialWithin = 5 * time.Second

// FeedArgs are ReadFeed's arguments.
type FeedArgs struct {
	Addr string
	Idle time.Duration // ReadFeed's idle timeout
	// Keep is how many vehicles the result holds in full, the first ones;
	// all of them count in Count and Digest.
	Keep int
}

// Vehicle mirrors the exercise's Vehicle.
type Vehicle struct {
	ID    string
	Route string
	Lat   float64
	Lon   float64
	Time  time.Time
	Note  string
}

// Feed is what ReadFeed returned and what its callback got.
type Feed struct {
	Vehicles []Vehicle // the first Keep
	Count    int       // calls of the callback
	Digest   uint64    // Digest of every vehicle, in order
	Err      *wire.Err
	Elapsed  time.Duration
}

// Digest folds v into d (start from 0): the judge computes the same over
// the vehicles it sent, so a feed too big to return is still compared
// whole. Time counts as an instant, whatever its zone.
func Digest(d uint64, v Vehicle) uint64 {
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], d)
	h.Write(b[:])
	for _, s := range []string{v.ID, v.Route, v.Note} {
		binary.LittleEndian.PutUint64(b[:], uint64(len(s)))
		h.Write(b[:])
		h.Write([]byte(s))
	}
	for _, u := range []uint64{math.Float64bits(v.Lat), math.Float64bits(v.Lon), uint64(v.Time.UnixNano())} {
		binary.LittleEndian.PutUint64(b[:], u)
		h.Write(b[:])
	}
	return h.Sum64()
}
