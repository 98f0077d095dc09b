// Package rawsock reads packets as the network carries them: the Internet
// checksum (RFC 1071), an IPv4 header with the TCP, UDP or ICMP header
// after it, every field in network byte order, a ping over a raw ICMP
// socket, and a capture on a packet socket.
package rawsock

import (
	"errors"
	"net"
	"net/netip"
	"os"
	"time"
)

// The errors Checksum and Decode return; callers find them with errors.Is.
var (
	ErrTooLong      = errors.New("rawsock: longer than an IPv4 packet")
	ErrTruncated    = errors.New("rawsock: packet truncated")
	ErrHeaderLength = errors.New("rawsock: header length below the minimum")
	ErrTotalLength  = errors.New("rawsock: total length disagrees with the packet")
)

// The IPv4 protocol numbers Decode reads a header for.
const (
	ProtoICMP = 1
	ProtoTCP  = 6
	ProtoUDP  = 17
)

// MaxPacket is the longest IPv4 packet: its total length is 16 bits.
const MaxPacket = 65535

// IPv4 is an IPv4 header.
type IPv4 struct {
	Version  uint8  // 4
	IHL      uint8  // header length in 32-bit words, 5-15
	TOS      uint8  // type of service (DSCP and ECN)
	TotalLen uint16 // header and payload, in bytes
	ID       uint16
	Flags    uint8  // the top 3 bits of bytes 6-7: 0b010 DF, 0b001 MF
	FragOff  uint16 // the low 13 bits of bytes 6-7, in 8-byte units
	TTL      uint8
	Protocol uint8
	Checksum uint16
	Src, Dst netip.Addr
	Options  []byte // bytes 20 to IHL*4
}

// TCP is a TCP header.
type TCP struct {
	SrcPort, DstPort uint16
	Seq, Ack         uint32
	DataOffset       uint8 // header length in 32-bit words, 5-15
	Flags            uint8 // byte 13: CWR ECE URG ACK PSH RST SYN FIN
	Window           uint16
	Checksum         uint16
	Urgent           uint16
	Options          []byte // bytes 20 to DataOffset*4
}

// UDP is a UDP header.
type UDP struct {
	SrcPort, DstPort uint16
	Length           uint16
	Checksum         uint16
}

// ICMP is an ICMP header; ID and Seq are bytes 4-7, an echo's identifier
// and sequence number.
type ICMP struct {
	Type, Code uint8
	Checksum   uint16
	ID, Seq    uint16
}

// Packet is a decoded IPv4 packet. At most one of TCP, UDP and ICMP is set:
// the header the IPv4 protocol names, in a packet that is not a later
// fragment. Payload is what follows the last header, up to the total length.
type Packet struct {
	IP      IPv4
	TCP     *TCP
	UDP     *UDP
	ICMP    *ICMP
	Payload []byte
}

// Checksum returns the Internet checksum of b (RFC 1071): the ones'
// complement of the ones' complement sum of its 16-bit big-endian words, an
// odd last byte padded with a zero byte. Data longer than MaxPacket is
// ErrTooLong.
func Checksum(b []byte) (uint16, error) {
	return 0, errors.ErrUnsupported
}

// Decode decodes the IPv4 packet in b and the TCP, UDP or ICMP header
// after its header. Bytes past the total length (link-layer padding) are
// not part of the packet.
func Decode(b []byte) (Packet, error) {
	return Packet{}, errors.ErrUnsupported
}

// Reply is the echo reply Ping took.
type Reply struct {
	RTT  time.Duration // from the call to the reply
	Data []byte        // the reply's data, after its 8-byte header
}

// Ping sends one ICMP echo request (type 8, code 0) with identifier id,
// sequence number seq and data to dst over c, a raw ICMP socket (what it
// reads is an ICMP message without its IPv4 header, from its sender), and
// waits for its reply: an echo reply (type 0) from dst with the same
// identifier and sequence number and a correct checksum. It ignores
// everything else it reads. It gives up timeout after it was called, with
// an error that is os.ErrDeadlineExceeded.
func Ping(c net.PacketConn, dst netip.Addr, id, seq uint16, data []byte, timeout time.Duration) (Reply, error) {
	return Reply{}, errors.ErrUnsupported
}

// Summary is one frame Capture read, in a line: the EtherType of its
// Ethernet header and, for IPv4, what Decode reads of the packet.
type Summary struct {
	EtherType        uint16     // bytes 12-13 of the frame: 0x0800 IPv4, 0x0806 ARP, ...
	Protocol         uint8      // IPv4's protocol; 0 for a frame that is not IPv4
	Src, Dst         netip.Addr // IPv4's addresses; the zero Addr for a frame that is not IPv4
	SrcPort, DstPort uint16     // TCP's or UDP's ports; 0 for other protocols
	Flags            uint8      // TCP's flags (byte 13); 0 for other protocols
	Length           int        // bytes of payload: len(Decode's Payload); 0 for a frame that is not IPv4
}

// Capture reads frames from f, a packet socket (AF_PACKET, SOCK_RAW) bound
// to the loopback interface, and returns a Summary of each frame the
// interface received, in the order they arrived, until it has n of them
// or timeout has passed since the call, whichever comes first. On
// loopback every frame sent is read twice, once as it leaves
// (sll_pkttype PACKET_OUTGOING) and once as it arrives: Capture reports
// the arrival alone. At its timeout it returns what it read, and no
// error. It does not close f.
func Capture(f *os.File, n int, timeout time.Duration) ([]Summary, error) {
	return nil, errors.ErrUnsupported
}
