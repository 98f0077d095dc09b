package udp

import (
	"bytes"
	"context"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/course/1.4-udp/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// Exercise 1.4: a UDP server that answers each sender, and a client that
// waits for its reply with a timeout and a bounded number of retries.
var checks = []judge.Check{
	{Name: "answers a datagram with its reply", Points: 2, Run: checkServeAnswers},
	{Name: "answers each sender at its own address", Points: 3, Run: checkServeSenders},
	{Name: "answers clients that send at once", Points: 2, Run: checkServeAtOnce},
	{Name: "answers a large datagram whole", Points: 1, Run: checkServeLarge},
	{Name: "returns after its socket is closed", Points: 1, Run: harness.ReturnsAfterStop(stopWords, serveAndStop)},
	{Name: "returns the reply to its request", Points: 2, Run: checkRequest},
	{Name: "retries when the first datagrams are lost", Points: 2, Run: checkRetries},
	{Name: "reports a timeout when no reply comes", Points: 2, Run: checkTimeout},
	{Name: "stops after retries+1 tries", Points: 2, Run: checkBounded},
	{Name: "gives up on time while stray datagrams keep arriving", Points: 2, Run: checkStray},
	{Name: "ignores a reply from another port", Points: 1, Run: checkForeign},
	{Name: "ignores a stale reply to an earlier request", Points: 1, Run: checkStale},
	{Name: "returns a duplicated reply once", Points: 1, Run: checkDuplicate},
	{Name: "returns a large reply whole", Points: 1, Run: checkLarge},
}

const (
	startWithin  = 5 * time.Second        // the child starts and opens its socket
	answerWithin = time.Second            // a reply from Serve arrives after the datagram
	slack        = 2 * time.Second        // beyond its own timeouts, Request returns within this
	settle       = 100 * time.Millisecond // how long late datagrams may lag behind Request's return
	resultWithin = wire.ReturnWithin + 3*time.Second
)

const (
	whyAddress  = "UDP has no connections: every datagram carries its sender's address, and ReadFrom returns it with the data. A server that answers many clients over one socket must send each reply to the address its own datagram came from."
	hintAddress = "Reply with conn.WriteTo(reply(data), addr), where addr is what the same ReadFrom returned, for every datagram; do not keep an address from an earlier one."
	whyWhole    = "a UDP datagram arrives whole or not at all, and one ReadFrom returns one datagram. If the buffer is shorter, the kernel cuts the datagram to fit and throws the rest away, and plain ReadFrom says nothing: the data looks complete."
	hintBuffer  = "Read into a buffer of 65535 bytes, the largest datagram UDP can carry (or detect the cut with ReadMsgUDP and its MSG_TRUNC flag, and return an error)."
	whyLoss     = "UDP does not retransmit: a datagram that is lost (full queue, busy network) is simply gone, and neither side is told. The client alone can notice, by waiting a bounded time for the reply, and it alone can repair it, by sending the request again."
	whyID       = "any datagram that reaches your port is yours to read: late copies of old replies, duplicates the network made, datagrams from strangers. Only the reply's source address and the request's ID tell which one answers this request."
	hintID      = "In a loop until this try's deadline: read a datagram, and return it only if it comes from the server and starts with req[:IDLen]; otherwise ignore it and read on."
	whyApart    = "UDP keeps datagrams apart: each ReadFrom returns exactly one, whole. A copy of a reply, or an old reply, is another datagram, not more of the first; reading on until the deadline and appending, as with a TCP stream, glues copies and strangers onto the answer."
	hintOne     = "Return the first datagram that comes from the server and starts with req's ID, as it is, at once; ignore the others."
	hintTimeout = "After each send, give that try a deadline: conn.SetReadDeadline(time.Now().Add(timeout)). A read past it fails with an error for which errors.Is(err, os.ErrDeadlineExceeded) is true."
	hintRetry   = "Loop over tries 0..retries: send req, wait until that try's deadline for a reply with the right ID; when the deadline passes, try again; after the last try return ErrNoReply."
)

// request is one call of Request, as the checks describe it.
type request contract.RequestArgs

// ---- the server ----

// server is how the checks run the submission's Serve: in a child, on a
// socket the child opened.
var serverSpec = harness.ServerSpec[contract.ServeArgs, contract.Addr, wire.Stopped]{
	Op: contract.Serve, Listening: contract.Listening,
	StartWithin: startWithin, ResultWithin: resultWithin, Stopping: "closing the socket",
}

const hintLoop = "Loop: n, addr, err := conn.ReadFrom(buf); then conn.WriteTo(reply(buf[:n]), addr). Leave the loop only when ReadFrom fails."

// stopWords are this exercise's words for harness.ReturnsAfterStop.
var stopWords = harness.StopWords{
	Closed: "its socket", Thing: "socket", Wait: "ReadFrom",
	Served: "sent a few datagrams", Loop: hintLoop,
}

// server is the submission's Serve running in a child, on a socket the
// child opened.
type server struct {
	*harness.Server[contract.ServeArgs, contract.Addr, wire.Stopped]
	addr netip.AddrPort
}

func startServer(t *judge.T) (*server, error) {
	return startServerWith(t, contract.ServeArgs{})
}

// startServerWith starts the server with a's Hold and Pause, on
// 127.0.0.1.
func startServerWith(t *judge.T, a contract.ServeArgs) (*server, error) {
	a.Network, a.Addr = "udp4", "127.0.0.1:0"
	s, err := harness.StartServer(t, serverSpec, a)
	if err != nil {
		return nil, err
	}
	addr, err := netip.ParseAddrPort(s.Listening.Addr)
	if err != nil {
		return nil, fmt.Errorf("driver: listening on %q: %v", s.Listening.Addr, err)
	}
	return &server{Server: s, addr: addr}, nil
}

// peer starts a fake peer on ip:0 and closes it when the check ends.
func peer(t *judge.T, ip string, h fixtures.UDPHandler) (*fixtures.UDPPeer, error) {
	p, err := fixtures.NewUDPPeerOn("udp4", ip+":0", h)
	if err != nil {
		return nil, err
	}
	t.Cleanup(p.Close)
	return p, nil
}

// noAnswer is the failure of a datagram that got no reply anywhere: it
// says what Serve had done.
func (s *server) noAnswer(summary, sent string) error {
	r, err := s.Stop()
	if err != nil {
		return err
	}
	detail := sent
	if r.Early {
		detail += fmt.Sprintf("\nServe had already returned (%s) while its socket was still open, so no one read the datagram.", harness.Returned(r.Err))
	}
	return judge.Fail("%s", summary).With(detail,
		"a UDP client sends its datagram and waits; the server must read it (ReadFrom) and send the reply (WriteTo). Nothing else tells the client its datagram arrived.",
		hintLoop)
}

// payload is a datagram the server cannot guess, tagged so a reader of
// the report can tell datagrams apart.
func payload(t *judge.T, tag string, n int) []byte {
	return append([]byte(tag+":"), fixtures.Body(t.Rand, n)...)
}

func checkServeAnswers(t *judge.T) error {
	s, err := startServer(t)
	if err != nil {
		return err
	}
	a, err := peer(t, "127.0.0.1", nil)
	if err != nil {
		return err
	}
	d := payload(t, harness.Word(t.Rand, 4), 20+t.Rand.IntN(180))
	want := contract.Answer(d)
	if err := a.Send(s.addr, d); err != nil {
		return err
	}
	got := a.WaitReceivedContext(s.Serving(), 1, answerWithin)
	sent := fmt.Sprintf("A client at %s sent %s to %s.", a.Addr(), judge.Quote(d), s.addr)
	if len(got) == 0 {
		return s.noAnswer(fmt.Sprintf("no reply within %v to a datagram of %d bytes", answerWithin, len(d)), sent)
	}
	var probs []string
	if got[0].From != s.addr {
		probs = append(probs, fmt.Sprintf("the reply came from %s, not from the server's address %s", got[0].From, s.addr))
	}
	if !bytes.Equal(got[0].Data, want) {
		probs = append(probs, fmt.Sprintf("the reply is not reply(datagram):\n%s", judge.ShowBytes(got[0].Data, want)))
	}
	if len(probs) == 0 {
		return nil
	}
	hint := "Send back reply(buf[:n]): the reply function applied to exactly the n bytes ReadFrom returned, from the same conn with WriteTo."
	if !bytes.Equal(got[0].Data, want) && bytes.Equal(got[0].Data, d) {
		hint = "You sent the datagram back unchanged: call the reply function and send what it returns."
	}
	return judge.Fail("the reply to one datagram is wrong:\n  - %s", strings.Join(probs, "\n  - ")).With(sent,
		"the client matches the reply by the address it sent to (a connected UDP socket drops everything else) and reads what the server's reply function made of its request.",
		hint)
}

func checkServeSenders(t *judge.T) error {
	s, err := startServer(t)
	if err != nil {
		return err
	}
	names := []string{"A", "B", "C"}
	ips := []string{"127.0.0.1", "127.0.0.1", "127.0.0.2"}
	peers := make([]*fixtures.UDPPeer, len(names))
	for i := range peers {
		if peers[i], err = peer(t, ips[i], nil); err != nil && ips[i] != "127.0.0.1" {
			// Not every system routes all of 127.0.0.0/8 to loopback:
			// another port is still another sender.
			peers[i], err = peer(t, "127.0.0.1", nil)
		}
		if err != nil {
			return err
		}
	}
	// A speaks first, so a server that keeps the first sender's address
	// answers it right and everyone else wrong.
	rest := []int{1, 2, 0, 1, 2}
	t.Rand.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
	order := append([]int{0}, rest...)
	label := func(i int) string { return fmt.Sprintf("client %s (%s)", names[i], peers[i].Addr()) }
	var log, probs []string
	for step, from := range order {
		before := make([]int, len(peers))
		for i, p := range peers {
			before[i] = p.Count()
		}
		d := payload(t, names[from]+fmt.Sprint(step+1), 16+t.Rand.IntN(48))
		if err := peers[from].Send(s.addr, d); err != nil {
			return err
		}
		at := waitAny(s.Serving(), peers, before, answerWithin)
		line := fmt.Sprintf("%d. %s sent %s", step+1, label(from), judge.Quote(d))
		switch {
		case at < 0:
			log = append(log, line+": no reply arrived anywhere")
			sent := "The clients sent, one after another:\n" + strings.Join(log, "\n")
			if len(probs) > 0 {
				sent += "\nEarlier:\n  - " + strings.Join(probs, "\n  - ")
			}
			return s.noAnswer(fmt.Sprintf("datagram %d of %d, from %s, got no reply", step+1, len(order), label(from)), sent)
		case at == from:
			log = append(log, line+": the reply came back to it")
		default:
			log = append(log, fmt.Sprintf("%s: the reply went to %s", line, label(at)))
			probs = append(probs, fmt.Sprintf("the reply to %s's datagram %d went to %s", names[from], step+1, label(at)))
		}
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%d of %d replies went to the wrong client", len(probs), len(order)).With(
		"The clients sent, one after another, each waiting for its reply:\n"+strings.Join(log, "\n"),
		whyAddress, hintAddress)
}

// waitAny waits until one of peers has received more than before says,
// and returns its index, or -1 after within or once ctx ends.
func waitAny(ctx context.Context, peers []*fixtures.UDPPeer, before []int, within time.Duration) int {
	deadline := time.Now().Add(within)
	for {
		for i, p := range peers {
			if p.Count() > before[i] {
				return i
			}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return -1
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// serveAndStop has the server answer a few datagrams, then stops it, for
// harness.ReturnsAfterStop.
func serveAndStop(t *judge.T) (wire.Stopped, string, error) {
	s, err := startServer(t)
	if err != nil {
		return wire.Stopped{}, "", err
	}
	a, err := peer(t, "127.0.0.1", nil)
	if err != nil {
		return wire.Stopped{}, "", err
	}
	answered := 0
	for i := range 1 + t.Rand.IntN(3) {
		if err := a.Send(s.addr, payload(t, fmt.Sprint(i+1), 16)); err != nil {
			return wire.Stopped{}, "", err
		}
		if len(a.WaitReceivedContext(s.Serving(), i+1, answerWithin)) <= i {
			break // answering is judged by the other checks
		}
		answered++
	}
	r, err := s.Stop()
	return r, "answering " + datagrams(answered), err
}

// ---- the client ----

// replier makes the fake server's replies: the request's ID, then a tag
// the client cannot guess, then the rest of the request.
func replier(t *judge.T) func([]byte) []byte {
	tag := " " + harness.Word(t.Rand, 6)
	return func(req []byte) []byte {
		id, rest := req[:min(4, len(req))], req[min(4, len(req)):]
		return append(append(append([]byte{}, id...), tag...), rest...)
	}
}

// requests makes n requests with distinct 4-byte IDs.
func requests(t *judge.T, n int) [][]byte {
	seen := map[string]bool{}
	var reqs [][]byte
	for len(reqs) < n {
		id := strings.ToUpper(harness.Word(t.Rand, 4))
		if seen[id] {
			continue
		}
		seen[id] = true
		reqs = append(reqs, append([]byte(id), " "+harness.Word(t.Rand, 5+t.Rand.IntN(20))...))
	}
	return reqs
}

// drawTimeout draws a per-try timeout between lo and hi ms, in 10 ms steps.
func drawTimeout(t *judge.T, lo, hi int) time.Duration {
	return time.Duration(lo+10*t.Rand.IntN((hi-lo)/10+1)) * time.Millisecond
}

// within is how long Request may take at most: all its tries, plus slack.
func (a request) within() time.Duration {
	return a.Timeout*time.Duration(a.Retries+1) + slack
}

func (a request) String() string {
	return fmt.Sprintf("Request(%q, %s, %v, %d)", a.Addr, judge.Quote(a.Req), a.Timeout, a.Retries)
}

// call runs one Request in the child.
func call(t *judge.T, a request) (contract.Reply, error) {
	_, r, err := harness.Call(t, contract.Request, contract.RequestArgs(a), a.within())
	return r, err
}

// callAll runs Request for each of calls, one after another, in one
// child.
func callAll(t *judge.T, calls []request) ([]contract.Reply, error) {
	within := slack
	for _, a := range calls {
		within += a.within() - slack
	}
	args := contract.RequestsArgs{Calls: make([]contract.RequestArgs, len(calls))}
	for i, a := range calls {
		args.Calls[i] = contract.RequestArgs(a)
	}
	_, res, err := harness.Call(t, contract.Requests, args, within)
	if err != nil {
		return nil, err
	}
	if len(res.Calls) != len(calls) {
		return nil, fmt.Errorf("driver: %d results for %d calls", len(res.Calls), len(calls))
	}
	return res.Calls, nil
}

// settled waits for the fake peer to have recorded the want datagrams
// the client sent before it returned (the peer reads them a moment later),
// then a little longer for any extra ones.
func settled(p *fixtures.UDPPeer, want int) []fixtures.Datagram {
	rec := p.WaitReceived(want, time.Second)
	if len(rec) < want {
		return rec
	}
	return p.WaitReceived(want+1, settle)
}

// datagrams is "1 datagram" or "n datagrams".
func datagrams(n int) string {
	if n == 1 {
		return "1 datagram"
	}
	return fmt.Sprintf("%d datagrams", n)
}

// wrongRequests lists received datagrams that are not the request.
func wrongRequests(rec []fixtures.Datagram, req []byte) []string {
	var probs []string
	for _, d := range rec {
		if !bytes.Equal(d.Data, req) {
			probs = append(probs, fmt.Sprintf("datagram %d the server received is not the request:\n%s", d.N, judge.ShowBytes(d.Data, req)))
		}
	}
	return probs
}

func fail(summary string, probs []string, detail, why, hint string) error {
	if len(probs) == 1 {
		return judge.Fail("%s: %s", summary, probs[0]).With(detail, why, hint)
	}
	return judge.Fail("%s:\n  - %s", summary, strings.Join(probs, "\n  - ")).With(detail, why, hint)
}

func checkRequest(t *judge.T) error {
	answer := replier(t)
	p, err := peer(t, "127.0.0.1", fixtures.Echo(answer))
	if err != nil {
		return err
	}
	a := request{Addr: p.Addr(), Req: requests(t, 1)[0], Timeout: time.Second, Retries: 2}
	r, err := call(t, a)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("%s did not return within %v, though the server answered at once", a, a.within()), hintID)
	}
	rec := settled(p, 1)
	want := answer(a.Req)
	detail := fmt.Sprintf("%s; the server replied %s at once.", a, judge.Quote(want))
	if len(rec) == 0 {
		return judge.Fail("the server never received a datagram").With(a.String(), "", "Send req with conn.Write (connected socket) or conn.WriteTo(req, addr).")
	}
	var probs []string
	if r.Err != nil {
		probs = append(probs, fmt.Sprintf("it returned the error %q", r.Err.Text))
	} else if !bytes.Equal(r.Data, want) {
		probs = append(probs, fmt.Sprintf("it returned the wrong bytes:\n%s", judge.ShowBytes(r.Data, want)))
	}
	probs = append(probs, wrongRequests(rec, a.Req)...)
	if len(rec) > 1 {
		probs = append(probs, fmt.Sprintf("the server received %s for one request it answered at once, want 1", datagrams(len(rec))))
	}
	if len(probs) == 0 {
		return nil
	}
	hint := "Send req once, then read one datagram into a 65535-byte buffer and return buf[:n] if it starts with req's ID."
	if r.Err != nil && r.Err.Timeout {
		hint = "The reply came, from the server's address and with the request's ID, but Request did not accept it. If you compare addresses yourself, mind that one IPv4 address has two forms (4 bytes, or 16 as ::ffff:127.0.0.1): compare with IP.Equal and the port, or netip addresses after Unmap; or use net.DialUDP and let the kernel filter."
	}
	return fail("Request went wrong on a request the server answered at once", probs, detail,
		"a request is one datagram, sent whole with one send; its reply is one datagram, read whole with one ReadFrom.",
		hint)
}

func checkRetries(t *judge.T) error {
	answer := replier(t)
	// The server loses k datagrams and answers every one after. k leaves
	// the client a spare try, so a reply that a loaded machine delivers
	// just past one try's deadline is still answered on the next: a
	// verdict on retrying must not depend on the machine's load.
	retries := 2 + t.Rand.IntN(2)
	k := 1 + t.Rand.IntN(retries-1)
	p, err := peer(t, "127.0.0.1", fixtures.DropFirst(k, fixtures.Echo(answer)))
	if err != nil {
		return err
	}
	a := request{Addr: p.Addr(), Req: requests(t, 1)[0], Timeout: drawTimeout(t, 200, 300), Retries: retries}
	lost := fmt.Sprintf("the first %d datagrams", k)
	if k == 1 {
		lost = "the first datagram"
	}
	detail := fmt.Sprintf("%s; the server lost %s and answered datagram %d at once.", a, lost, k+1)
	r, err := call(t, a)
	if err != nil {
		n := p.Count()
		what := fmt.Sprintf("%s did not return within %v; the server had received %s, and answers datagram %d", a, a.within(), datagrams(n), k+1)
		return harness.TimedOut(err, what, hintTimeout+" "+hintRetry)
	}
	rec := settled(p, k+1)
	var probs []string
	want := answer(a.Req)
	hint := hintRetry
	switch {
	case r.Err != nil && len(rec) <= k:
		probs = append(probs, fmt.Sprintf("it gave up with %q after sending %s; the server answers datagram %d", r.Err.Text, datagrams(len(rec)), k+1))
	case r.Err != nil:
		probs = append(probs, fmt.Sprintf("it returned the error %q, though the server answered datagram %d", r.Err.Text, k+1))
		hint = hintID
	case !bytes.Equal(r.Data, want):
		probs = append(probs, fmt.Sprintf("it returned the wrong bytes:\n%s", judge.ShowBytes(r.Data, want)))
	}
	if least := a.Timeout * time.Duration(k); r.Elapsed < least && r.Err == nil {
		probs = append(probs, fmt.Sprintf("it returned after ~%v, but the reply only comes after %d tries of %v each (%v): it sent again before waiting its timeout", r.Elapsed.Round(time.Millisecond), k, a.Timeout, least))
		hint = "Send again only when a try's deadline has passed: one send, then reads until the deadline."
	} else if r.Err == nil {
		// The reply comes at once to datagram k+1, sent as try k's
		// deadline passes: a try that waits longer than its timeout
		// shows here.
		st := func(t *judge.T) (*fixtures.UDPPeer, error) {
			return peer(t, "127.0.0.1", fixtures.DropFirst(k, fixtures.Echo(answer)))
		}
		prob, err := lateness(t, st, a, least, r.Elapsed)
		if err != nil {
			return err
		}
		if prob != "" {
			probs = append(probs, "it returned the reply late: "+prob)
			hint = hintTryTimeout
		}
	}
	if len(rec) > retries+1 {
		probs = append(probs, fmt.Sprintf("the server received %s, more than retries+1 = %d", datagrams(len(rec)), retries+1))
	}
	probs = append(probs, wrongRequests(rec, a.Req)...)
	if len(probs) == 0 {
		return nil
	}
	return fail("Request did not get past lost datagrams", probs, detail, whyLoss, hint)
}

func checkTimeout(t *judge.T) error {
	p, err := peer(t, "127.0.0.1", fixtures.Silent())
	if err != nil {
		return err
	}
	a := request{Addr: p.Addr(), Req: requests(t, 1)[0], Timeout: drawTimeout(t, 150, 250), Retries: 0}
	r, err := call(t, a)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("%s did not return within %v; the server never answers, so it waited forever", a, a.within()), hintTimeout)
	}
	why := "a silent server looks exactly like a lost datagram: nothing comes, ever. Only a deadline ends the wait, and the caller must be able to tell it from other failures to decide what to do: errors.Is(err, ErrNoReply), or errors.Is(err, os.ErrDeadlineExceeded), which ErrNoReply wraps."
	// A timeout answers a request that went unanswered: one never sent
	// is no timeout at all.
	rec := settled(p, 1)
	if len(rec) == 0 {
		what := "no error"
		if r.Err != nil {
			what = fmt.Sprintf("the error %q", r.Err.Text)
		}
		return judge.Fail("Request returned %s after ~%v, but the server never received a datagram", what, r.Elapsed.Round(time.Millisecond)).With(a.String(),
			"the wait ends in a timeout only once the request is on its way: the server must receive it first.",
			"Send req with conn.Write (connected socket) or conn.WriteTo(req, addr), then wait for the reply until the deadline.")
	}
	if probs := wrongRequests(rec, a.Req); len(probs) > 0 {
		return fail("Request did not send its request", probs, a.String(), why, "Send req as it is, in one datagram.")
	}
	if r.Err == nil {
		return judge.Fail("Request returned %s and no error, though the server never answered", judge.Quote(r.Data)).With(a.String(), why, hintNoReply)
	}
	if prob, hint := notNoReply(r); prob != "" {
		return judge.Fail("Request returned %s", prob).With(a.String(), why, hint)
	}
	if r.Elapsed < a.Timeout {
		return judge.Fail("Request gave up after ~%v, before its timeout of %v", r.Elapsed.Round(time.Millisecond), a.Timeout).With(a.String(),
			"a timeout that fires early turns every slow reply into a failure.", hintTimeout)
	}
	prob, err := lateness(t, silentStage, a, a.Timeout, r.Elapsed)
	if err != nil || prob == "" {
		return err
	}
	return judge.Fail("Request gave up late: %s", prob).With(a.String(), whyLate, hintTimeout)
}

func checkBounded(t *judge.T) error {
	p, err := peer(t, "127.0.0.1", fixtures.Silent())
	if err != nil {
		return err
	}
	retries := 2 + t.Rand.IntN(2)
	a := request{Addr: p.Addr(), Req: requests(t, 1)[0], Timeout: drawTimeout(t, 100, 150), Retries: retries}
	tries := retries + 1
	why := "a client that never gives up hangs its caller and keeps sending into a dead network; one that gives up at once turns a single lost datagram into a failure. retries bounds the extra sends: exactly retries+1 tries, each waiting the full timeout."
	r, err := call(t, a)
	if err != nil {
		var what string
		if n := p.Count(); n > tries {
			what = fmt.Sprintf("%s was still sending after %v: the server had received more than retries+1 = %d datagrams, and it never answers", a, a.within(), tries)
		} else if slow := spacing(p, a); slow != "" {
			what = fmt.Sprintf("%s did not return within %v after sending %s to a server that never answers: %s", a, a.within(), datagrams(n), slow)
			return harness.TimedOut(err, what, hintTryTimeout)
		} else {
			what = fmt.Sprintf("%s did not return within %v after sending %s to a server that never answers", a, a.within(), datagrams(n))
		}
		return harness.TimedOut(err, what, hintRetry)
	}
	rec := settled(p, tries)
	var probs []string
	hint := hintRetry
	if len(rec) != tries {
		probs = append(probs, fmt.Sprintf("the server received %s, want retries+1 = %d", datagrams(len(rec)), tries))
	}
	if r.Err == nil {
		probs = append(probs, fmt.Sprintf("it returned %s and no error", judge.Quote(r.Data)))
		hint = hintNoReply
	} else if prob, h := notNoReply(r); prob != "" {
		probs = append(probs, "it returned "+prob)
		hint = h
	}
	due := a.Timeout * time.Duration(tries)
	if r.Elapsed < due {
		probs = append(probs, fmt.Sprintf("it gave up after ~%v, before %d tries of %v each (%v)", r.Elapsed.Round(time.Millisecond), tries, a.Timeout, due))
	} else if prob, err := lateness(t, silentStage, a, due, r.Elapsed); err != nil {
		return err
	} else if prob != "" {
		probs = append(probs, "it gave up late: "+prob)
	}
	probs = append(probs, wrongRequests(rec, a.Req)...)
	if len(probs) == 0 {
		return nil
	}
	return fail("Request did not give up as it should against a server that never answers", probs, a.String(), why, hint)
}

func checkForeign(t *judge.T) error {
	answer := replier(t)
	forge := replier(t)
	p, err := peer(t, "127.0.0.1", fixtures.Seq(fixtures.FromOtherPort(fixtures.Echo(forge)), fixtures.Echo(answer)))
	if err != nil {
		return err
	}
	a := request{Addr: p.Addr(), Req: requests(t, 1)[0], Timeout: time.Second, Retries: 1}
	r, err := call(t, a)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("%s did not return within %v, though the server answered at once", a, a.within()), hintID)
	}
	want, forged := answer(a.Req), forge(a.Req)
	detail := fmt.Sprintf("%s. Just before the server's reply %s came from %s, a datagram with the same ID, %s, came from %s: same IP, another port.",
		a, judge.Quote(want), p.Addr(), judge.Quote(forged), p.OtherAddr())
	switch {
	case r.Err != nil:
		return judge.Fail("Request returned the error %q, though the server replied", r.Err.Text).With(detail, whyID, hintID)
	case bytes.Equal(r.Data, forged):
		return judge.Fail("Request took the datagram from %s, not the server's address, as the reply", p.OtherAddr()).With(detail, whyID,
			"Compare the address ReadFrom returns with the server's address and ignore other senders; or use net.DialUDP, whose connected socket only receives from the address it is connected to.")
	case !bytes.Equal(r.Data, want):
		return judge.Fail("Request returned the wrong bytes").With(detail+"\n"+judge.ShowBytes(r.Data, want), whyID, hintID)
	}
	return nil
}

// sequenceProblems compares what each of several requests returned with
// its reply, naming replies that belong to another request.
// glued says some call returned several datagrams appended together.
func sequenceProblems(rs []wire.Return, reqs [][]byte, answer func([]byte) []byte) (probs []string, glued bool) {
	for i, r := range rs {
		want := answer(reqs[i])
		if r.Err != nil {
			probs = append(probs, fmt.Sprintf("request %d (ID %q) returned the error %q, though the server answered it", i+1, reqs[i][:4], r.Err.Text))
			continue
		}
		if bytes.Equal(r.Data, want) {
			continue
		}
		parts := replyParts(r.Data, reqs, answer)
		switch {
		case len(parts) == 1:
			probs = append(probs, fmt.Sprintf("request %d (ID %q) returned the reply to request %d (ID %q): %s", i+1, reqs[i][:4], parts[0]+1, reqs[parts[0]][:4], judge.Quote(r.Data)))
		case len(parts) > 1:
			glued = true
			names := make([]string, len(parts))
			own := 0
			for k, j := range parts {
				names[k] = fmt.Sprintf("the reply to request %d", j+1)
				if j == i {
					names[k] = "its own reply"
					own++
				}
			}
			what := strings.Join(names, " + ")
			if own == len(parts) {
				what = fmt.Sprintf("%d copies of its own reply", own)
			}
			probs = append(probs, fmt.Sprintf("request %d (ID %q) returned %d datagrams glued together, %s: %s", i+1, reqs[i][:4], len(parts), what, judge.Quote(r.Data)))
		default:
			probs = append(probs, fmt.Sprintf("request %d (ID %q) returned the wrong bytes:\n%s", i+1, reqs[i][:4], judge.ShowBytes(r.Data, want)))
		}
	}
	return probs, glued
}

// replyParts splits data into whole replies to reqs, returning whose
// each is, or nil when data is not made of them.
func replyParts(data []byte, reqs [][]byte, answer func([]byte) []byte) []int {
	var parts []int
	for len(data) > 0 {
		found := false
		for j, req := range reqs {
			if a := answer(req); bytes.HasPrefix(data, a) {
				parts, data, found = append(parts, j), data[len(a):], true
				break
			}
		}
		if !found {
			return nil
		}
	}
	return parts
}

func callsFor(addr string, reqs [][]byte, timeout time.Duration) []request {
	calls := make([]request, len(reqs))
	for i, req := range reqs {
		calls[i] = request{Addr: addr, Req: req, Timeout: timeout, Retries: 1}
	}
	return calls
}

func describe(calls []request) string {
	lines := make([]string, len(calls))
	for i, a := range calls {
		lines[i] = fmt.Sprintf("%d. %s", i+1, a)
	}
	return strings.Join(lines, "\n")
}

func checkStale(t *judge.T) error {
	answer := replier(t)
	p, err := peer(t, "127.0.0.1", fixtures.Reorder(fixtures.Echo(answer)))
	if err != nil {
		return err
	}
	reqs := requests(t, 3)
	calls := callsFor(p.Addr(), reqs, time.Second)
	rs, err := callAll(t, calls)
	if err != nil {
		return harness.TimedOut(err, "Request did not return, though the server answered every request at once", hintID)
	}
	probs, glued := sequenceProblems(returns(rs), reqs, answer)
	if len(probs) == 0 {
		return nil
	}
	why, hint := whyID, hintID
	if glued {
		why, hint = whyApart, hintOne
	}
	return fail("Request took a stale reply for the answer", probs,
		"One after another:\n"+describe(calls)+"\nThe server answered each at once, but just before each reply from request 2 on, it sent again its reply to the request before, as a late copy arrives.",
		why, hint)
}

func checkDuplicate(t *judge.T) error {
	answer := replier(t)
	p, err := peer(t, "127.0.0.1", fixtures.Duplicate(fixtures.Echo(answer)))
	if err != nil {
		return err
	}
	reqs := requests(t, 3)
	calls := callsFor(p.Addr(), reqs, 500*time.Millisecond)
	rs, err := callAll(t, calls)
	if err != nil {
		return harness.TimedOut(err, "Request did not return, though the server answered every request at once (twice)", hintID)
	}
	probs, glued := sequenceProblems(returns(rs), reqs, answer)
	if len(probs) == 0 {
		return nil
	}
	why, hint := whyID, hintID
	if glued {
		why, hint = whyApart, hintOne
	}
	return fail("Request did not take a duplicated reply once", probs,
		"One after another:\n"+describe(calls)+"\nThe server answered each at once, sending every reply twice, as a network may deliver a datagram.",
		why, hint)
}

// returns is what each call of rs returned, as sequenceProblems reads it.
func returns(rs []contract.Reply) []wire.Return {
	out := make([]wire.Return, len(rs))
	for i, r := range rs {
		out[i] = r.Return
	}
	return out
}
