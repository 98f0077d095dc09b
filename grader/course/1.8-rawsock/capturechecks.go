package rawsock

import (
	"fmt"
	"math/bits"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/google/go-cmp/cmp"

	"netcourse/grader/course/1.8-rawsock/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
)

const (
	// capturedTimeout is the timeout of a capture whose n frames are all
	// queued or on their way: far longer than it takes to read them, so
	// that only a capture that waits for more than n reaches it.
	capturedTimeout = 2 * time.Second
	// captureSlack is how long after its timeout a Capture may take to
	// return (an upper bound, generous for loaded machines: it catches
	// code that hangs, nothing finer).
	captureSlack = 3 * time.Second
)

// Summary is contract.Summary in the student's terms, for diffs:
// addresses as netip.Addr, the EtherType and TCP flags in hex.
type Summary struct {
	EtherType        etherType
	Protocol         uint8
	Src, Dst         netip.Addr
	SrcPort, DstPort uint16
	Flags            tcpFlags
	Length           int
}

type etherType uint16

func (e etherType) String() string { return fmt.Sprintf("%#04x", uint16(e)) }

type tcpFlags uint8

func (f tcpFlags) String() string {
	var on []string
	for i, name := range []string{"CWR", "ECE", "URG", "ACK", "PSH", "RST", "SYN", "FIN"} {
		if f&(0x80>>i) != 0 {
			on = append(on, name)
		}
	}
	if len(on) == 0 {
		return "0x00"
	}
	return fmt.Sprintf("%#02x %s", uint8(f), strings.Join(on, "|"))
}

// view returns summaries in the student's terms.
func view(sums []contract.Summary) []Summary {
	out := make([]Summary, len(sums))
	for i, s := range sums {
		src, _ := netip.ParseAddr(s.Src) // "invalid IP" is the zero Addr
		dst, _ := netip.ParseAddr(s.Dst)
		out[i] = Summary{EtherType: etherType(s.EtherType), Protocol: s.Protocol, Src: src, Dst: dst,
			SrcPort: s.SrcPort, DstPort: s.DstPort, Flags: tcpFlags(s.Flags), Length: s.Length}
	}
	return out
}

func wants(frames []frame) []contract.Summary {
	out := make([]contract.Summary, len(frames))
	for i, f := range frames {
		out[i] = f.want
	}
	return out
}

var sameAddr = cmp.Comparer(func(a, b netip.Addr) bool { return a == b })

// captureCall writes a capture as the student's code would.
func captureCall(r contract.CaptureRow) string {
	return fmt.Sprintf("Capture(f, %d, %v)", r.N, r.Timeout)
}

// capture runs the child's Capture on rows over a packet socket of its
// own, with the frames before queued on it first and the frames after
// written once the child has started. Unless outgoing, the socket reads
// no copies of frames leaving.
func capture(t *judge.T, outgoing bool, rows []contract.CaptureRow, before, after []frame) ([]contract.CaptureResult, error) {
	l, sock, err := newLink(t, outgoing)
	if err != nil {
		return nil, err
	}
	t.Pass(sock)
	if err := l.sendAll(t, before); err != nil {
		return nil, err
	}
	within := captureSlack
	var calls []string
	for _, r := range rows {
		within += r.Timeout
		calls = append(calls, captureCall(r))
	}
	c, err := harness.Start(t, contract.Capture, contract.CaptureArgs{Captures: rows})
	if err != nil {
		return nil, err
	}
	sock.Close() // the child has its own
	if err := l.sendAll(t, after); err != nil {
		return nil, err
	}
	res, err := harness.Result(c, contract.Capture, within)
	if err != nil {
		return nil, harness.TimedOut(err, fmt.Sprintf("%s did not return within %v of its timeout", strings.Join(calls, ", then "), captureSlack),
			"Set f's read deadline (f.SetReadDeadline) to the call's start plus timeout, once, before the first read, and read through f.SyscallConn(), which keeps to it; when a read returns os.ErrDeadlineExceeded, return what you have.")
	}
	if len(res) != len(rows) {
		return nil, fmt.Errorf("driver returned %d results for %d captures", len(res), len(rows))
	}
	return res, nil
}

// which compares summaries by what tells frames apart (EtherType,
// protocol, addresses), for the checks about which frames a capture
// reports, not what it reads in them: a mistake in ports or lengths, or
// a Decode that rejects the packet (an IPv4 summary with its EtherType
// alone), fails the checks about those alone.
var which = cmp.Comparer(func(a, b Summary) bool {
	bare := Summary{EtherType: etherIPv4}
	return a.EtherType == b.EtherType && (a == bare || b == bare || a.Protocol == b.Protocol && a.Src == b.Src && a.Dst == b.Dst)
})

// captured says what is wrong with r, the result of a capture that should
// have returned the summaries of frames: "" if nothing. opts are the
// comparison's (which, or none for every field).
func captured(row contract.CaptureRow, r contract.CaptureResult, frames []frame, opts ...cmp.Option) string {
	call := captureCall(row)
	if r.Err != nil {
		return fmt.Sprintf("%s returned the error %q after %v (summaries: %d); the grader had sent the %d frames it asked for", call, r.Err.Text, measured(r.Elapsed), len(r.Summaries), len(frames))
	}
	got, want := view(r.Summaries), view(wants(frames))
	opts = append(opts, sameAddr)
	d := judge.Diff(want, got, opts...)
	if d == "" {
		return ""
	}
	s := fmt.Sprintf("%s returned %d summaries for the %d frames the grader sent; %s", call, len(got), len(frames), strings.TrimRight(d, "\n"))
	swapped := 0
	for i := range min(len(got), len(want)) {
		g, w := got[i], want[i]
		if w.SrcPort != 0 && g.SrcPort == bits.ReverseBytes16(w.SrcPort) && g.DstPort == bits.ReverseBytes16(w.DstPort) {
			swapped++
		}
	}
	if swapped > 0 {
		s += fmt.Sprintf("\nIn %d of them both ports have their two bytes swapped: read little-endian (or in the machine's order), not in network byte order.", swapped)
	}
	bare, ipv4 := 0, 0
	for i := range min(len(got), len(want)) {
		if want[i].EtherType == etherIPv4 {
			ipv4++
			if got[i] == (Summary{EtherType: etherIPv4}) {
				bare++
			}
		}
	}
	switch note := fmt.Sprintf("%d of the IPv4 frames came back with the EtherType alone, as if Decode had rejected the packet: if the decoding checks fail, they say why.", bare); {
	case bare > 0 && bare == ipv4 && len(got) == len(want):
		s = fmt.Sprintf("%s returned %d summaries for the %d frames the grader sent; %s", call, len(got), len(frames), note) // the diff says no more
	case bare > 0:
		s += "\n" + note
	}
	for i := range min(len(got), len(want)) {
		if !cmp.Equal(want[i], got[i], opts...) {
			f := frames[i]
			s += fmt.Sprintf("\nthe first wrong one, frame %d of %d: %s (%d bytes)\n    %s", i+1, len(frames), f.about, len(f.b), hexdump(f.b))
			break
		}
	}
	return s
}

const (
	whySummary = "a capture tool's one line per frame is all its user sees of the traffic: every port, flag and length in it is read at its offset, in network byte order, or the line describes a packet that never was."
	hintLength = "Length is what Decode returns as the payload, len(p.Payload): after the IPv4 header with its options, after the TCP header with its options (DataOffset*4) or UDP's or ICMP's 8 bytes, and up to the total length."
)

// compareCapture queues frames, captures as many, and fails with
// headline, why and hint if the summaries are not theirs.
func compareCapture(t *judge.T, frames []frame, headline, why, hint string) error {
	row := contract.CaptureRow{N: len(frames), Timeout: capturedTimeout}
	res, err := capture(t, false, []contract.CaptureRow{row}, frames, nil)
	if err != nil {
		return err
	}
	if s := captured(row, res[0], frames); s != "" {
		return judge.Fail("%s", headline).With(s, why, hint)
	}
	return nil
}

func checkCaptureTCPUDP(t *judge.T) error {
	var frames []frame
	for i := range 6 {
		proto := uint8(protoTCP)
		if i%2 == 1 {
			proto = protoUDP
		}
		n := t.Rand.IntN(301)
		if i == 2 {
			n = 1000 + t.Rand.IntN(401)
		}
		frames = append(frames, ipFrame(onWire(t.Rand, proto, 0, t.Rand.IntN(11), n), macHost, false))
	}
	t.Rand.Shuffle(len(frames), func(i, j int) { frames[i], frames[j] = frames[j], frames[i] })
	return compareCapture(t, frames, "Capture's summaries of TCP and UDP frames are not those of the frames the grader sent", whySummary,
		"After the 14 bytes of the Ethernet header (bytes 12-13 are the EtherType), the frame holds the IPv4 packet: Decode(b[14:]) reads it. Ports and flags come from the TCP or UDP header; "+hintLength)
}

func checkCaptureLength(t *judge.T) error {
	frames := []frame{
		ipFrame(onWire(t.Rand, protoTCP, 1+t.Rand.IntN(10), t.Rand.IntN(11), t.Rand.IntN(201)), macHost, false),
		ipFrame(onWire(t.Rand, protoUDP, 1+t.Rand.IntN(10), 0, t.Rand.IntN(201)), macHost, false),
		ipFrame(onWire(t.Rand, protoTCP, 0, 0, t.Rand.IntN(6)), macHost, true),
		ipFrame(onWire(t.Rand, protoUDP, 0, 0, t.Rand.IntN(18)), macHost, true),
		ipFrame(onWire(t.Rand, protoUDP, 1, 0, t.Rand.IntN(11)), macHost, true),
	}
	return compareCapture(t, frames, "Capture's summaries of frames with IPv4 options or Ethernet padding are not those of the frames the grader sent",
		"neither the frame's length nor a fixed header length says how long a payload is: IPv4 options lengthen the header (its IHL says by how much), and Ethernet pads every frame to 60 bytes, so a small packet arrives with zeros after it. Only the headers' own lengths and the total length (bytes 2-3 of the IPv4 header) do.",
		hintLength)
}

func checkCaptureOther(t *judge.T) error {
	gre := onWire(t.Rand, 47, 0, 0, 4+t.Rand.IntN(57))
	frames := []frame{
		ipFrame(onWire(t.Rand, protoICMP, 0, 0, t.Rand.IntN(61)), macHost, false),
		ipFrame(gre, macHost, false),
		arpFrame(t.Rand),
		ipFrame(onWire(t.Rand, protoTCP, 0, t.Rand.IntN(4), t.Rand.IntN(100)), macOther, false),
		lldpFrame(t.Rand),
	}
	frames[3].about += ", to another host's MAC address"
	return compareCapture(t, frames, "Capture's summaries of ICMP, other protocols and frames that are not IPv4 are not those of the frames the grader sent",
		"a capture reports every frame the interface received, not only TCP and UDP to this host: ICMP and other IPv4 protocols (ports and flags 0), frames that are not IPv4 at all (ARP, LLDP: the EtherType alone), frames to everyone (sll_pkttype PACKET_BROADCAST, PACKET_MULTICAST) and to another host's MAC address (PACKET_OTHERHOST). Read as IPv4, an ARP frame is garbage.",
		"Read the EtherType (bytes 12-13) first, and decode the rest only for 0x0800. Skip only sll_pkttype PACKET_OUTGOING; a Length without a TCP or UDP header is the payload after the IPv4 header (ICMP's after its 8 bytes).")
}

func checkCaptureOnce(t *judge.T) error {
	var before, after []frame
	for range 4 + t.Rand.IntN(3) {
		before = append(before, tcpUDP(t.Rand))
	}
	for range 2 + t.Rand.IntN(2) {
		after = append(after, tcpUDP(t.Rand))
	}
	frames := append(slices.Clone(before), after...)
	row := contract.CaptureRow{N: len(frames), Timeout: capturedTimeout}
	res, err := capture(t, true, []contract.CaptureRow{row}, before, after)
	if err != nil {
		return err
	}
	s := captured(row, res[0], frames, which)
	if s == "" {
		return nil
	}
	if got := res[0].Summaries; twice(view(got), view(wants(frames))) {
		var nums []string
		for i := range got {
			nums = append(nums, fmt.Sprint(i/2+1))
		}
		s = fmt.Sprintf("%s returned each frame twice in a row: its %d summaries are those of frames %s of the %d the grader sent.", captureCall(row), len(got), strings.Join(nums, ", "), len(frames))
	}
	return judge.Fail("Capture did not report each frame the grader sent once").With(
		fmt.Sprintf("The grader wrote %d frames on loopback before Capture was called and %d while it ran; the socket reads each as it leaves and again as it arrives.\n", len(before), len(after))+s,
		"on loopback every frame sent is received too, so a packet socket reads it twice: once as it leaves (sll_pkttype PACKET_OUTGOING) and once as it arrives. A capture that reports both counts every packet twice, and every exchange looks like a retransmission.",
		"Read with syscall.Recvfrom (through f.SyscallConn()): the *syscall.SockaddrLinklayer it returns has Pkttype; skip a frame whose Pkttype is syscall.PACKET_OUTGOING. A socket option set now (PACKET_IGNORE_OUTGOING) does not take back the copies already queued.")
}

// twice reports whether got is want with every summary twice in a row,
// cut at len(want).
func twice(got, want []Summary) bool {
	if len(got) < 2 {
		return false
	}
	for i, s := range got {
		if i/2 >= len(want) || !cmp.Equal(want[i/2], s, which, sameAddr) {
			return false
		}
	}
	return true
}

func checkCaptureStop(t *judge.T) error {
	n1, extra := 2+t.Rand.IntN(3), 1+t.Rand.IntN(3)
	var frames []frame
	for range n1 + extra {
		frames = append(frames, tcpUDP(t.Rand))
	}
	rows := []contract.CaptureRow{
		{N: n1, Timeout: capturedTimeout + time.Second},
		{N: extra + 1 + t.Rand.IntN(3), Timeout: shortTimeout(t)},
	}
	res, err := capture(t, false, rows, frames, nil)
	if err != nil {
		return err
	}
	setup := fmt.Sprintf("The grader queued %d frames, then called %s and %s on the same socket, and sent nothing more.", n1+extra, captureCall(rows[0]), captureCall(rows[1]))
	first, second := res[0], res[1]
	if s := captured(rows[0], first, frames[:n1], which); s != "" {
		return judge.Fail("Capture did not stop at n frames").With(setup+"\n"+s,
			"n is how many frames the caller wants: a capture that reads on takes frames that are not its own (the next capture's), and one that waits for more keeps its caller waiting for nothing.",
			"Loop while len(out) < n, and return as soon as it is not.")
	}
	if r := first; r.Elapsed >= rows[0].Timeout-pingEarly {
		return judge.Fail("%s returned only after %v, at its timeout, though its %d frames were queued when it was called", captureCall(rows[0]), measured(r.Elapsed), n1).With(setup,
			"a capture of n frames ends when it has them: its timeout is for a network that sends fewer.", "Return as soon as len(out) == n.")
	}
	r, to := second, rows[1].Timeout
	switch {
	case r.Err != nil:
		return judge.Fail("%s returned the error %q after %v (summaries: %d)", captureCall(rows[1]), r.Err.Text, measured(r.Elapsed), len(r.Summaries)).With(setup,
			"a capture whose time is up has done what it was asked: it returns what it read, and no error, as tcpdump does at the end of its time. The read's deadline error is how Capture learns its time is up, not news for its caller.",
			"When the read returns an error that errors.Is(err, os.ErrDeadlineExceeded), return the summaries read so far and nil.")
	case r.Elapsed < to-pingEarly:
		return judge.Fail("%s returned after %v, before its timeout, with %d of %d frames", captureCall(rows[1]), measured(r.Elapsed), len(r.Summaries), rows[1].N).With(setup,
			"the timeout is the caller's: a frame may still come until it has passed.", "Set the read deadline to the call's start plus timeout, once.")
	case r.Elapsed > to+captureSlack:
		return judge.Fail("%s returned after %v, long after its timeout", captureCall(rows[1]), measured(r.Elapsed)).With(setup,
			"the caller waits no longer than the timeout it gave.", "Set the read deadline once, to the call's start plus timeout, not again after each frame read.")
	}
	if s := captured(rows[1], r, frames[n1:], which); s != "" {
		return judge.Fail("Capture did not return what it read when its timeout passed").With(setup+"\n"+s,
			"the frames read before the timeout are the capture's result: a capture that drops them at the deadline, or reads frames the previous capture took, reports a network that was not.",
			"Keep the summaries in a slice as you read, and return it when the deadline passes.")
	}
	return nil
}
