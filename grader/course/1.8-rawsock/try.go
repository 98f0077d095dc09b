package rawsock

import (
	"encoding/hex"
	"fmt"

	"netcourse/grader/course/1.8-rawsock/contract"
	"netcourse/grader/internal/trypeer"
)

// samplePacket is the packet the try peer sends: the README's example, a
// UDP datagram from 192.0.2.1:5353 to 198.51.100.7:53 carrying "hello",
// after 4 bytes of IPv4 options (a Router Alert).
func samplePacket() []byte {
	b, _ := packet{
		ip: contract.IPv4{Version: 4, ID: 0x1c46, Flags: 2, TTL: 64, Protocol: protoUDP,
			Src: "192.0.2.1", Dst: "198.51.100.7", Options: []byte{0x94, 0x04, 0x00, 0x00}},
		udp:     &contract.UDP{SrcPort: 5353, DstPort: 53},
		payload: []byte("hello"),
	}.build()
	return b
}

// try is the fake peer `grader try 1.8` runs: it sends the bytes of one
// packet over TCP, for the student to read and pass to Decode. A packet
// holds NUL bytes, which a command line cannot: it goes to fakepeer in hex.
var try = &trypeer.Peer{
	ID: "1.8", Kind: "tcp", Listen: "127.0.0.1:9180",
	Faults: []trypeer.Fault{
		{Name: "packet", Mode: "drip", BodyHex: hex.EncodeToString(samplePacket()), About: "waits for a request (a blank line ends one, or --wait passes), then sends the README's example packet (IPv4 with options, UDP, \"hello\") in small fragments and closes"},
		{Name: "cut", Mode: "fin", BodyHex: hex.EncodeToString(samplePacket()), About: "the same, but closes after 18 of its 37 bytes: Decode of what arrived must return ErrTruncated"},
	},
	Usage: func(addr string) string {
		host, port := trypeer.SplitAddr(addr)
		return fmt.Sprintf("Read the packet's bytes from it, from a small main (README, \"Try it by hand\"):\n"+
			"    c, _ := net.Dial(\"tcp\", %q); c.Write([]byte(\"\\n\\n\")); b, _ := io.ReadAll(c); p, err := rawsock.Decode(b)\n"+
			"or look at the bytes (press Enter twice):\n"+
			"    nc %s %s | xxd", addr, host, port)
	},
}
