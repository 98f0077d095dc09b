// Package rawsock reads packets as the network carries them: the Internet
// checksum (RFC 1071), an IPv4 header with the TCP, UDP or ICMP header
// after it, every field in network byte order, and a ping over a raw
// ICMP socket.
package rawsock

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/bits"
	"net"
	"net/netip"
	"os"
	"syscall"
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
	// RFC 1071 section 2(B): the sum is the same in either byte order,
	// swapped. Sum little-endian words in a uint64, swap once at the end.
	var sum uint64
	for i := 0; i < len(b); i += 2 {
		if i+1 < len(b) {
			sum += uint64(binary.LittleEndian.Uint16(b[i:]))
		} else {
			sum += uint64(b[i])
		}
	}
	sum = sum>>32 + sum&0xffffffff
	sum = sum>>16 + sum&0xffff
	sum = sum>>16 + sum&0xffff
	sum = sum>>16 + sum&0xffff
	return ^bits.ReverseBytes16(uint16(sum)), nil
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
	var h struct {
		VIHL, TOS     uint8
		TotalLen, ID  uint16
		Frag          uint16
		TTL, Protocol uint8
		Checksum      uint16
		Src, Dst      [4]byte
	}
	if err := binary.Read(bytes.NewReader(b), binary.BigEndian, &h); err != nil {
		return Packet{}, ErrTruncated
	}
	if int(h.TotalLen) < hlen || int(h.TotalLen) > len(b) {
		return Packet{}, ErrTotalLength
	}
	ip.TOS, ip.TotalLen, ip.ID = h.TOS, h.TotalLen, h.ID
	ip.Flags, ip.FragOff = uint8(h.Frag>>13), h.Frag&0x1fff
	ip.TTL, ip.Protocol, ip.Checksum = h.TTL, h.Protocol, h.Checksum
	ip.Src, ip.Dst = netip.AddrFrom4(h.Src), netip.AddrFrom4(h.Dst)
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
	EtherType        uint16
	Protocol         uint8
	Src, Dst         netip.Addr
	SrcPort, DstPort uint16
	Flags            uint8
	Length           int
}

// Capture reads with blocking recvfrom calls on the socket's own
// descriptor, each with a receive timeout (SO_RCVTIMEO) of the time left,
// and parses the headers it reports by hand.
func Capture(f *os.File, n int, timeout time.Duration) ([]Summary, error) {
	end := time.Now().Add(timeout)
	fd := int(f.Fd()) // blocking from now on: f's deadlines no longer apply
	buf := make([]byte, 70000)
	out := []Summary{}
	for len(out) < n {
		left := time.Until(end)
		if left <= 0 {
			break
		}
		tv := syscall.NsecToTimeval(left.Nanoseconds())
		if tv.Sec == 0 && tv.Usec == 0 {
			tv.Usec = 1 // 0 would mean no timeout at all
		}
		if err := syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, syscall.SO_RCVTIMEO, &tv); err != nil {
			return out, err
		}
		k, from, err := syscall.Recvfrom(fd, buf, 0)
		if err == syscall.EAGAIN || err == syscall.EINTR {
			continue
		}
		if err != nil {
			return out, err
		}
		if ll, ok := from.(*syscall.SockaddrLinklayer); !ok || ll.Pkttype == syscall.PACKET_OUTGOING {
			continue
		}
		out = append(out, parse(buf[:k]))
	}
	return out, nil
}

func parse(b []byte) Summary {
	if len(b) < 14 {
		return Summary{}
	}
	s := Summary{EtherType: uint16(b[12])<<8 | uint16(b[13])}
	ip := b[14:]
	if s.EtherType != 0x0800 || len(ip) < 20 {
		return s
	}
	hlen, total := int(ip[0]&0x0f)*4, int(ip[2])<<8|int(ip[3])
	if hlen < 20 || total < hlen || total > len(ip) {
		return s
	}
	s.Protocol = ip[9]
	s.Src, s.Dst = netip.AddrFrom4([4]byte(ip[12:16])), netip.AddrFrom4([4]byte(ip[16:20]))
	rest := ip[hlen:total]
	s.Length = len(rest)
	if ip[6]&0x1f != 0 || ip[7] != 0 {
		return s // a later fragment: all payload
	}
	switch {
	case s.Protocol == ProtoTCP && len(rest) >= 20 && int(rest[12]>>4)*4 <= len(rest):
		s.SrcPort, s.DstPort, s.Flags = uint16(rest[0])<<8|uint16(rest[1]), uint16(rest[2])<<8|uint16(rest[3]), rest[13]
		s.Length -= int(rest[12]>>4) * 4
	case s.Protocol == ProtoUDP && len(rest) >= 8:
		s.SrcPort, s.DstPort = uint16(rest[0])<<8|uint16(rest[1]), uint16(rest[2])<<8|uint16(rest[3])
		s.Length -= 8
	case s.Protocol == ProtoICMP && len(rest) >= 8:
		s.Length -= 8
	}
	return s
}
