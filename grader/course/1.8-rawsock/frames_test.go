package rawsock

import (
	"encoding/binary"
	"math/rand/v2"
	"net/netip"
	"testing"

	"golang.org/x/net/ipv4"

	"netcourse/grader/course/1.8-rawsock/contract"
)

// TestFramesAgainstXNet holds the summaries the capture checks expect to
// an independent reading of the frames: the Ethernet header by hand, the
// IPv4 header by golang.org/x/net/ipv4.ParseHeader, the transport header
// at the offsets of RFC 793 and 768.
func TestFramesAgainstXNet(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var frames []frame
	for i := range 300 {
		proto := []uint8{protoTCP, protoUDP, protoICMP, 47}[i%4]
		frames = append(frames, ipFrame(onWire(rng, proto, rng.IntN(11), rng.IntN(11), rng.IntN(100)), macHost, i%2 == 0))
	}
	frames = append(frames, arpFrame(rng), lldpFrame(rng), tcpUDP(rng))
	for i, f := range frames {
		b := f.b
		want := contract.Summary{EtherType: binary.BigEndian.Uint16(b[12:]), Src: noAddr, Dst: noAddr}
		if padded := want.EtherType != etherIPv4 || i < 300 && i%2 == 0; padded && len(b) < minFrame {
			t.Errorf("frame %d: %d bytes, shorter than an Ethernet frame: %s", i, len(b), f.about)
		}
		if want.EtherType == etherIPv4 {
			h, err := ipv4.ParseHeader(b[14:])
			if err != nil {
				t.Fatalf("frame %d: ParseHeader: %v", i, err)
			}
			for _, a := range []netip.Addr{netip.MustParseAddr(h.Src.String()), netip.MustParseAddr(h.Dst.String())} {
				if a.IsLoopback() || a.IsMulticast() || a.IsUnspecified() || a.As4()[0] == 0 || a.As4()[0] >= 224 {
					t.Errorf("frame %d: address %v, which the kernel may answer or treat apart", i, a)
				}
			}
			want.Protocol, want.Src, want.Dst = uint8(h.Protocol), h.Src.String(), h.Dst.String()
			l4 := b[14+h.Len : 14+h.TotalLen]
			want.Length = len(l4)
			switch h.Protocol {
			case protoTCP:
				want.SrcPort, want.DstPort, want.Flags = binary.BigEndian.Uint16(l4), binary.BigEndian.Uint16(l4[2:]), l4[13]
				want.Length -= int(l4[12]>>4) * 4
			case protoUDP:
				want.SrcPort, want.DstPort = binary.BigEndian.Uint16(l4), binary.BigEndian.Uint16(l4[2:])
				want.Length -= 8
			case protoICMP:
				want.Length -= 8
			}
		}
		if f.want != want {
			t.Errorf("frame %d (%s): the checks expect %+v, the frame reads %+v", i, f.about, f.want, want)
		}
	}
}
