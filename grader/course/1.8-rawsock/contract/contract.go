// Package contract is what the judge and the child of exercise 1.8 say
// to each other. The driver and the checks both use these values, so a
// change on one side that the other does not follow does not compile.
package contract

import (
	"time"

	"netcourse/grader/wire"
)

// The operations: each runs the submission's function of the same name
// once per packet, in order, and returns one result per packet.
var (
	Checksum = wire.Op[Packets, []ChecksumResult]{Name: "checksum", Func: "Checksum"}
	Decode   = wire.Op[Packets, []DecodeResult]{Name: "decode", Func: "Decode"}
)

// Packets are the bytes the judge built, one call each.
type Packets struct {
	Packets [][]byte
}

// Errs says which of the exercise's errors an error is (errors.Is).
type Errs struct {
	TooLong, Truncated, HeaderLength, TotalLength bool
}

// ChecksumResult is what one Checksum call returned.
type ChecksumResult struct {
	Sum uint16
	Err *wire.Err
	Is  Errs
}

// DecodeResult is what one Decode call returned.
type DecodeResult struct {
	Packet Packet
	Err    *wire.Err
	Is     Errs
}

// Packet is a decoded packet; addresses are netip.Addr's String, so the
// zero Addr is "invalid IP".
type Packet struct {
	IP      IPv4
	TCP     *TCP
	UDP     *UDP
	ICMP    *ICMP
	Payload []byte
}

// IPv4 is an IPv4 header.
type IPv4 struct {
	Version, IHL, TOS uint8
	TotalLen, ID      uint16
	Flags             uint8
	FragOff           uint16
	TTL, Protocol     uint8
	Checksum          uint16
	Src, Dst          string
	Options           []byte
}

// TCP is a TCP header.
type TCP struct {
	SrcPort, DstPort uint16
	Seq, Ack         uint32
	DataOffset       uint8
	Flags            uint8
	Window           uint16
	Checksum         uint16
	Urgent           uint16
	Options          []byte
}

// UDP is a UDP header.
type UDP struct {
	SrcPort, DstPort, Length, Checksum uint16
}

// ICMP is an ICMP header.
type ICMP struct {
	Type, Code uint8
	Checksum   uint16
	ID, Seq    uint16
}

// Ping runs the submission's Ping once per row, in order, on one raw ICMP
// socket: the one the judge opened and passed as RawFD (the child may not
// open raw sockets itself).
var Ping = wire.Op[PingArgs, []PingResult]{Name: "ping", Func: "Ping"}

// RawFD is the child's raw ICMP socket: the first file the judge passes
// after wire.ReplyFD.
const RawFD = wire.ReplyFD + 1

// PingArgs are the pings of one call: all to Dst (an IPv4 address) with
// identifier ID.
type PingArgs struct {
	Dst   string
	ID    uint16
	Pings []PingRow
}

// PingRow is one Ping call.
type PingRow struct {
	Seq     uint16
	Data    []byte
	Timeout time.Duration
}

// PingResult is what one Ping call returned.
type PingResult struct {
	RTT      time.Duration
	Data     []byte
	Err      *wire.Err
	Deadline bool          // errors.Is(err, os.ErrDeadlineExceeded)
	Elapsed  time.Duration // the call, measured by the driver
}

// Capture runs the submission's Capture once per row, in order, on one
// packet socket (AF_PACKET, SOCK_RAW, every EtherType, bound to
// loopback): the one the judge opened and passed as PacketFD.
var Capture = wire.Op[CaptureArgs, []CaptureResult]{Name: "capture", Func: "Capture"}

// PacketFD is the child's packet socket: the first file the judge passes
// after wire.ReplyFD, as RawFD is for Ping.
const PacketFD = wire.ReplyFD + 1

// CaptureArgs are the captures of one call.
type CaptureArgs struct {
	Captures []CaptureRow
}

// CaptureRow is one Capture call: up to N frames, for up to Timeout.
type CaptureRow struct {
	N       int
	Timeout time.Duration
}

// CaptureResult is what one Capture call returned.
type CaptureResult struct {
	Summaries []Summary
	Err       *wire.Err
	Elapsed   time.Duration // the call, measured by the driver
}

// Summary is one frame's summary; addresses are netip.Addr's String, so
// the zero Addr (a frame that is not IPv4) is "invalid IP".
type Summary struct {
	EtherType        uint16
	Protocol         uint8
	Src, Dst         string
	SrcPort, DstPort uint16
	Flags            uint8
	Length           int
}
