package rawsock

import (
	"bytes"
	"math/rand/v2"
	"runtime"
	"testing"

	"golang.org/x/net/icmp"
	"golang.org/x/net/ipv4"
)

// TestBuildAgainstXNet holds the grader's packets to golang.org/x/net's
// parsers: the IPv4 header ipv4.ParseHeader reads, and an ICMP echo whose
// checksum icmp.Message.Marshal computes.
func TestBuildAgainstXNet(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("ipv4.ParseHeader reads some fields in host order outside Linux")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		proto := []uint8{protoTCP, protoUDP, protoICMP}[i%3]
		p := transport(rng, proto, rng.IntN(11))
		p.ip.Flags, p.ip.FragOff = uint8(rng.IntN(8)), uint16(rng.IntN(0x2000))
		b, want := p.build()
		h, err := ipv4.ParseHeader(b)
		if err != nil {
			t.Fatalf("packet %d: ParseHeader: %v", i, err)
		}
		ip := want.IP
		if h.Version != int(ip.Version) || h.Len != int(ip.IHL)*4 || h.TOS != int(ip.TOS) || h.TotalLen != int(ip.TotalLen) ||
			h.ID != int(ip.ID) || int(h.Flags) != int(ip.Flags) || h.FragOff != int(ip.FragOff) || h.TTL != int(ip.TTL) ||
			h.Protocol != int(ip.Protocol) || h.Checksum != int(ip.Checksum) || h.Src.String() != ip.Src || h.Dst.String() != ip.Dst ||
			!bytes.Equal(h.Options, ip.Options) {
			t.Errorf("packet %d: x/net reads %+v, the grader built %+v", i, h, ip)
		}
		if h.TotalLen != len(b) {
			t.Errorf("packet %d: total length %d, %d bytes", i, h.TotalLen, len(b))
		}
		if got := checksum(b[:h.Len]); got != 0 {
			t.Errorf("packet %d: the checksum over the filled-in header is %#04x, want 0", i, got)
		}
		if want.ICMP != nil {
			m := icmp.Message{Type: ipv4.ICMPType(want.ICMP.Type), Body: &icmp.Echo{ID: int(want.ICMP.ID), Seq: int(want.ICMP.Seq), Data: want.Payload}}
			wb, err := m.Marshal(nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := b[h.Len:]; !bytes.Equal(got, wb) {
				t.Errorf("packet %d: ICMP % x, x/net marshals % x", i, got, wb)
			}
		}
	}
}

// TestChecksumRFC1071 is the example of RFC 1071 section 3, and carries
// that need more than one fold.
func TestChecksumRFC1071(t *testing.T) {
	for _, c := range []struct {
		b    []byte
		want uint16
	}{
		{[]byte{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7}, ^uint16(0xddf2)},
		{nil, 0xffff},
		{[]byte{0xab}, ^uint16(0xab00)},
		{[]byte{0xff, 0xff, 0xff, 0xff, 0x00, 0x01}, ^uint16(0x0001)},
	} {
		if got := checksum(c.b); got != c.want {
			t.Errorf("checksum(% x) = %#04x, want %#04x", c.b, got, c.want)
		}
	}
}

// TestEchoAgainstXNet holds the ping checks' echo messages to
// golang.org/x/net/icmp's: same bytes, checksum included, for requests
// and replies of even and odd lengths.
func TestEchoAgainstXNet(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 50 {
		id, seq, data := uint16(rng.IntN(65536)), uint16(rng.IntN(65536)), fill(rng, rng.IntN(64))
		for _, typ := range []ipv4.ICMPType{ipv4.ICMPTypeEcho, ipv4.ICMPTypeEchoReply} {
			want, err := (&icmp.Message{Type: typ, Body: &icmp.Echo{ID: int(id), Seq: int(seq), Data: data}}).Marshal(nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := echo(uint8(typ), id, seq, data); !bytes.Equal(got, want) {
				t.Errorf("%d: echo type %d: % x, x/net marshals % x", i, typ, got, want)
			}
		}
	}
}
