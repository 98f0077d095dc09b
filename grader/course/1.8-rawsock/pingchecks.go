package rawsock

import (
	"bytes"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"netcourse/grader/course/1.8-rawsock/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
)

const (
	// requestWithin bounds the wait for each echo request: the child
	// sends it at once.
	requestWithin = 3 * time.Second
	// pingSlack is how long after its deadline, or after the reply, a
	// Ping may take to return (an upper bound, generous for loaded
	// machines: it catches code that hangs, nothing finer).
	pingSlack = 3 * time.Second
	// pingEarly is how much before its timeout a Ping may give up (clock
	// granularity: a deadline fires at or after its time).
	pingEarly = 5 * time.Millisecond
	// answeredTimeout is the timeout of a ping the grader answers: far
	// longer than the grader could be late on a loaded machine, so that
	// only a ping that never answers times out.
	answeredTimeout = 2 * time.Second
)

// shortTimeout is the timeout of a ping the grader does not answer in
// time.
func shortTimeout(t *judge.T) time.Duration {
	return time.Duration(200+t.Rand.IntN(101)) * time.Millisecond
}

// pinger is one ping check's setup: the address pinged, the identifier,
// and the pings of the call.
type pinger struct {
	dst  [4]byte
	id   uint16
	rows []contract.PingRow
}

func newPinger(t *judge.T, n int) *pinger {
	p := &pinger{dst: loopback(t), id: uint16(1 + t.Rand.IntN(65535))}
	seq := uint16(t.Rand.IntN(65536 - n))
	for i := range n {
		p.rows = append(p.rows, contract.PingRow{Seq: seq + uint16(i), Data: pingData(t, p.id, seq+uint16(i)), Timeout: answeredTimeout})
	}
	return p
}

// pingData returns data for an echo whose request and reply have even
// lengths and sums that one fold settles: a checksum that drops an odd
// byte or folds once gets them right, so only the checksum checks fail it.
func pingData(t *judge.T, id, seq uint16) []byte {
	for {
		b := fill(t.Rand, 2*(8+t.Rand.IntN(21)))
		req, rep := echo(8, id, seq, b), echo(0, id, seq, b)
		zeroed := bytes.Clone(req)
		zeroed[2], zeroed[3] = 0, 0
		if oneFold(zeroed) && oneFold(req) && oneFold(rep) {
			return b
		}
	}
}

func (p *pinger) addr() string { return netip.AddrFrom4(p.dst).String() }

// call writes ping i as the student's code would.
func (p *pinger) call(i int) string {
	r := p.rows[i]
	return fmt.Sprintf("Ping(c, %s, %#04x, %d, %d bytes, %v)", p.addr(), p.id, r.Seq, len(r.Data), r.Timeout)
}

// run starts the child on p's pings and plays the host pinged: play is
// called with each echo request as it arrives. It returns what the pings
// returned and the requests seen.
func (p *pinger) run(t *judge.T, play func(n *network, i int, req request) error) ([]contract.PingResult, []request, error) {
	n, raw, err := newNetwork(t, p.dst, p.id)
	if err != nil {
		return nil, nil, err
	}
	t.Pass(raw)
	within := pingSlack
	for _, r := range p.rows {
		within += r.Timeout
	}
	c, err := harness.Start(t, contract.Ping, contract.PingArgs{Dst: p.addr(), ID: p.id, Pings: p.rows})
	if err != nil {
		return nil, nil, err
	}
	raw.Close() // the child has its own
	done := make(chan struct{})
	var res []contract.PingResult
	var rerr error
	go func() {
		defer close(done)
		res, rerr = harness.Result(c, contract.Ping, within)
	}()
	var reqs []request
	var perr error
	for i := range p.rows {
		req, ok := n.next(t, done, requestWithin)
		if !ok {
			break
		}
		reqs = append(reqs, req)
		if perr = play(n, i, req); perr != nil {
			break
		}
	}
	<-done
	if rerr != nil {
		return nil, nil, harness.TimedOut(rerr, fmt.Sprintf("Ping did not return within %v of its timeout", pingSlack),
			"Set a read deadline on the socket (c.SetReadDeadline) timeout after the call starts, and return the read's error once it passes.")
	}
	if perr != nil {
		return nil, nil, perr
	}
	if len(res) != len(p.rows) {
		return nil, nil, fmt.Errorf("driver returned %d results for %d pings", len(res), len(p.rows))
	}
	if len(reqs) < len(p.rows) {
		i := len(reqs)
		return nil, nil, judge.Fail("%s returned (%s) without sending an echo request the grader saw: an IPv4 packet to %s carrying ICMP type 8 with identifier %#04x", p.call(i), pingOutcome(res[i]), p.addr(), p.id).With("",
			"a ping is an ICMP echo request (type 8), sent to the address pinged, carrying the caller's identifier; the host answers only what reaches it.",
			"Build the 8-byte header (type 8, code 0, checksum, identifier, sequence number), then the data, and send it with c.WriteTo(msg, &net.IPAddr{IP: dst.AsSlice()}).")
	}
	return res, reqs, nil
}

// measured shows a duration measured in this run: transcripts normalize
// what follows a ~.
func measured(d time.Duration) string { return "~" + d.String() }

// pingOutcome says what one Ping returned.
func pingOutcome(r contract.PingResult) string {
	if r.Err != nil {
		return fmt.Sprintf("after %v, the error %q", measured(r.Elapsed), r.Err.Text)
	}
	return fmt.Sprintf("after %v, a reply of %d bytes with RTT %v", measured(r.Elapsed), len(r.Data), measured(r.RTT))
}

// answered says what is wrong with ping i's result, which should be the
// reply the judge sent delay after its request, with row i's data.
func (p *pinger) answered(i int, r contract.PingResult, delay time.Duration) string {
	call := p.call(i)
	switch {
	case r.Err != nil:
		return fmt.Sprintf("%s returned %s; the grader had sent its reply %v after the request", call, pingOutcome(r), delay.Round(time.Millisecond))
	case !bytes.Equal(r.Data, p.rows[i].Data):
		return fmt.Sprintf("%s returned a reply whose data is not the reply's: it took another message\n    got:  %s\n    want: %s", call, hexdump(r.Data), hexdump(p.rows[i].Data))
	case r.RTT < delay:
		return fmt.Sprintf("%s returned an RTT of %v, but the grader sent the reply %v after it saw the request: it took a message that came before the reply (its own request, which a raw socket reads too on loopback?)", call, measured(r.RTT), delay.Round(time.Millisecond))
	case r.RTT > r.Elapsed:
		return fmt.Sprintf("%s returned an RTT of %v, longer than the whole call (%v): the RTT is the time from the call, or the request, to the reply", call, measured(r.RTT), measured(r.Elapsed))
	}
	return ""
}

// delay is how long the judge waits after a request before the right reply.
func delay(t *judge.T) time.Duration { return time.Duration(30+t.Rand.IntN(51)) * time.Millisecond }

const (
	whyMatch  = "a raw ICMP socket reads every ICMP message that reaches the host: other programs' pings and their replies, errors, and on loopback even the requests it sent. Only an echo reply (type 0) from the address pinged, with the request's identifier and sequence number and a checksum that adds up, answers this ping."
	hintMatch = "After each ReadFrom, go on reading unless the message is at least 8 bytes, type 0, from dst, with your identifier and sequence number, and Checksum over it is 0."
)

func checkPingRequest(t *judge.T) error {
	p := newPinger(t, 1)
	res, reqs, err := p.run(t, func(n *network, i int, req request) error {
		return n.reply(req, echo(0, p.id, p.rows[i].Seq, p.rows[i].Data))
	})
	if err != nil {
		return err
	}
	m, row := reqs[0].msg, p.rows[0]
	want := echo(8, p.id, row.Seq, row.Data)
	var probs []string
	if m[0] != 8 || m[1] != 0 {
		probs = append(probs, fmt.Sprintf("type %d, code %d: want type 8 (echo request), code 0", m[0], m[1]))
	}
	if s := reqs[0].seq(); s != row.Seq {
		probs = append(probs, fmt.Sprintf("sequence number %d (bytes 6-7: % x), want %d", s, m[6:8], row.Seq))
	}
	if !bytes.Equal(m[8:], row.Data) {
		probs = append(probs, fmt.Sprintf("data of %d bytes, not the %d bytes Ping was given", len(m)-8, len(row.Data)))
	}
	if checksum(m) != 0 {
		probs = append(probs, fmt.Sprintf("checksum % x, want % x: the Internet checksum over the whole message with the field 0", m[2:4], want[2:4]))
	}
	if len(probs) > 0 {
		return judge.Fail("%s sent an echo request that is not one", p.call(0)).With(
			"got:  "+hexdump(m)+"\nwant: "+hexdump(want)+"\n"+strings.Join(probs, "\n"),
			"the host pinged answers only a well-formed echo request: type 8, code 0, a checksum that adds up, and it copies the identifier, sequence number and data into its reply.",
			"Fill in type, code, identifier (bytes 4-5), sequence number (bytes 6-7) and data with the checksum field 0, then put Checksum of the whole message in bytes 2-3.")
	}
	if res[0].Err != nil {
		return judge.Fail("%s returned %s, although the grader answered its request at once", p.call(0), pingOutcome(res[0])).With("", whyMatch, hintMatch)
	}
	return nil
}

func checkPingReply(t *judge.T) error {
	p := newPinger(t, 2)
	delays := []time.Duration{delay(t), delay(t)}
	res, _, err := p.run(t, func(n *network, i int, req request) error {
		pause(t, delays[i])
		return n.reply(req, echo(0, p.id, req.seq(), p.rows[i].Data))
	})
	if err != nil {
		return err
	}
	var probs []string
	for i, r := range res {
		if s := p.answered(i, r, delays[i]); s != "" {
			probs = append(probs, s)
		}
	}
	if len(probs) > 0 {
		return judge.Fail("Ping did not return the reply the host sent, with its round-trip time").With(strings.Join(probs, "\n"), whyMatch, hintMatch)
	}
	return nil
}

// foiled runs one ping whose right reply comes delay after the wrong
// ones, each holding data of its own, and says what is wrong.
func foiled(t *judge.T, wrong func(p *pinger, req request) []struct {
	from [4]byte
	msg  []byte
}) (string, error) {
	p := newPinger(t, 1)
	d := delay(t)
	res, _, err := p.run(t, func(n *network, i int, req request) error {
		for _, w := range wrong(p, req) {
			if err := n.send(w.from, req.src, w.msg); err != nil {
				return err
			}
		}
		pause(t, d)
		return n.reply(req, echo(0, p.id, req.seq(), p.rows[i].Data))
	})
	if err != nil {
		return "", err
	}
	return p.answered(0, res[0], d), nil
}

type fake = struct {
	from [4]byte
	msg  []byte
}

// other returns data of n bytes unlike want.
func other(want []byte) []byte {
	b := bytes.Clone(want)
	for i := range b {
		b[i] ^= 0x5a
	}
	return b
}

func checkPingMatch(t *judge.T) error {
	s, err := foiled(t, func(p *pinger, req request) []fake {
		seq, data := req.seq(), other(p.rows[0].Data)
		elsewhere := p.dst
		elsewhere[3] ^= 0x80
		return []fake{
			{p.dst, echo(0, p.id^0x8001, seq, data)}, // another identifier
			{p.dst, echo(0, p.id, seq+1, data)},      // another sequence number
			{elsewhere, echo(0, p.id, seq, data)},    // another host
			{p.dst, echo(8, p.id, seq, data)},        // a request, not a reply
		}
	})
	if err != nil || s == "" {
		return err
	}
	return judge.Fail("Ping took a reply that was not to its request").With(
		"Before the right reply, 30-80 ms after the request, the grader sent an echo reply with another identifier, one with another sequence number, one from another address and an echo request, each with other data.\n"+s, whyMatch, hintMatch)
}

func checkPingChecksum(t *judge.T) error {
	s, err := foiled(t, func(p *pinger, req request) []fake {
		m := echo(0, p.id, req.seq(), p.rows[0].Data)
		copy(m[8:], other(p.rows[0].Data)) // damaged on the way: the checksum is the right data's
		return []fake{{p.dst, m}}
	})
	if err != nil || s == "" {
		return err
	}
	return judge.Fail("Ping took a reply whose checksum does not add up").With(
		"Before the right reply the grader sent one with the right identifier and sequence number whose data was damaged, so that its checksum no longer adds up.\n"+s,
		"a raw socket hands over ICMP messages as they arrived, damaged ones too (the kernel checks the checksum of what it answers itself, not of what it passes to raw sockets). A message whose checksum does not add up is not what its sender sent.",
		"Run Checksum over the whole reply, its checksum field included: anything but 0 means damaged, so read on.")
}

func checkPingTimeout(t *judge.T) error {
	p := newPinger(t, 1)
	p.rows[0].Timeout = shortTimeout(t)
	res, _, err := p.run(t, func(*network, int, request) error { return nil })
	if err != nil {
		return err
	}
	r, to := res[0], p.rows[0].Timeout
	switch {
	case r.Err == nil:
		return judge.Fail("%s returned %s, but nobody answered its request", p.call(0), pingOutcome(r)).With("",
			"on loopback a raw socket reads back the echo request it sent itself: type 8, from 127.0.0.1, with the same identifier and sequence number. Taken as a reply, it makes every host look up.",
			"Read on unless the message is an echo reply, type 0, from the address pinged.")
	case !r.Deadline:
		return judge.Fail("%s returned the error %q, which is not os.ErrDeadlineExceeded", p.call(0), r.Err.Text).With("",
			"the caller tells a host that does not answer from every other failure by errors.Is(err, os.ErrDeadlineExceeded); a read past the socket's deadline returns such an error.",
			"Return the read's error as it is, or wrap it with %w.")
	case r.Elapsed < to-pingEarly:
		return judge.Fail("%s gave up after %v, before its timeout", p.call(0), measured(r.Elapsed)).With("",
			"the timeout is the caller's: a host may answer until it has passed.", "Set the read deadline to the call's start plus timeout, once.")
	case r.Elapsed > to+pingSlack:
		return judge.Fail("%s gave up after %v, long after its timeout", p.call(0), measured(r.Elapsed)).With("",
			"the caller waits no longer than the timeout it gave.", "Set the read deadline once, to the call's start plus timeout, not again after each message read.")
	}
	return nil
}

func checkPingEarlier(t *judge.T) error {
	p := newPinger(t, 3)
	p.rows[1].Timeout = shortTimeout(t)
	d := delay(t)
	var first []byte
	res, _, err := p.run(t, func(n *network, i int, req request) error {
		switch i {
		case 0: // answered, twice
			first = echo(0, p.id, req.seq(), p.rows[0].Data)
			if err := n.reply(req, first); err != nil {
				return err
			}
			return n.reply(req, first)
		case 1: // not answered in time
			return nil
		}
		// Ping 2 timed out before this request was sent: its reply is late.
		if err := n.reply(req, first); err != nil {
			return err
		}
		if err := n.reply(req, echo(0, p.id, p.rows[1].Seq, p.rows[1].Data)); err != nil {
			return err
		}
		pause(t, d)
		return n.reply(req, echo(0, p.id, req.seq(), p.rows[2].Data))
	})
	if err != nil {
		return err
	}
	var probs []string
	if s := p.answered(0, res[0], 0); s != "" {
		probs = append(probs, s)
	}
	if r := res[1]; r.Err == nil || !r.Deadline {
		probs = append(probs, fmt.Sprintf("%s returned %s, but the grader did not answer it before its timeout: it took the duplicate of the first reply, or is not os.ErrDeadlineExceeded", p.call(1), pingOutcome(r)))
	}
	if s := p.answered(2, res[2], d); s != "" {
		probs = append(probs, s)
	}
	if len(probs) > 0 {
		return judge.Fail("Ping took a reply to an earlier ping").With(
			"Ping 1 got its reply twice; ping 2 got none in time; on ping 3's request the grader sent ping 1's reply again, then ping 2's late one, then ping 3's.\n"+strings.Join(probs, "\n"),
			"networks duplicate packets, and a reply can come after its ping gave up. Only the sequence number tells a reply to this ping from one to an earlier ping on the same socket.", hintMatch)
	}
	return nil
}
