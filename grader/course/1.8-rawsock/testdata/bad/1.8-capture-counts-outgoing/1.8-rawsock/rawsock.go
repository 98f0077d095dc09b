// Package rawsock reads packets as the network carries them: the Internet
// checksum (RFC 1071), an IPv4 header with the TCP, UDP or ICMP header
// after it, every field in network byte order, a ping over a raw ICMP
// socket, and a capture on a packet socket.
package rawsock

import (
	"bytes"
	"encoding/binary"
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
	if len(b) > MaxPacket {
		return 0, ErrTooLong
	}
	var sum uint32
	for len(b) >= 2 {
		sum += uint32(binary.BigEndian.Uint16(b))
		b = b[2:]
	}
	if len(b) == 1 {
		sum += uint32(b[0]) << 8
	}
	// Each fold can carry once more: 0x1ffff folds to 0x10000, then 1.
	for sum > 0xffff {
		sum = sum>>16 + sum&0xffff
	}
	return ^uint16(sum), nil
}

// Decode decodes the IPv4 packet in b and the TCP, UDP or ICMP header
// after its header. Bytes past the total length (link-layer padding) are
// not part of the packet.
func Decode(b []byte) (Packet, error) {
	var p Packet
	if len(b) < 20 {
		return p, ErrTruncated
	}
	ip := &p.IP
	ip.Version, ip.IHL = b[0]>>4, b[0]&0x0f
	if ip.IHL < 5 {
		return Packet{}, ErrHeaderLength
	}
	hlen := int(ip.IHL) * 4
	if len(b) < hlen {
		return Packet{}, ErrTruncated
	}
	ip.TOS = b[1]
	ip.TotalLen = binary.BigEndian.Uint16(b[2:])
	if int(ip.TotalLen) < hlen || int(ip.TotalLen) > len(b) {
		return Packet{}, ErrTotalLength
	}
	ip.ID = binary.BigEndian.Uint16(b[4:])
	frag := binary.BigEndian.Uint16(b[6:])
	ip.Flags, ip.FragOff = uint8(frag>>13), frag&0x1fff
	ip.TTL, ip.Protocol = b[8], b[9]
	ip.Checksum = binary.BigEndian.Uint16(b[10:])
	ip.Src = netip.AddrFrom4([4]byte(b[12:16]))
	ip.Dst = netip.AddrFrom4([4]byte(b[16:20]))
	ip.Options = b[20:hlen]

	rest := b[hlen:ip.TotalLen]
	if ip.FragOff != 0 {
		// A later fragment carries the middle of the payload, not a header.
		p.Payload = rest
		return p, nil
	}
	switch ip.Protocol {
	case ProtoTCP:
		if len(rest) < 20 {
			return Packet{}, ErrTruncated
		}
		t := &TCP{
			SrcPort:    binary.BigEndian.Uint16(rest[0:]),
			DstPort:    binary.BigEndian.Uint16(rest[2:]),
			Seq:        binary.BigEndian.Uint32(rest[4:]),
			Ack:        binary.BigEndian.Uint32(rest[8:]),
			DataOffset: rest[12] >> 4,
			Flags:      rest[13],
			Window:     binary.BigEndian.Uint16(rest[14:]),
			Checksum:   binary.BigEndian.Uint16(rest[16:]),
			Urgent:     binary.BigEndian.Uint16(rest[18:]),
		}
		if t.DataOffset < 5 {
			return Packet{}, ErrHeaderLength
		}
		tlen := int(t.DataOffset) * 4
		if len(rest) < tlen {
			return Packet{}, ErrTruncated
		}
		t.Options = rest[20:tlen]
		p.TCP, p.Payload = t, rest[tlen:]
	case ProtoUDP:
		if len(rest) < 8 {
			return Packet{}, ErrTruncated
		}
		p.UDP = &UDP{
			SrcPort:  binary.BigEndian.Uint16(rest[0:]),
			DstPort:  binary.BigEndian.Uint16(rest[2:]),
			Length:   binary.BigEndian.Uint16(rest[4:]),
			Checksum: binary.BigEndian.Uint16(rest[6:]),
		}
		p.Payload = rest[8:]
	case ProtoICMP:
		if len(rest) < 8 {
			return Packet{}, ErrTruncated
		}
		p.ICMP = &ICMP{
			Type: rest[0], Code: rest[1],
			Checksum: binary.BigEndian.Uint16(rest[2:]),
			ID:       binary.BigEndian.Uint16(rest[4:]),
			Seq:      binary.BigEndian.Uint16(rest[6:]),
		}
		p.Payload = rest[8:]
	default:
		p.Payload = rest
	}
	return p, nil
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
	start := time.Now()
	if err := c.SetReadDeadline(start.Add(timeout)); err != nil {
		return Reply{}, err
	}
	msg := make([]byte, 8+len(data))
	msg[0] = 8
	binary.BigEndian.PutUint16(msg[4:], id)
	binary.BigEndian.PutUint16(msg[6:], seq)
	copy(msg[8:], data)
	sum, err := Checksum(msg)
	if err != nil {
		return Reply{}, err
	}
	binary.BigEndian.PutUint16(msg[2:], sum)
	if _, err := c.WriteTo(msg, &net.IPAddr{IP: dst.AsSlice()}); err != nil {
		return Reply{}, err
	}
	buf := make([]byte, MaxPacket)
	for {
		n, from, err := c.ReadFrom(buf)
		if err != nil {
			return Reply{}, err
		}
		m := buf[:n]
		// The socket sees every ICMP message on the host: its own request
		// (on loopback), other programs' pings, other errors.
		src, ok := from.(*net.IPAddr)
		if !ok || len(m) < 8 || m[0] != 0 || m[1] != 0 {
			continue
		}
		if a, ok := netip.AddrFromSlice(src.IP); !ok || a.Unmap() != dst {
			continue
		}
		if binary.BigEndian.Uint16(m[4:]) != id || binary.BigEndian.Uint16(m[6:]) != seq {
			continue
		}
		if sum, _ := Checksum(m); sum != 0 {
			continue // damaged on the way
		}
		return Reply{RTT: time.Since(start), Data: bytes.Clone(m[8:])}, nil
	}
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
	if err := f.SetReadDeadline(time.Now().Add(timeout)); err != nil {
		return nil, err
	}
	buf := make([]byte, 1<<17)
	var out []Summary
	for len(out) < n {
		k, err := f.Read(buf)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, summarize(buf[:k]))
	}
	return out, nil
}

// summarize reads a frame: its Ethernet header (two MAC addresses and the
// EtherType; all zeros but the EtherType on loopback), then, for IPv4,
// the packet Decode reads.
func summarize(b []byte) Summary {
	if len(b) < 14 {
		return Summary{}
	}
	s := Summary{EtherType: binary.BigEndian.Uint16(b[12:])}
	if s.EtherType != 0x0800 {
		return s
	}
	p, err := Decode(b[14:])
	if err != nil {
		return s // not a packet Decode can read: the EtherType alone
	}
	s.Protocol, s.Src, s.Dst, s.Length = p.IP.Protocol, p.IP.Src, p.IP.Dst, len(p.Payload)
	switch {
	case p.TCP != nil:
		s.SrcPort, s.DstPort, s.Flags = p.TCP.SrcPort, p.TCP.DstPort, p.TCP.Flags
	case p.UDP != nil:
		s.SrcPort, s.DstPort = p.UDP.SrcPort, p.UDP.DstPort
	}
	return s
}
