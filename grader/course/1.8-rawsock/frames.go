package rawsock

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"net/netip"

	"netcourse/grader/course/1.8-rawsock/contract"
)

// The EtherTypes of the frames the grader writes.
const (
	etherIPv4 = 0x0800
	etherARP  = 0x0806
	etherLLDP = 0x88cc
)

// minFrame is the shortest Ethernet frame without its checksum: shorter
// ones are padded with zeros up to it.
const minFrame = 60

// frame is a frame the grader writes on loopback, and the Summary a
// capture reports for it.
type frame struct {
	b     []byte
	want  contract.Summary
	about string
}

// The destination MAC addresses of frames: loopback's own address is all
// zeros (the frame arrives as PACKET_HOST), the broadcast address
// (PACKET_BROADCAST), a multicast one (PACKET_MULTICAST, LLDP's), and
// another host's (PACKET_OTHERHOST).
var (
	macHost      = [6]byte{}
	macBroadcast = [6]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
	macLLDP      = [6]byte{0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e}
	macOther     = [6]byte{0x02, 0x4e, 0x43, 0x00, 0x00, 0x01}
)

// ether returns a frame to dst with the EtherType typ around payload,
// padded to minFrame if pad.
func ether(dst [6]byte, typ uint16, payload []byte, pad bool) []byte {
	b := make([]byte, 14, 14+len(payload)+minFrame)
	copy(b, dst[:])
	binary.BigEndian.PutUint16(b[12:], typ)
	b = append(b, payload...)
	if pad && len(b) < minFrame {
		b = append(b, make([]byte, minFrame-len(b))...)
	}
	return b
}

// ipFrame returns p in a frame to dst, and its summary.
func ipFrame(p packet, dst [6]byte, pad bool) frame {
	b, got := p.build()
	f := frame{b: ether(dst, etherIPv4, b, pad), want: contract.Summary{
		EtherType: etherIPv4, Protocol: got.IP.Protocol, Src: got.IP.Src, Dst: got.IP.Dst, Length: len(got.Payload),
	}}
	switch {
	case got.TCP != nil:
		f.want.SrcPort, f.want.DstPort, f.want.Flags = got.TCP.SrcPort, got.TCP.DstPort, got.TCP.Flags
	case got.UDP != nil:
		f.want.SrcPort, f.want.DstPort = got.UDP.SrcPort, got.UDP.DstPort
	}
	f.about = describe(p)
	if n := len(f.b) - 14 - len(b); n > 0 {
		f.about += fmt.Sprintf(", then %d bytes of Ethernet padding", n)
	}
	return f
}

// remote returns a unicast address of no host in the check's namespace,
// so that the kernel drops what is sent to it (forwarding is off)
// instead of answering: not 0/8, not loopback's 127/8, not multicast or
// above. Its first byte has its high bit set more often than not.
func remote(rng *rand.Rand) string {
	a := [4]byte{byte(128 + rng.IntN(96)), byte(rng.IntN(256)), byte(rng.IntN(256)), byte(1 + rng.IntN(254))}
	if rng.IntN(4) == 0 {
		a[0] = byte(1 + rng.IntN(126))
	}
	return netip.AddrFrom4(a).String()
}

// onWire returns a packet of protocol proto between remote addresses, not
// fragmented, with ipOpt words of IPv4 options and payload bytes of
// payload; TCP has tcpOpt words of options.
func onWire(rng *rand.Rand, proto uint8, ipOpt, tcpOpt, payload int) packet {
	p := packet{ip: ipHeader(rng, proto, ipOpt), payload: fill(rng, payload)}
	p.ip.Src, p.ip.Dst = remote(rng), remote(rng)
	switch proto {
	case protoTCP:
		p.tcp = tcpHeader(rng, tcpOpt)
	case protoUDP:
		p.udp = udpHeader(rng)
	case protoICMP:
		p.icmp = icmpEcho(rng)
	}
	return p
}

// tcpUDP returns a TCP or UDP frame to loopback's address, without IPv4
// options or padding: 0-40 bytes of TCP options, 0-300 bytes of payload,
// one time in five 1000-1400.
func tcpUDP(rng *rand.Rand) frame {
	n := rng.IntN(301)
	if rng.IntN(5) == 0 {
		n = 1000 + rng.IntN(401)
	}
	proto := uint8(protoTCP)
	if rng.IntN(2) == 0 {
		proto = protoUDP
	}
	return ipFrame(onWire(rng, proto, 0, rng.IntN(11), n), macHost, false)
}

// arpFrame returns an ARP request from a remote address, broadcast and
// padded, as Ethernet carries it: its summary is its EtherType alone.
func arpFrame(rng *rand.Rand) frame {
	m := make([]byte, 28)
	binary.BigEndian.PutUint16(m[0:], 1)         // Ethernet
	binary.BigEndian.PutUint16(m[2:], etherIPv4) // for IPv4 addresses
	m[4], m[5] = 6, 4
	binary.BigEndian.PutUint16(m[6:], 1) // a request
	copy(m[8:14], fill(rng, 6))
	m[8] = m[8]&^1 | 2 // a unicast, locally administered MAC
	src, dst := netip.MustParseAddr(remote(rng)).As4(), netip.MustParseAddr(remote(rng)).As4()
	copy(m[14:], src[:])
	copy(m[24:], dst[:])
	return frame{b: ether(macBroadcast, etherARP, m, true), want: contract.Summary{EtherType: etherARP, Src: noAddr, Dst: noAddr},
		about: fmt.Sprintf("an ARP request for %s, to the broadcast MAC address", netip.AddrFrom4(dst))}
}

// lldpFrame returns an LLDP frame (EtherType 0x88cc, to its multicast
// MAC address) of random TLV bytes: its summary is its EtherType alone.
func lldpFrame(rng *rand.Rand) frame {
	return frame{b: ether(macLLDP, etherLLDP, fill(rng, 20+rng.IntN(40)), true), want: contract.Summary{EtherType: etherLLDP, Src: noAddr, Dst: noAddr},
		about: "an LLDP frame (EtherType 0x88cc), to a multicast MAC address"}
}

// noAddr is the zero netip.Addr's String.
var noAddr = netip.Addr{}.String()
