// Package contract is what the judge and the child of exercise 1.4 say to
// each other: its operations with their argument and result types, its
// events and commands. The driver and the checks both use these values, so
// a change on one side that the other does not follow does not compile.
//
// Serve: the judge starts it, waits for Listening, sends datagrams, then
// sends wire.Stop. Request and Requests run the submission's Request
// against the judge's fake peer and return at once.
package contract

import (
	"slices"
	"time"

	"netcourse/grader/wire"
)

// Serve runs the submission's Serve(conn, Answer) on a UDP socket the
// child opened, until the judge's wire.Stop.
var Serve = wire.Op[ServeArgs, wire.Stopped]{Name: "serve", Func: "Serve"}

// ServeArgs are Serve's arguments: where the child opens its socket.
type ServeArgs struct {
	Network string // "udp4"
	Addr    string // "127.0.0.1:0"

	// Hold has the driver call Serve only on the judge's Go, once the
	// judge has queued its datagrams at the socket.
	Hold bool

	// Pause, when not zero, has the reply function wait, before it reads
	// its datagram, until nothing is left queued at the socket, at most
	// Pause: as real work takes time, and long enough that a Serve that
	// hands its read buffer to a goroutine and reads on into the same
	// buffer has overwritten it with the last datagram queued.
	Pause time.Duration
}

// Go is the judge's signal to call Serve (see ServeArgs.Hold).
var Go = wire.Command[wire.None]{Name: "go"}

// Listening is sent once the socket is open, before Serve starts.
var Listening = wire.Event[Addr]{Name: "listening"}

// Addr is where the socket is bound.
type Addr struct {
	Addr string
}

// Request runs the submission's Request once.
var Request = wire.Op[RequestArgs, Reply]{Name: "request", Func: "Request"}

// Reply is what one call of Request returned, and whether its error is
// the exercise's own: errors.Is(err, udp.ErrNoReply), which the judge
// cannot test on the error's text.
type Reply struct {
	wire.Return
	NoReply bool `json:"no_reply,omitempty"`
}

// RequestArgs are the arguments of one call of Request.
type RequestArgs struct {
	Addr    string
	Req     []byte
	Timeout time.Duration
	Retries int
}

// Requests runs the submission's Request for each of Calls, one after
// another, each whatever the one before returned.
var Requests = wire.Op[RequestsArgs, Results]{Name: "requests", Func: "Request"}

// RequestsArgs are Requests' arguments.
type RequestsArgs struct {
	Calls []RequestArgs
}

// Results is what each call of Requests returned.
type Results struct {
	Calls []Reply
}

// MaxDatagram is the largest UDP payload over IPv4 (65535 less the 8-byte
// UDP and 20-byte IP headers): the largest datagram loopback carries.
const MaxDatagram = 65507

// ReplySuffix is what Answer appends.
const ReplySuffix = "/ok"

// Answer is the reply function the child gives Serve: the datagram with
// ReplySuffix appended, so that the judge can tell a reply from an echo and
// see which datagram, and how much of it, Serve passed on. A reply is never
// longer than MaxDatagram: where appending would make it so, ReplySuffix
// takes the place of the datagram's first bytes instead.
func Answer(d []byte) []byte {
	if len(d)+len(ReplySuffix) > MaxDatagram && len(d) >= len(ReplySuffix) {
		return append([]byte(ReplySuffix), d[len(ReplySuffix):]...)
	}
	return append(slices.Clone(d), ReplySuffix...)
}

// AnswerLen is how many bytes of d Serve passed to Answer for it to make
// reply, if reply is Answer of some first bytes of d.
func AnswerLen(reply, d []byte) (int, bool) {
	for _, k := range []int{len(reply) - len(ReplySuffix), len(reply)} {
		if k >= 0 && k <= len(d) && slices.Equal(Answer(d[:k]), reply) {
			return k, true
		}
	}
	return 0, false
}
