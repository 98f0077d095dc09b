package rawsock

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/go-cmp/cmp"

	"netcourse/grader/course/1.8-rawsock/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// Exercise 1.8: the Internet checksum and the decoding of IPv4 packets
// with the TCP, UDP or ICMP header after them, both pure functions of
// bytes: the grader builds the packets from the seed, the child runs the
// submission on each, and the grader compares what came back with what it
// built, field by field. Then a ping over a raw ICMP socket the judge
// opens and passes to the child, in the sandbox's own network namespace,
// where the judge plays the host pinged (pingchecks.go, network.go). Last
// a capture on a packet socket the judge opens and passes the same way,
// while it writes frames of its making on loopback (capturechecks.go,
// capturenet.go, frames.go).
var checks = []judge.Check{
	{Name: "checksums even-length data", Points: 2, Run: checkSumEven},
	{Name: "pads an odd last byte with zero", Points: 2, Run: checkSumOdd},
	{Name: "folds every carry back into the sum", Points: 2, Run: checkSumCarry},
	{Name: "gives 0 over a header whose checksum is filled in", Points: 1, Run: checkSumVerify},
	{Name: "rejects data longer than an IPv4 packet", Points: 1, Run: checkSumTooLong},
	{Name: "decodes IPv4 fields in network byte order", Points: 3, Run: checkIPFields},
	{Name: "finds what follows IPv4 options from the IHL", Points: 3, Run: checkIPOptions},
	{Name: "decodes the TCP, UDP and ICMP headers", Points: 3, Run: checkTransport},
	{Name: "reads flags and fragment offset", Points: 2, Run: checkFragments},
	{Name: "ends the payload at the total length", Points: 1, Run: checkPadding},
	{Name: "reports a truncated packet as ErrTruncated", Points: 2, Run: checkTruncated},
	{Name: "rejects an IHL or a TCP data offset below 5", Points: 1, Run: checkHeaderLength},
	{Name: "rejects a total length the bytes disagree with", Points: 2, Run: checkTotalLength},
	{Name: "sends a well-formed echo request", Points: 2, Run: checkPingRequest},
	{Name: "returns the reply and its round-trip time", Points: 2, Run: checkPingReply},
	{Name: "ignores replies that are not to its request", Points: 3, Run: checkPingMatch},
	{Name: "ignores a reply whose checksum is wrong", Points: 2, Run: checkPingChecksum},
	{Name: "gives up at its timeout when nobody answers", Points: 2, Run: checkPingTimeout},
	{Name: "ignores duplicate and late replies to earlier pings", Points: 2, Run: checkPingEarlier},
	{Name: "summarises TCP and UDP frames", Points: 3, Run: checkCaptureTCPUDP},
	{Name: "counts the payload past options, not the padding", Points: 2, Run: checkCaptureLength},
	{Name: "summarises other protocols and non-IPv4 frames", Points: 2, Run: checkCaptureOther},
	{Name: "reports each frame once, not its outgoing copy", Points: 3, Run: checkCaptureOnce},
	{Name: "stops at n frames or at its timeout", Points: 2, Run: checkCaptureStop},
}

const (
	// rowsWithin bounds a table of calls: they need no network and take
	// microseconds each.
	rowsWithin = 5 * time.Second
	// shown is how many wrong rows a failure shows.
	shown = 3
)

// run runs op on every packet in one child and returns one result each.
func run[R any](t *judge.T, op wire.Op[contract.Packets, []R], pkts [][]byte) ([]R, error) {
	_, out, err := harness.Call(t, op, contract.Packets{Packets: pkts}, rowsWithin)
	if err != nil {
		return nil, harness.TimedOut(err, fmt.Sprintf("%d calls of %s did not return within %v; they need no network and take microseconds", len(pkts), op.Func, rowsWithin),
			"Look for a loop whose index never reaches the end, such as one that steps by 2 over an odd length and tests i != len(b).")
	}
	if len(out) != len(pkts) {
		return nil, fmt.Errorf("driver returned %d results for %d packets", len(out), len(pkts))
	}
	return out, nil
}

// hexdump shows bytes in hex, cut to a readable length.
func hexdump(b []byte) string {
	const most = 48
	if len(b) <= most {
		return fmt.Sprintf("% x", b)
	}
	return fmt.Sprintf("% x … % x", b[:most-8], b[len(b)-8:])
}

// errName names the exercise's error an error is, as the README does.
func errName(e *wire.Err, is contract.Errs) string {
	switch {
	case e == nil:
		return "no error"
	case is.TooLong:
		return "ErrTooLong"
	case is.Truncated:
		return "ErrTruncated"
	case is.HeaderLength:
		return "ErrHeaderLength"
	case is.TotalLength:
		return "ErrTotalLength"
	}
	return fmt.Sprintf("the error %q, which is none of the README's", e.Text)
}

// wrong collects the rows a check found wrong, and shows the first few.
type wrong struct {
	n, rows int
	b       strings.Builder
}

func (w *wrong) add(i int, about string, b []byte, format string, args ...any) {
	w.n++
	if w.n > shown {
		return
	}
	fmt.Fprintf(&w.b, "%d of %d, %s (%d bytes): %s\n    %s\n", i+1, w.rows, about, len(b), hexdump(b), strings.ReplaceAll(fmt.Sprintf(format, args...), "\n", "\n    "))
}

func (w *wrong) String() string {
	s := w.b.String()
	if w.n > shown {
		s += fmt.Sprintf("... and %d more\n", w.n-shown)
	}
	return s
}

// sumRow is one call of Checksum: its data and what to say about it.
type sumRow struct {
	about string
	data  []byte
	// errOnly: only whether Checksum returned an error counts.
	errOnly bool
	tooLong bool // want ErrTooLong
}

// sumWrong runs Checksum on rows and says which came back wrong.
func sumWrong(t *judge.T, rows []sumRow) (*wrong, error) {
	pkts := make([][]byte, len(rows))
	for i, r := range rows {
		pkts[i] = r.data
	}
	out, err := run(t, contract.Checksum, pkts)
	if err != nil {
		return nil, err
	}
	w := &wrong{rows: len(rows)}
	for i, r := range rows {
		got := out[i]
		switch {
		case r.tooLong && !got.Is.TooLong:
			w.add(i, r.about, r.data, "Checksum returned %s (sum %#04x), want ErrTooLong", errName(got.Err, got.Is), got.Sum)
		case r.tooLong:
		case got.Err != nil:
			w.add(i, r.about, r.data, "Checksum returned %s, want no error", errName(got.Err, got.Is))
		case r.errOnly:
		case got.Sum != checksum(r.data):
			w.add(i, r.about, r.data, "Checksum returned %#04x, want %#04x", got.Sum, checksum(r.data))
		}
	}
	return w, nil
}

// oneFold reports whether folding the 32-bit sum of b's words once leaves
// no carry: then a checksum that folds once gets b right.
func oneFold(b []byte) bool {
	var sum uint32
	for i := 0; i+1 < len(b); i += 2 {
		sum += uint32(binary.BigEndian.Uint16(b[i:]))
	}
	if len(b)%2 == 1 {
		sum += uint32(b[len(b)-1]) << 8
	}
	return sum>>16+sum&0xffff <= 0xffff
}

// data returns n random bytes whose sum needs at most one fold, so that
// only the carry check fails a checksum that folds once; the last byte is
// never 0, so that a dropped odd byte shows.
func data(rng *rand.Rand, n int) []byte {
	for {
		b := fill(rng, n)
		if n > 0 {
			b[n-1] |= 1
		}
		if oneFold(b) {
			return b
		}
	}
}

const (
	whySum  = "every IPv4 header, and every TCP, UDP and ICMP message, carries this checksum: a receiver drops what does not add up, so a sender that gets it wrong is never heard, and a receiver that gets it wrong drops everything."
	hintSum = "Add the data as 16-bit big-endian words into a uint32, b[i]<<8 | b[i+1]; fold the high half into the low half until nothing is left above 16 bits; return the complement, ^uint16(sum)."
)

func checkSumEven(t *judge.T) error {
	rows := []sumRow{
		{about: "the example of RFC 1071, section 3", data: []byte{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7}},
		{about: "no data at all", data: []byte{}},
	}
	for range 4 {
		n := 2 * (1 + t.Rand.IntN(100))
		rows = append(rows, sumRow{about: "random data", data: data(t.Rand, n)})
	}
	p := transport(t.Rand, protoUDP, 0)
	b, _ := p.build()
	hdr := b[:20:20]
	hdr[10], hdr[11] = 0, 0
	rows = append(rows, sumRow{about: "an IPv4 header whose checksum field is still 0", data: hdr})
	w, err := sumWrong(t, rows)
	if err != nil || w.n == 0 {
		return err
	}
	return judge.Fail("Checksum returned the wrong sum for %d of %d inputs of even length", w.n, len(rows)).With(w.String(), whySum, hintSum)
}

func checkSumOdd(t *judge.T) error {
	rows := []sumRow{
		{about: "one byte", data: []byte{byte(1 + t.Rand.IntN(255))}},
		{about: "three bytes", data: data(t.Rand, 3)},
	}
	for range 4 {
		rows = append(rows, sumRow{about: "random data, odd length", data: data(t.Rand, 2*(2+t.Rand.IntN(100))+1)})
	}
	w, err := sumWrong(t, rows)
	if err != nil || w.n == 0 {
		return err
	}
	return judge.Fail("Checksum returned the wrong sum for %d of %d inputs of odd length", w.n, len(rows)).With(w.String(),
		"an ICMP echo or a UDP datagram can hold an odd number of bytes. RFC 1071 pads the last byte with a zero byte on the right: it is the high byte of a last word, b[n-1]<<8. A loop over whole words alone leaves it out, and every odd message is dropped by its receiver.",
		"After the loop over pairs, if one byte is left, add it shifted left by 8.")
}

func checkSumCarry(t *judge.T) error {
	rows := []sumRow{{about: "ff ff + ff ff + 00 01: 0x1ffff folds to 0x10000, which carries again", data: []byte{0xff, 0xff, 0xff, 0xff, 0x00, 0x01}}}
	for range 5 {
		// Words near 0xffff, then one last word chosen so that the 32-bit
		// sum, folded once, is still above 0xffff.
		k := 2 + t.Rand.IntN(30)
		b := make([]byte, 2*k, 2*k+2)
		var sum uint32
		for i := range k {
			v := uint16(0xf000 + t.Rand.IntN(0x1000))
			binary.BigEndian.PutUint16(b[2*i:], v)
			sum += uint32(v)
		}
		hi, lo := sum>>16, sum&0xffff
		last := uint16(0xffff - lo - t.Rand.Uint32N(hi))
		b = binary.BigEndian.AppendUint16(b, last)
		rows = append(rows, sumRow{about: "words near 0xffff, whose sum folded once carries again", data: b})
	}
	w, err := sumWrong(t, rows)
	if err != nil || w.n == 0 {
		return err
	}
	return judge.Fail("Checksum returned the wrong sum for %d of %d inputs whose carries need more than one fold", w.n, len(rows)).With(w.String(),
		"the ones' complement sum adds every carry out of bit 15 back in at bit 0. Folding a 32-bit sum once, sum>>16 + sum&0xffff, can itself carry (0x1ffff gives 0x10000), and that carry must be folded in too: a sum that drops it is off by one for such data.",
		"Fold in a loop, for sum > 0xffff, or fold twice; then take the complement.")
}

func checkSumVerify(t *judge.T) error {
	var rows []sumRow
	for i := range 4 {
		p := transport(t.Rand, protoICMP, t.Rand.IntN(11))
		if len(p.payload)%2 == 1 {
			p.payload = p.payload[1:] // even: the odd check is about odd lengths
		}
		b, want := p.build()
		hlen := int(want.IP.IHL) * 4
		if i%2 == 0 {
			rows = append(rows, sumRow{about: fmt.Sprintf("an IPv4 header with %d bytes of options, checksum filled in", hlen-20), data: b[:hlen]})
		} else {
			rows = append(rows, sumRow{about: "an ICMP echo message, checksum filled in", data: b[hlen:]})
		}
	}
	w, err := sumWrong(t, rows)
	if err != nil || w.n == 0 {
		return err
	}
	return judge.Fail("Checksum over a header with its checksum filled in is not 0 (%d of %d)", w.n, len(rows)).With(w.String(),
		"a receiver checks a header by summing all of it, the checksum field included: a correct header sums to 0xffff, whose complement is 0. Checksum must sum every byte it is given, without skipping or zeroing any field: that is the caller's business when it fills the field in.",
		"Sum every word of b as it is, checksum field included.")
}

func checkSumTooLong(t *judge.T) error {
	rows := []sumRow{
		{about: "65536 bytes", data: fill(t.Rand, 65536), tooLong: true},
		{about: "more than 65536 bytes", data: fill(t.Rand, 65537+t.Rand.IntN(4000)), tooLong: true},
		{about: "65535 bytes, the longest packet", data: fill(t.Rand, 65535), errOnly: true},
		{about: "65534 bytes", data: fill(t.Rand, 65534), errOnly: true},
	}
	w, err := sumWrong(t, rows)
	if err != nil || w.n == 0 {
		return err
	}
	return judge.Fail("Checksum's error does not follow the length of its data: want ErrTooLong above 65535 bytes and no error up to it").With(w.String(),
		"no IPv4 packet holds more than 65535 bytes (its total length is 16 bits): data longer than that was never one packet.",
		"Compare len(b) with MaxPacket before summing, and return ErrTooLong itself (or wrap it with %w).")
}

// decRow is one call of Decode: the bytes, and either the packet a
// decoder reads or the error it must return.
type decRow struct {
	about string
	b     []byte
	want  contract.Packet
	err   string // "" for none, or the README's name of the error
}

// row builds p as a row that decodes.
func row(about string, p packet) decRow {
	b, want := p.build()
	return decRow{about: about, b: b, want: want}
}

// decWrong runs Decode on rows and says which came back wrong.
func decWrong(t *judge.T, rows []decRow) (*wrong, error) {
	pkts := make([][]byte, len(rows))
	for i, r := range rows {
		pkts[i] = r.b
	}
	out, err := run(t, contract.Decode, pkts)
	if err != nil {
		return nil, err
	}
	w := &wrong{rows: len(rows)}
	for i, r := range rows {
		got := out[i]
		name := errName(got.Err, got.Is)
		switch {
		case r.err != "" && name != r.err:
			w.add(i, r.about, r.b, "Decode returned %s, want %s", name, r.err)
		case r.err != "":
		case got.Err != nil && got.Is.TotalLength:
			tl := r.b[2:4]
			w.add(i, r.about, r.b, "Decode returned %s, want no error: the total length, bytes 2-3 (% x), is %d read big-endian, and the buffer holds %d bytes (read little-endian they are %d)",
				name, tl, binary.BigEndian.Uint16(tl), len(r.b), binary.LittleEndian.Uint16(tl))
		case got.Err != nil:
			w.add(i, r.about, r.b, "Decode returned %s, want no error", name)
		default:
			if d := judge.Diff(r.want, got.Packet, asHex); d != "" {
				w.add(i, r.about, r.b, "Decode read the packet wrongly; %s", d)
			}
		}
	}
	return w, nil
}

// asHex shows byte fields (options, payloads) in a diff as one line of
// hex each; nil and empty are the same.
var asHex = cmp.Transformer("hex", func(b []byte) string { return fmt.Sprintf("% x", b) })

// describe names a packet's contents for a row's about.
func describe(p packet) string {
	var s string
	switch {
	case p.tcp != nil:
		s = fmt.Sprintf("TCP with %d bytes of options", len(p.tcp.Options))
	case p.udp != nil:
		s = "UDP"
	case p.icmp != nil:
		s = "ICMP echo"
	default:
		s = fmt.Sprintf("protocol %d", p.ip.Protocol)
	}
	if n := len(p.ip.Options); n > 0 {
		s = fmt.Sprintf("%s after %d bytes of IPv4 options", s, n)
	}
	return fmt.Sprintf("%s, %d bytes of payload", s, len(p.payload))
}

// refix recomputes b's IPv4 header checksum after a change, so that only
// the change is wrong.
func refix(b []byte) {
	hlen := int(b[0]&0x0f) * 4
	if hlen < 20 || hlen > len(b) {
		return
	}
	b[10], b[11] = 0, 0
	binary.BigEndian.PutUint16(b[10:], checksum(b[:hlen]))
}

const (
	whyOrder   = "every multi-byte field of a packet header travels most significant byte first (network byte order, big-endian), whatever the CPU's own order: a total length of 58 is 00 3a on the wire, and read little-endian it is 14848."
	hintOrder  = "Read fields with binary.BigEndian (not LittleEndian or NativeEndian), at the offsets of RFC 791's header diagram."
	whyDecoder = "a program that reads packets (a capture tool, a firewall, a ping) gets only bytes: every field it reports is read at its offset and in network byte order, or it reports a packet that never was."
)

func checkIPFields(t *judge.T) error {
	var rows []decRow
	for _, proto := range []uint8{2, 47, 50, 89, 132, uint8(140 + t.Rand.IntN(100))} {
		p := packet{ip: ipHeader(t.Rand, proto, 0), payload: fill(t.Rand, t.Rand.IntN(60))}
		rows = append(rows, row(describe(p), p))
	}
	w, err := decWrong(t, rows)
	if err != nil || w.n == 0 {
		return err
	}
	return judge.Fail("Decode read the IPv4 header wrongly in %d of %d packets (no options, a protocol with no header Decode reads)", w.n, len(rows)).With(w.String(), whyOrder, hintOrder)
}

func checkIPOptions(t *judge.T) error {
	var rows []decRow
	words := []int{10, 1 + t.Rand.IntN(9), 1 + t.Rand.IntN(9), 1 + t.Rand.IntN(9)}
	for i, proto := range []uint8{protoTCP, protoUDP, protoICMP, uint8(140 + t.Rand.IntN(100))} {
		p := transport(t.Rand, proto, words[i])
		rows = append(rows, row(describe(p), p))
	}
	w, err := decWrong(t, rows)
	if err != nil || w.n == 0 {
		return err
	}
	return judge.Fail("Decode read %d of %d packets with IPv4 options wrongly", w.n, len(rows)).With(w.String(),
		"an IPv4 header is not always 20 bytes: its IHL (the low 4 bits of byte 0) gives its length in 32-bit words, 5 to 15, and options fill the bytes from 20 to IHL*4. What follows the header starts there; a decoder that assumes 20 bytes reads the options as the TCP or UDP header.",
		"Start the transport header at int(b[0]&0x0f)*4, and return b[20:IHL*4] as the options.")
}

func checkTransport(t *judge.T) error {
	tcp := transport(t.Rand, protoTCP, 0)
	tcp.tcp.Options = nil
	tcpOpt := transport(t.Rand, protoTCP, 0)
	tcpOpt.tcp.Options = fill(t.Rand, 4*(1+t.Rand.IntN(10)))
	empty := transport(t.Rand, protoUDP, 0)
	empty.payload = nil
	var rows []decRow
	for _, p := range []packet{tcp, tcpOpt, transport(t.Rand, protoUDP, 0), empty, transport(t.Rand, protoICMP, 0), transport(t.Rand, protoICMP, 0)} {
		rows = append(rows, row(describe(p), p))
	}
	w, err := decWrong(t, rows)
	if err != nil || w.n == 0 {
		return err
	}
	return judge.Fail("Decode read %d of %d TCP, UDP and ICMP packets wrongly", w.n, len(rows)).With(w.String(), whyOrder+" A TCP header has options too: its data offset (the high 4 bits of its byte 12) gives its length in words.",
		"Read the header the IPv4 protocol names (1 ICMP, 6 TCP, 17 UDP) with binary.BigEndian, and start the TCP payload at DataOffset*4.")
}

func checkFragments(t *judge.T) error {
	first := transport(t.Rand, protoUDP, 0)
	first.ip.Flags = 1 // MF
	df := transport(t.Rand, protoTCP, 0)
	df.ip.Flags = 2 // DF
	later := packet{ip: ipHeader(t.Rand, protoUDP, 0), payload: fill(t.Rand, 8+t.Rand.IntN(40))}
	later.ip.Flags, later.ip.FragOff = 1, uint16(1+t.Rand.IntN(0x1fff))
	last := packet{ip: ipHeader(t.Rand, protoTCP, 0), payload: fill(t.Rand, 20+t.Rand.IntN(40))}
	last.ip.FragOff = uint16(0x1000 + t.Rand.IntN(0x1000)) // the high bit of the offset set: a mask one bit short shows
	rows := []decRow{
		row("UDP, first fragment (MF set, offset 0): the UDP header is there", first),
		row("TCP with DF set", df),
		row(fmt.Sprintf("a later fragment of UDP (MF, offset %d): no UDP header, all payload", later.ip.FragOff), later),
		row(fmt.Sprintf("the last fragment of TCP (offset %d): no TCP header, all payload", last.ip.FragOff), last),
	}
	w, err := decWrong(t, rows)
	if err != nil || w.n == 0 {
		return err
	}
	return judge.Fail("Decode read %d of %d fragments or flagged packets wrongly", w.n, len(rows)).With(w.String(),
		"bytes 6-7 of the IPv4 header hold two fields: the flags in the top 3 bits (DF 0b010, MF 0b001) and the fragment offset, in 8-byte units, in the low 13. A packet split on its way carries its transport header only in the fragment at offset 0; the others hold the middle of the payload, which read as a header gives ports and sequence numbers that were never sent.",
		"Read bytes 6-7 as one big-endian uint16: flags = v>>13, offset = v&0x1fff. Read a TCP, UDP or ICMP header only when the offset is 0.")
}

func checkPadding(t *judge.T) error {
	var rows []decRow
	for _, proto := range []uint8{protoTCP, protoUDP, protoICMP} {
		// No IPv4 options: this check is about where the packet ends.
		p := transport(t.Rand, proto, 0)
		p.pad = fill(t.Rand, 1+t.Rand.IntN(20))
		rows = append(rows, row(fmt.Sprintf("%s, then %d bytes of padding", describe(p), len(p.pad)), p))
	}
	w, err := decWrong(t, rows)
	if err != nil || w.n == 0 {
		return err
	}
	return judge.Fail("Decode took bytes past the total length into %d of %d packets", w.n, len(rows)).With(w.String(),
		"a buffer can hold more than the packet: Ethernet pads every frame to 60 bytes, so a small packet read from a packet socket arrives with zeros after it. The total length (bytes 2-3) says where the packet ends.",
		"End the payload at b[:TotalLen], not at len(b).")
}

// cut returns p's bytes with the IPv4 payload cut to keep bytes, the total
// length and header checksum made to agree.
func cut(p packet, keep int) []byte {
	b, want := p.build()
	hlen := int(want.IP.IHL) * 4
	b = b[:hlen+keep]
	binary.BigEndian.PutUint16(b[2:], uint16(len(b)))
	refix(b)
	return b
}

func checkTruncated(t *judge.T) error {
	whole := transport(t.Rand, protoTCP, 0)
	wb, _ := whole.build()
	opts := transport(t.Rand, protoUDP, 4+t.Rand.IntN(7))
	ob, _ := opts.build()
	tcpOpt := transport(t.Rand, protoTCP, 0)
	tcpOpt.tcp.Options = fill(t.Rand, 4*(2+t.Rand.IntN(9)))
	rows := []decRow{
		{about: "no bytes at all", b: []byte{}, err: "ErrTruncated"},
		{about: "the first bytes of an IPv4 header", b: wb[:1+t.Rand.IntN(19)], err: "ErrTruncated"},
		{about: "an IPv4 header cut inside its options", b: ob[:21+t.Rand.IntN(len(opts.ip.Options)-1)], err: "ErrTruncated"},
		{about: "TCP whose header is cut short", b: cut(transport(t.Rand, protoTCP, 0), t.Rand.IntN(20)), err: "ErrTruncated"},
		{about: "TCP whose options are cut short", b: cut(tcpOpt, 20+t.Rand.IntN(len(tcpOpt.tcp.Options))), err: "ErrTruncated"},
		{about: "UDP whose header is cut short", b: cut(transport(t.Rand, protoUDP, 0), t.Rand.IntN(8)), err: "ErrTruncated"},
		{about: "ICMP whose header is cut short", b: cut(transport(t.Rand, protoICMP, 0), t.Rand.IntN(8)), err: "ErrTruncated"},
		row("a whole packet, for comparison: "+describe(whole), whole),
	}
	w, err := decWrong(t, rows)
	if err != nil || w.n == 0 {
		return err
	}
	return judge.Fail("Decode did not report %d of %d packets as it should (a packet cut short is ErrTruncated)", w.n, len(rows)).With(w.String(),
		"a capture with a small snap length, a damaged packet or a hostile one can end before its headers do. A decoder that reads on indexes past the end (and panics) or decodes bytes that are not there; the caller needs ErrTruncated to drop the packet and go on.",
		"Before reading each part compare the length you have with the length you need: 20 bytes, then IHL*4, then the 20 (TCP) or 8 (UDP, ICMP) bytes of the transport header, then DataOffset*4.")
}

func checkHeaderLength(t *judge.T) error {
	var rows []decRow
	for ihl := range 5 {
		p := transport(t.Rand, protoUDP, 0)
		b, _ := p.build()
		b[0] = 0x40 | byte(ihl)
		refix(b)
		rows = append(rows, decRow{about: fmt.Sprintf("UDP with IHL %d", ihl), b: b, err: "ErrHeaderLength"})
	}
	for range 2 {
		off := byte(t.Rand.IntN(5))
		p := transport(t.Rand, protoTCP, 0)
		p.tcp.Options = nil
		b, want := p.build()
		hlen := int(want.IP.IHL) * 4
		b[hlen+12] = off<<4 | b[hlen+12]&0x0f
		rows = append(rows, decRow{about: fmt.Sprintf("TCP with data offset %d", off), b: b, err: "ErrHeaderLength"})
	}
	w, err := decWrong(t, rows)
	if err != nil || w.n == 0 {
		return err
	}
	return judge.Fail("Decode accepted %d of %d headers shorter than the shortest header", w.n, len(rows)).With(w.String(),
		"an IHL or a TCP data offset counts 32-bit words, and the fixed part alone is 5 of them. A smaller value describes a header that cannot exist; read as it is, it puts the next header inside this one.",
		"After reading the IHL (and the data offset), return ErrHeaderLength when it is below 5.")
}

func checkTotalLength(t *judge.T) error {
	var rows []decRow
	mk := func(about string, proto uint8, opt int, total func(n, hlen int) int) {
		p := transport(t.Rand, proto, opt)
		b, want := p.build()
		hlen := int(want.IP.IHL) * 4
		tl := total(len(b), hlen)
		binary.BigEndian.PutUint16(b[2:], uint16(tl))
		refix(b)
		rows = append(rows, decRow{about: fmt.Sprintf("%s: total length %d, header %d bytes", about, tl, hlen), b: b, err: "ErrTotalLength"})
	}
	mk("UDP, one byte short of its total length", protoUDP, 0, func(n, _ int) int { return n + 1 })
	mk("TCP, a capture cut short of its total length", protoTCP, t.Rand.IntN(3), func(n, _ int) int { return n + 1 + t.Rand.IntN(1000) })
	mk("ICMP claiming the longest packet", protoICMP, 0, func(int, int) int { return 65535 })
	mk("UDP whose total length is 0", protoUDP, 0, func(int, int) int { return 0 })
	// 20 bytes or more, but less than the header with its options.
	mk("TCP whose total length is shorter than its IPv4 header", protoTCP, 1+t.Rand.IntN(5), func(_, hlen int) int { return 20 + t.Rand.IntN(hlen-20) })
	w, err := decWrong(t, rows)
	if err != nil || w.n == 0 {
		return err
	}
	return judge.Fail("Decode did not return ErrTotalLength for %d of %d packets whose total length disagrees with their bytes", w.n, len(rows)).With(w.String(),
		"the total length is a number in the packet, written by whoever sent it: a buffer may hold less than it claims (a cut capture, a hostile sender), and a total length below the header's own length cannot be. Sliced as it stands, b[hlen:TotalLen] panics or returns nonsense.",
		"Compare TotalLen with the header length and with len(b) before slicing; return ErrTotalLength when TotalLen < IHL*4 or TotalLen > len(b).")
}
