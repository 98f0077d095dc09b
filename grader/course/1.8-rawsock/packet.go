package rawsock

import (
	"encoding/binary"
	"math/rand/v2"
	"net/netip"

	"netcourse/grader/course/1.8-rawsock/contract"
)

// The IPv4 protocol numbers the decoder reads a header for.
const (
	protoICMP = 1
	protoTCP  = 6
	protoUDP  = 17
)

// packet is a packet the grader builds: the fields it chooses. build fills
// in what follows from them (IHL, total length, data offset, UDP length,
// the checksums) and returns the bytes and what a decoder must read.
type packet struct {
	ip      contract.IPv4 // Version, TOS, ID, Flags, FragOff, TTL, Protocol, Src, Dst, Options
	tcp     *contract.TCP // Seq, ports, Flags, Window, Urgent, Options
	udp     *contract.UDP // ports
	icmp    *contract.ICMP
	payload []byte
	pad     []byte // bytes after the total length: link-layer padding
}

// checksum is the Internet checksum (RFC 1071), the grader's own.
func checksum(b []byte) uint16 {
	var sum uint32
	for i := 0; i+1 < len(b); i += 2 {
		sum += uint32(b[i])<<8 | uint32(b[i+1])
	}
	if len(b)%2 == 1 {
		sum += uint32(b[len(b)-1]) << 8
	}
	for sum > 0xffff {
		sum = sum>>16 + sum&0xffff
	}
	return ^uint16(sum)
}

// build returns p's bytes and the packet a decoder reads from them.
func (p packet) build() ([]byte, contract.Packet) {
	ip := p.ip
	ip.IHL = uint8(5 + len(ip.Options)/4)
	var l4 []byte
	want := contract.Packet{Payload: p.payload}
	switch {
	case p.tcp != nil:
		t := *p.tcp
		t.DataOffset = uint8(5 + len(t.Options)/4)
		h := make([]byte, 20, 20+len(t.Options))
		binary.BigEndian.PutUint16(h[0:], t.SrcPort)
		binary.BigEndian.PutUint16(h[2:], t.DstPort)
		binary.BigEndian.PutUint32(h[4:], t.Seq)
		binary.BigEndian.PutUint32(h[8:], t.Ack)
		h[12], h[13] = t.DataOffset<<4, t.Flags
		binary.BigEndian.PutUint16(h[14:], t.Window)
		binary.BigEndian.PutUint16(h[16:], t.Checksum)
		binary.BigEndian.PutUint16(h[18:], t.Urgent)
		l4 = append(h, t.Options...)
		want.TCP = &t
	case p.udp != nil:
		u := *p.udp
		u.Length = uint16(8 + len(p.payload))
		l4 = make([]byte, 8)
		binary.BigEndian.PutUint16(l4[0:], u.SrcPort)
		binary.BigEndian.PutUint16(l4[2:], u.DstPort)
		binary.BigEndian.PutUint16(l4[4:], u.Length)
		binary.BigEndian.PutUint16(l4[6:], u.Checksum)
		want.UDP = &u
	case p.icmp != nil:
		m := *p.icmp
		l4 = make([]byte, 8)
		l4[0], l4[1] = m.Type, m.Code
		binary.BigEndian.PutUint16(l4[4:], m.ID)
		binary.BigEndian.PutUint16(l4[6:], m.Seq)
		m.Checksum = checksum(append(l4[:8:8], p.payload...))
		binary.BigEndian.PutUint16(l4[2:], m.Checksum)
		want.ICMP = &m
	}
	hlen := int(ip.IHL) * 4
	ip.TotalLen = uint16(hlen + len(l4) + len(p.payload))
	b := make([]byte, hlen, int(ip.TotalLen)+len(p.pad))
	b[0], b[1] = ip.Version<<4|ip.IHL, ip.TOS
	binary.BigEndian.PutUint16(b[2:], ip.TotalLen)
	binary.BigEndian.PutUint16(b[4:], ip.ID)
	binary.BigEndian.PutUint16(b[6:], uint16(ip.Flags)<<13|ip.FragOff)
	b[8], b[9] = ip.TTL, ip.Protocol
	src, dst := netip.MustParseAddr(ip.Src).As4(), netip.MustParseAddr(ip.Dst).As4()
	copy(b[12:], src[:])
	copy(b[16:], dst[:])
	copy(b[20:], ip.Options)
	ip.Checksum = checksum(b)
	binary.BigEndian.PutUint16(b[10:], ip.Checksum)
	want.IP = ip
	b = append(append(append(b, l4...), p.payload...), p.pad...)
	return b, want
}

// fill returns n random bytes.
func fill(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.IntN(256))
	}
	return b
}

// addr returns a random IPv4 address whose first byte has its high bit set
// more often than not, so that a sign or byte-order mistake shows.
func addr(rng *rand.Rand) string {
	var a [4]byte
	copy(a[:], fill(rng, 4))
	if rng.IntN(4) > 0 {
		a[0] |= 0x80
	}
	return netip.AddrFrom4(a).String()
}

// ipHeader returns random IPv4 header fields for protocol proto with
// optWords words of options, no flags and not fragmented.
func ipHeader(rng *rand.Rand, proto uint8, optWords int) contract.IPv4 {
	return contract.IPv4{
		Version: 4, TOS: byte(rng.IntN(256)), ID: uint16(0x100 + rng.IntN(0xff00)),
		TTL: uint8(1 + rng.IntN(255)), Protocol: proto,
		Src: addr(rng), Dst: addr(rng), Options: fill(rng, 4*optWords),
	}
}

// port returns a random port, above 255 so that both bytes count.
func port(rng *rand.Rand) uint16 { return uint16(256 + rng.IntN(65536-256)) }

func tcpHeader(rng *rand.Rand, optWords int) *contract.TCP {
	return &contract.TCP{
		SrcPort: port(rng), DstPort: port(rng), Seq: 0x01000000 + rng.Uint32N(0xfe000000), Ack: 0x01000000 + rng.Uint32N(0xfe000000),
		Flags: byte(1 + rng.IntN(255)), Window: port(rng), Checksum: port(rng), Urgent: uint16(rng.IntN(65536)),
		Options: fill(rng, 4*optWords),
	}
}

func udpHeader(rng *rand.Rand) *contract.UDP {
	return &contract.UDP{SrcPort: port(rng), DstPort: port(rng), Checksum: port(rng)}
}

// icmpEcho returns an echo request (type 8) or reply (type 0).
func icmpEcho(rng *rand.Rand) *contract.ICMP {
	return &contract.ICMP{Type: uint8(8 * rng.IntN(2)), ID: port(rng), Seq: port(rng)}
}

// transport returns a random packet of protocol proto (a TCP, UDP or ICMP
// header after the IPv4 one; none for another protocol)
// with ipOpt words of IPv4 options.
func transport(rng *rand.Rand, proto uint8, ipOpt int) packet {
	p := packet{ip: ipHeader(rng, proto, ipOpt), payload: fill(rng, rng.IntN(40))}
	switch proto {
	case protoTCP:
		p.tcp = tcpHeader(rng, rng.IntN(11))
	case protoUDP:
		p.udp = udpHeader(rng)
	case protoICMP:
		p.icmp = icmpEcho(rng)
	}
	return p
}
