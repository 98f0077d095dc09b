package sockets

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"netcourse/fixtures"
	"netcourse/grader/course/1.3-sockets/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// Exercise 1.3: SendAll, RecvAll and RecvExactly on the course socket, whose
// Send and Recv are one system call each, and Fetch with a timeout.
var checks = []judge.Check{
	{Name: "sends everything despite short sends", Points: 3, Run: checkSendAllShort},
	{Name: "returns an error when the peer resets mid-send", Points: 1, Run: checkSendAllReset},
	{Name: "reassembles a stream of dripped fragments", Points: 2, Run: checkRecvAllDrip},
	{Name: "keeps the bytes that arrive with end of data", Points: 1, Run: checkRecvAllEOFWithData},
	{Name: "receives 16 MiB in short receives in linear time", Points: 2, Timeout: time.Minute, Run: checkRecvAllBig},
	{Name: "reports a reset mid-stream as an error", Points: 1, Run: checkRecvAllReset},
	{Name: "receives back-to-back records exactly", Points: 2, Run: checkRecvExactlyRecords},
	{Name: "fails on a record cut short by the close", Points: 1, Run: checkRecvExactlyCut},
	// Up to four Fetches each: a late one is run again, and so is the
	// reference solution (fetchLateness).
	{Name: "times out against a silent peer", Points: 2, Timeout: 20 * time.Second, Run: checkFetchStall},
	{Name: "times out when the reply stalls halfway", Points: 1, Timeout: 20 * time.Second, Run: checkFetchPartial},
	{Name: "accepts a slow reply that arrives in time", Points: 1, Run: checkFetchSlow},
}

const (
	sendWithin  = 10 * time.Second // SendAll of a few hundred KiB to a slow but steady reader
	resetWithin = 3 * time.Second  // a Send on a reset connection fails at once
	recvWithin  = 5 * time.Second  // RecvAll or RecvExactly once the peer has closed
	dripWait    = 2 * time.Second  // how long the peer waits for each fragment to be read
	peerWithin  = 5 * time.Second  // how long a fake peer's handler may take to report
	sendBuffer  = 4096             // SO_SNDBUF of the submission's socket in SendAll checks

	// The linear-time check: a big body, and a receive buffer small enough
	// that every Recv returns a few KiB whatever it asks for.
	bigBody       = 16 << 20
	bigRecvBuffer = 4096
	bigRefWithin  = 20 * time.Second
	bigStartSlack = time.Second      // starting the child, connecting, returning 16 MiB
	bigWallFloor  = 25 * time.Second // the least wall time a run is waited for: the budget is CPU time
	bigTries      = 2

	// Fetch: short deadlines, passed in as parameters.
	fetchTimeout     = 300 * time.Millisecond
	fetchGrace       = 2 * time.Second // past the timeout, the child is killed
	slowFetchTimeout = 1200 * time.Millisecond
	slowGap          = 150 * time.Millisecond // between fragments of the slow reply
)

const (
	whySend       = "Send makes one system call and returns how many bytes the kernel took: when its send buffer is full that is fewer than you offered, and the rest is still yours to send. Only SendAll's loop makes sure every byte goes out, in order, once."
	sendAllHint   = "Loop until nothing is left: n, err := s.Send(data); data = data[n:]; stop on an error."
	whyRecvStream = "TCP is a byte stream without message boundaries: one Recv returns whatever has arrived, a fragment of what the peer wrote or several writes together. Only io.EOF (the peer closed its side) says no more will come."
	recvAllHint   = "Call Recv in a loop and append each chunk until it returns io.EOF; then return what you gathered with a nil error."
	whyDeadline   = "a peer that stops answering sends nothing: no data, no FIN, no RST. Without a deadline Recv waits for ever; with one it fails with an error the caller can recognise and act on (retry, report, move on)."
	deadlineHint  = "Call s.SetTimeout(timeout) before you send and receive (or SetDeadline on a net.Conn), and return the error Recv gives you, as it is or wrapped with %w."
	whyTimeoutErr = "a caller tells a timeout from other failures with errors.Is(err, os.ErrDeadlineExceeded), the test the README names: it may retry a timeout, but not a refused connection. Recv's error already says so; an error made with errors.New or fmt.Errorf(\"%v\", err) does not."
)

// approx formats a measured duration for messages; golden transcripts
// normalise what follows the "~".
func approx(d time.Duration) string {
	return "~" + d.Round(time.Millisecond).String()
}

// budget is how long a submission may take for what the reference did in
// ref: ten times as long, and at least a second more.
func budget(ref time.Duration) time.Duration {
	return max(10*ref, ref+time.Second)
}

// startAt starts the child with op, connected to the fake peer at addr,
// and gives it the go once the peer has set the stage and said so on ready.
func startAt[A, R any](t *judge.T, op wire.Op[A, R], args A, addr string, ready *harness.Observed[error]) (*judge.Child, error) {
	c, err := harness.Start(t, op, args)
	if err != nil {
		return nil, err
	}
	perr, err := ready.First(t, peerWithin, func() *judge.Failure {
		// The grader's driver connects before it calls the submission:
		// only the submission's own code (in init, say) can stop it.
		return judge.Fail("%s was never called: the program did not connect to the peer at %s within %v", op.Func, addr, peerWithin).With("",
			"the grader connects the course socket for you, then calls your function; code that runs before it (init, package variables) must not block or exit.", "")
	})
	if err != nil {
		return nil, err
	}
	if perr != nil {
		return nil, fmt.Errorf("fake peer: %w", perr)
	}
	if err := harness.Send(c, contract.Go, wire.None{}); err != nil {
		return nil, err
	}
	return c, nil
}

// ---- SendAll ----

// sendPeer is what the receiving fake peer saw.
type sendPeer struct {
	data  []byte
	reset bool // the peer reset the connection after reading what it wanted
	err   error
}

func checkSendAllShort(t *judge.T) error {
	n := 192<<10 + t.Rand.IntN(128<<10)
	seed := t.Rand.Uint64()
	want := wire.Payload(seed, n)
	got := harness.NewObserved[sendPeer]()
	wrong := make(chan struct{}, 1)
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		// A normal receive window: the submission's small send buffer
		// (SO_SNDBUF, set by the driver) is what makes the kernel cut its
		// sends short, on top of the seeded faults. Shrinking this side's
		// buffer of an established connection stalls loopback transfers
		// for seconds now and then (see fixtures.SetSmallBuffer).
		data, err := watchedRead(c, want, wrong, 8<<10, 500*time.Microsecond, sendWithin+time.Second)
		got.Add(sendPeer{data: data, err: err})
	})
	if err != nil {
		return err
	}
	args := contract.SendArgs{
		ConnArgs: contract.ConnArgs{Addr: srv.Addr(), Faults: contract.Faults{ShortSends: true, Seed: t.Rand.Uint64(), SendBuffer: sendBuffer}},
		Seed:     seed, Len: n,
	}
	c, err := harness.Start(t, contract.SendAll, args)
	if err != nil {
		return err
	}
	// Once the peer has seen a wrong byte, the verdict is known: a SendAll
	// that lost its place (sent = n for sent += n) may send for ever, so
	// it is stopped there rather than waited for.
	type result struct {
		r   wire.Return
		err error
	}
	done := make(chan result, 1)
	go func() {
		r, err := harness.Result(c, contract.SendAll, sendWithin)
		done <- result{r, err}
	}()
	var r wire.Return
	stopped := false
	select {
	case res := <-done:
		r, err = res.r, res.err
		if err != nil {
			return harness.TimedOut(err, fmt.Sprintf("SendAll of %d bytes did not return within %v, although the peer kept reading and every byte it received was right", n, sendWithin),
				"Each Send blocks only until some room is free and returns how much it took; keep calling it with the rest until nothing is left.")
		}
	case <-wrong:
		c.Stop()
		<-done
		stopped = true
	}
	p, err := got.First(t, peerWithin, func() *judge.Failure { return harness.PeerSawNothing("SendAll", srv, sendWithin+time.Second) })
	if err != nil {
		return err
	}
	var probs []string
	if r.Err != nil {
		probs = append(probs, fmt.Sprintf("SendAll returned an error on a healthy connection: %s", r.Err.Text))
	}
	summary, hint := sendDiagnosis(p.data, want)
	if summary != "" {
		probs = append(probs, summary)
	}
	if len(probs) == 0 {
		return nil
	}
	if hint == "" {
		hint = sendAllHint
	}
	// Once the bytes diverge, how many more arrive depends on how fast the
	// peer read: show the divergence, not the totals.
	rcvd, shown := p.data, want
	if k := min(len(rcvd), len(want)); firstDifference(rcvd, want) < k {
		rcvd, shown = rcvd[:k], want[:k]
	}
	how := "while the peer read slowly until you closed"
	if stopped {
		how = "while the peer read slowly; SendAll was still sending when the peer saw the wrong bytes, and was stopped there"
	}
	return judge.Fail("%s", strings.Join(probs, "\n")).With(
		fmt.Sprintf("SendAll was given %d bytes. Each Send took a seeded random part of what it was offered (and the kernel, whose send buffer was small, often less), %s.\nThe peer received:\n%s",
			n, how, judge.ShowBytes(rcvd, shown)),
		whySend, hint)
}

// watchedRead reads c like fixtures.SlowRead, chunk bytes at a time with a
// pause between reads, until end of data or max. Once what it has read can
// no longer be the start of want (a byte differs, with enough bytes after
// it for sendDiagnosis to place them, or there are more bytes than want
// holds), it says so on wrong, once, and reads on.
func watchedRead(c *net.TCPConn, want []byte, wrong chan<- struct{}, chunk int, pause, max time.Duration) ([]byte, error) {
	const probe = 16 // as in sendDiagnosis
	deadline := time.Now().Add(max)
	if err := c.SetReadDeadline(deadline); err != nil {
		return nil, err
	}
	defer c.SetReadDeadline(time.Time{})
	var data []byte
	buf := make([]byte, chunk)
	good, diff, told := 0, -1, false // data[:good] is right; diff is the first wrong byte
	for {
		k, err := c.Read(buf)
		data = append(data, buf[:k]...)
		if diff < 0 {
			for good < len(data) && good < len(want) && data[good] == want[good] {
				good++
			}
			if good < len(data) {
				diff = good
			}
		}
		if !told && diff >= 0 && (diff == len(want) || len(data) >= diff+probe) {
			told = true
			select {
			case wrong <- struct{}{}:
			default: // told already, on another connection
			}
		}
		switch {
		case errors.Is(err, io.EOF):
			return data, nil
		case err != nil:
			return data, fmt.Errorf("slow reader after %d bytes: %w", len(data), err)
		}
		time.Sleep(min(pause, time.Until(deadline)))
	}
}

// sendDiagnosis says what went wrong when the peer received got instead of
// want, and what to do about it; "" when nothing did.
func sendDiagnosis(got, want []byte) (summary, hint string) {
	if bytes.Equal(got, want) {
		return "", ""
	}
	if len(got) < len(want) && bytes.HasPrefix(want, got) {
		return fmt.Sprintf("the peer received only the first %d of %d bytes, then end of data: SendAll returned before everything was sent", len(got), len(want)),
			"One Send is not enough: call it again with the bytes it did not take, until none are left."
	}
	i := firstDifference(got, want)
	const probe = 16 // random bytes: 16 of them match by chance essentially never
	if i+probe <= len(got) {
		switch j := bytes.Index(want, got[i:i+probe]); {
		case j == 0:
			return fmt.Sprintf("after %d bytes the peer received the start of the data again: SendAll re-sent from the beginning instead of the remainder", i),
				"After a short Send, continue with data[n:], the part the kernel has not taken yet, not with data from the start: the bytes it took are already on their way."
		case j > 0 && j < i:
			return fmt.Sprintf("after %d bytes the peer received bytes %d.. again: SendAll re-sent data the kernel had already taken", i, j),
				"Advance by exactly the count Send returns, and offer only what is left: add each count to a running total (sent += n; sent = n forgets what the earlier Sends took), or re-slice (data = data[n:])."
		case j > i:
			return fmt.Sprintf("bytes %d to %d never arrived: a Send took fewer bytes than it was offered and the rest was never sent", i, j-1),
				"Use the count Send returns: the bytes it did not take must be offered again in the next Send."
		}
	}
	return fmt.Sprintf("the peer received %d bytes that are not the %d bytes SendAll was given", len(got), len(want)), ""
}

func firstDifference(a, b []byte) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

func checkSendAllReset(t *judge.T) error {
	const n = 8 << 20 // far more than both sockets' buffers hold
	take := 16<<10 + t.Rand.IntN(48<<10)
	seed := t.Rand.Uint64()
	want := wire.Payload(seed, n)
	got := harness.NewObserved[sendPeer]()
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		c.SetReadDeadline(time.Now().Add(resetWithin))
		buf := make([]byte, take)
		k, err := io.ReadFull(c, buf)
		if err != nil {
			got.Add(sendPeer{data: buf[:k], err: err})
			return
		}
		fixtures.Reset(c)
		got.Add(sendPeer{data: buf, reset: true})
	})
	if err != nil {
		return err
	}
	args := contract.SendArgs{
		ConnArgs: contract.ConnArgs{Addr: srv.Addr(), Faults: contract.Faults{ShortSends: true, Seed: t.Rand.Uint64(), SendBuffer: sendBuffer}},
		Seed:     seed, Len: n,
	}
	_, r, err := harness.Call(t, contract.SendAll, args, resetWithin)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("SendAll of %d bytes did not return within %v; the peer read the first %d bytes and then reset the connection (RST)", n, resetWithin, take),
			"A Send on a reset connection returns 0 and an error (connection reset by peer, or broken pipe) every time: return that error. A loop that ignores it, or that retries on a zero count, never ends.")
	}
	p, err := got.First(t, peerWithin, func() *judge.Failure { return harness.PeerSawNothing("SendAll", srv, resetWithin) })
	if err != nil {
		return err
	}
	if r.Err != nil {
		if p.reset {
			return nil
		}
		// An error is the answer to the reset only: before it, the
		// connection was healthy and SendAll had work to do.
		return judge.Fail("SendAll returned the error %q before the peer reset the connection: the peer received only %d bytes, and resets after %d", r.Err.Text, len(p.data), take).With(
			judge.ShowBytes(p.data, want[:take]), whySend, "Return an error only when a Send fails; until then, keep sending what is left.")
	}
	if !p.reset {
		summary, hint := sendDiagnosis(p.data, want)
		if hint == "" {
			hint = sendAllHint
		}
		return judge.Fail("SendAll returned nil for %d bytes, but %s", n, summary).With("",
			"a nil error tells the caller every byte was handed to the kernel. "+whySend, hint)
	}
	if !bytes.Equal(p.data, want[:take]) {
		summary, hint := sendDiagnosis(p.data, want[:take])
		return judge.Fail("SendAll returned nil although the peer reset the connection, and the bytes it read were wrong: %s", summary).With(
			judge.ShowBytes(p.data, want[:take]), whySend, hint)
	}
	return judge.Fail("SendAll returned nil for %d bytes, but the peer reset the connection (RST) after reading only the first %d: the rest never arrived", n, take).With("",
		"a reset means the peer is gone: Send fails with \"connection reset by peer\" or \"broken pipe\". SendAll must pass that error on, or its caller believes the data was delivered.",
		"Check the error of every Send and return it.")
}

// ---- RecvAll ----

// cleanEndError is the problem of fn returning r.Err (not nil) for a
// stream that ended cleanly with want: io.EOF itself is named, and so is
// whether the bytes were all there, so that a message does not show equal
// bytes as if they differed.
func cleanEndError(fn string, r wire.Return, want []byte) string {
	return cleanEnd(fn, r.Err, len(r.Data), bytes.Equal(r.Data, want), len(want))
}

// cleanEnd is cleanEndError for a function that returned got bytes, all
// of the want the stream held or not, and e.
func cleanEnd(fn string, e *wire.Err, got int, all bool, want int) string {
	switch {
	case e.CleanEOF && all:
		return fmt.Sprintf("%s returned all %d bytes, but with io.EOF as its error (%q): the stream ended cleanly, and an error tells the caller it did not", fn, want, e.Text)
	case e.CleanEOF:
		return fmt.Sprintf("%s returned io.EOF as its error (%q) for a stream that ended cleanly, and %d of its %d bytes", fn, e.Text, got, want)
	}
	return fmt.Sprintf("%s returned an error for a stream that ended cleanly: %s", fn, e.Text)
}

// showUnlessEqual is judge.ShowBytes on a line of its own, or "" when got
// is want: equal bytes with a caret under their end would point at a
// problem that is not there.
func showUnlessEqual(got, want []byte) string {
	if bytes.Equal(got, want) {
		return ""
	}
	return "\n" + judge.ShowBytes(got, want)
}

func checkRecvAllDrip(t *judge.T) error {
	body := fixtures.Body(t.Rand, 2000+t.Rand.IntN(2000))
	sizes := fixtures.Split(t.Rand, len(body), 1, 400)
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		fixtures.Drip(c, body, sizes, dripWait)
		fixtures.FinishWrite(c, recvWithin)
	})
	if err != nil {
		return err
	}
	_, r, err := harness.Call(t, contract.RecvAll, contract.ConnArgs{Addr: srv.Addr()}, recvWithin+time.Duration(len(sizes))*100*time.Millisecond)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("RecvAll did not return after the peer sent %d bytes in %d fragments and closed its side", len(body), len(sizes)),
			"Return once Recv reports io.EOF: the peer has closed and no more bytes will come.")
	}
	detail := fmt.Sprintf("The peer sent %d bytes in %d fragments (%s), each only after you had received the one before, then closed (FIN).%s",
		len(body), len(sizes), harness.SizesText(sizes), showUnlessEqual(r.Data, body))
	if r.Err != nil {
		return judge.Fail("%s", cleanEndError("RecvAll", r, body)).With(detail,
			"io.EOF is how a clean close shows up: the normal end of the stream, not an error.",
			"When Recv returns io.EOF, return what you gathered with a nil error.")
	}
	if bytes.Equal(r.Data, body) {
		return nil
	}
	if k := harness.FragmentsCovered(r.Data, body, sizes); k > 0 {
		return judge.Fail("RecvAll returned after %d of %d fragments: %d of %d bytes", k, len(sizes), len(r.Data), len(body)).With(detail,
			whyRecvStream+" A short Recv does not mean the end either: the next fragment may simply not be there yet.", recvAllHint)
	}
	return judge.Fail("RecvAll returned %d bytes that are not what the peer sent (%d bytes)", len(r.Data), len(body)).With(detail, whyRecvStream, recvAllHint)
}

func checkRecvAllEOFWithData(t *judge.T) error {
	// No record structure, no newline: nothing tells the end but the close.
	body := fixtures.Body(t.Rand, 300+t.Rand.IntN(400))
	ready := harness.NewObserved[error]()
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		c.Write(body)
		c.CloseWrite()
		// Wait until the FIN has arrived behind the data, so the submission's
		// last Recv finds both and returns the bytes together with io.EOF.
		ready.Add(waitFINAcked(c, peerWithin))
		fixtures.WaitClosed(c, recvWithin+peerWithin)
	})
	if err != nil {
		return err
	}
	args := contract.ConnArgs{Addr: srv.Addr(), Faults: contract.Faults{EOFWithData: true}, WaitGo: true}
	c, err := startAt(t, contract.RecvAll, args, srv.Addr(), ready)
	if err != nil {
		return err
	}
	r, err := harness.Result(c, contract.RecvAll, recvWithin)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("RecvAll did not return within %v; the peer had sent %d bytes and closed", recvWithin, len(body)),
			"Return once Recv reports io.EOF.")
	}
	whole := bytes.Equal(r.Data, body)
	if r.Err == nil && whole {
		return nil
	}
	detail := fmt.Sprintf("The peer wrote %d bytes and closed at once; your last Recv returned the last of them together with io.EOF.%s", len(body), showUnlessEqual(r.Data, body))
	why := "a receive may return the last bytes and io.EOF together, as io.Reader allows: the data is real and comes first, the EOF says nothing follows it."
	hint := "Append the chunk Recv returned before you look at its error."
	var probs []string
	switch {
	case r.Err != nil && r.Err.CleanEOF:
		probs = append(probs, cleanEndError("RecvAll", r, body))
		why = "io.EOF is how a clean close shows up, the normal end of the stream: RecvAll's caller reads a non-nil error as a broken stream and throws the reply away."
		hint = "At io.EOF, return what you gathered with a nil error: the bytes are all there, only the error is wrong."
		if !whole {
			why += " And a receive may return the last bytes and io.EOF together, as io.Reader allows: the data is real and comes first."
			hint = "Append the chunk Recv returned before you look at its error; then, at io.EOF, return what you gathered with a nil error."
		}
	case r.Err != nil:
		probs = append(probs, cleanEndError("RecvAll", r, body))
	}
	// Lost bytes are the io.EOF's doing only where RecvAll got to it: after
	// another error, the error is the cause.
	if !whole && (r.Err == nil || r.Err.CleanEOF) {
		probs = append(probs, fmt.Sprintf("RecvAll lost bytes that arrived together with io.EOF: it returned %d of %d bytes", len(r.Data), len(body)))
	}
	return judge.Fail("%s", strings.Join(probs, "\n")).With(detail, why, hint)
}

// waitFINAcked waits until the peer has acknowledged our FIN, and so has
// every byte before it in its receive queue.
func waitFINAcked(c *net.TCPConn, max time.Duration) error {
	// States from linux/tcp_states.h once our FIN is acknowledged.
	const (
		finWait2 = 5
		timeWait = 6
		closed   = 7
	)
	raw, err := c.SyscallConn()
	if err != nil {
		return err
	}
	deadline := time.Now().Add(max)
	for {
		var state uint8
		var ierr error
		if err := raw.Control(func(fd uintptr) {
			info, err := unix.GetsockoptTCPInfo(int(fd), unix.IPPROTO_TCP, unix.TCP_INFO)
			if err != nil {
				ierr = err
				return
			}
			state = info.State
		}); err != nil {
			return err
		}
		if ierr != nil {
			return fmt.Errorf("TCP_INFO: %w", ierr)
		}
		switch state {
		case finWait2, timeWait, closed:
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("our FIN was not acknowledged within %v (TCP state %d)", max, state)
		}
		time.Sleep(time.Millisecond)
	}
}

func checkRecvAllBig(t *judge.T) error {
	body := fixtures.Body(t.Rand, bigBody)
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		if _, err := fixtures.Stream(c, body, 64<<10); err != nil {
			return // the reader was killed or gave up
		}
		fixtures.FinishWrite(c, bigRefWithin)
	})
	if err != nil {
		return err
	}
	// The 16 MiB come back as a digest: as JSON they would cost more
	// than the check.
	args := contract.BigArgs{
		ConnArgs: contract.ConnArgs{Addr: srv.Addr(), Faults: contract.Faults{ShortRecvs: true, Seed: t.Rand.Uint64(), RecvBuffer: bigRecvBuffer}},
		Sums:     wire.Sums(body),
	}
	why := "the peer sent 16 MiB and every Recv returned only a few KiB: thousands of receives. Copying everything gathered so far on each one (s += string(chunk), bytes.Join, a new slice per chunk) costs time that grows with the square of the size: harmless for a page, minutes for a large file."
	hint := "Gather the chunks with append on one slice, or a bytes.Buffer: both grow geometrically, so the total work stays proportional to the size."

	// A stub is told on a short stream first, and costs no reference run
	// (a stub slow to start is told by the long run as before).
	short := []byte("a short stream before the long one")
	probe, err := harness.Serve(t, func(c *net.TCPConn) {
		if _, err := fixtures.Stream(c, short, len(short)); err == nil {
			fixtures.FinishWrite(c, recvWithin)
		}
	})
	if err != nil {
		return err
	}
	probeArgs := args.ConnArgs
	probeArgs.Addr = probe.Addr()
	if err := harness.Stub(t, contract.RecvAll, probeArgs, time.Second); err != nil {
		return err
	}

	// The budget is CPU time, the child's and the reference's as the
	// judge reads them in /proc: a busy machine stretches wall time, not
	// the work done. Wall time only bounds the wait (at least
	// bigWallFloor), and a run that outlasts it gets a second try,
	// against a fresh reference, unless it already spent its budget.
	// The first try is judged against the least CPU time the reference
	// used in earlier runs, if it is kept (judge.T.KeptReference): within
	// that budget a run is within any, and the reference need not run.
	// A run over it is judged against the reference run now, beside it if
	// it still runs: a reference slowed by it sets a looser budget, never
	// a stricter one, and the submission does not run twice.
	kept, haveKept := t.KeptReference(cpuTime)
	measure := func() (time.Duration, error) {
		ref, err := referenceRecvAll(t, args, body)
		if err == nil {
			t.KeepReference(cpuTime, int64(ref))
		}
		return ref, err
	}
	var slow error
	for try := 1; try <= bigTries; try++ {
		ref, measured := time.Duration(kept), false
		if try > 1 || !haveKept {
			if ref, err = measure(); err != nil {
				return err
			}
			measured = true
		}
		c, err := harness.Start(t, contract.RecvAllBig, args)
		if err != nil {
			return err
		}
		started := time.Now()
		wait := func(ref time.Duration) (contract.BigReturn, error) {
			limit := budget(ref)
			return resultWithinBudget(t, c, limit, max(limit, bigWallFloor)+bigStartSlack-time.Since(started))
		}
		r, err := wait(ref)
		var te *judge.TimeoutError
		if timedOut := errors.As(err, &te); !measured && (c.CPU() > budget(ref) || timedOut && t.Ctx.Err() == nil) {
			var rerr error
			if ref, rerr = measure(); rerr != nil {
				return rerr
			}
			if timedOut {
				r, err = wait(ref)
			}
		}
		limit := budget(ref)
		pace := fmt.Sprintf("the reference solution used %s of CPU time in this run, and the budget is ten times that, at least a second more", approx(ref))
		if try > 1 {
			pace += "; the first try was over its budget too"
		}
		if errors.As(err, &te) {
			spent := c.CPU() >= limit
			c.Stop() // before the next reference run, which it would slow down
			slow = harness.TimedOut(err, fmt.Sprintf("RecvAll did not finish receiving 16 MiB in short receives within its budget of %s of CPU time and was stopped; %s.\nWhy it matters: %s", approx(limit), pace, why), hint)
			if spent {
				break
			}
			continue
		}
		used := c.CPU()
		if err != nil {
			return err
		}
		var probs []string
		all := r.Data.Is(body)
		if r.Err != nil {
			probs = append(probs, cleanEnd("RecvAll", r.Err, r.Data.Len, all, len(body)))
		}
		if !all {
			if r.Data.PrefixOf(body) {
				probs = append(probs, fmt.Sprintf("RecvAll returned only the first %d of %d bytes", r.Data.Len, len(body)))
			} else {
				probs = append(probs, fmt.Sprintf("RecvAll returned %d bytes that are not the %d bytes the peer sent:\n%s", r.Data.Len, len(body), judge.ShowDigest(r.Data, body)))
			}
		}
		if len(probs) > 0 {
			return judge.Fail("%s", strings.Join(probs, "\n")).With("", whyRecvStream, recvAllHint)
		}
		if used <= limit {
			return nil
		}
		c.Stop()
		slow = judge.Fail("RecvAll used %s of CPU time to receive 16 MiB in short receives, more than its budget of %s; %s", approx(used), approx(limit), pace).With("", why, hint)
	}
	return slow
}

// resultWithinBudget waits for RecvAll's result until the child has used
// its CPU budget, or wall has passed: a run over its budget is stopped
// when the budget is spent, not when the wall-clock floor is.
func resultWithinBudget(t *judge.T, c *judge.Child, budget, wall time.Duration) (contract.BigReturn, error) {
	deadline := time.Now().Add(wall)
	for {
		r, err := harness.Result(c, contract.RecvAllBig, min(budgetPoll, max(time.Until(deadline), time.Millisecond)))
		var te *judge.TimeoutError
		if !errors.As(err, &te) || c.CPU() >= budget || !time.Now().Before(deadline) || t.Ctx.Err() != nil {
			return r, err
		}
	}
}

// budgetPoll is how often a run's CPU time is looked at against its
// budget.
const budgetPoll = 250 * time.Millisecond

// cpuTime names the reference's measurement that checkRecvAllBig keeps.
const cpuTime = "CPU time"

// referenceRecvAll runs the reference solution's RecvAll on the same
// stream and returns the CPU time its child used.
func referenceRecvAll(t *judge.T, args contract.BigArgs, body []byte) (time.Duration, error) {
	c, err := harness.StartReference(t, contract.RecvAllBig, args)
	if err != nil {
		return 0, fmt.Errorf("reference solution: %w", err)
	}
	defer c.Stop()
	r, err := harness.Result(c, contract.RecvAllBig, bigRefWithin)
	if err != nil {
		return 0, fmt.Errorf("reference solution: %w", err)
	}
	if r.Err != nil || !r.Data.Is(body) {
		return 0, fmt.Errorf("reference solution: RecvAll returned %d of %d bytes, error %v", r.Data.Len, len(body), r.Err)
	}
	return c.CPU(), nil
}

func checkRecvAllReset(t *judge.T) error {
	part := fixtures.Body(t.Rand, 1000+t.Rand.IntN(1000))
	sizes := fixtures.Split(t.Rand, len(part), 150, 400)
	dripped := harness.NewObserved[error]()
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		_, err := fixtures.Drip(c, part, sizes, dripWait)
		dripped.Add(err)
		fixtures.Reset(c)
	})
	if err != nil {
		return err
	}
	_, r, err := harness.Call(t, contract.RecvAll, contract.ConnArgs{Addr: srv.Addr()}, recvWithin+time.Duration(len(sizes))*100*time.Millisecond)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("RecvAll did not return within %v after the peer reset the connection (RST)", recvWithin),
			"A Recv on a reset connection returns an error at once; return it.")
	}
	if r.Err != nil {
		return errorBeforeEnd(t, "RecvAll", r, srv, dripped, len(part), len(sizes), "reset the connection")
	}
	why := "a reset means the connection broke: the stream may be cut anywhere, and the caller must not take the bytes so far for the whole. Only a clean close (FIN, seen as io.EOF) ends a stream."
	hint := "Stop with success at io.EOF only; return any other error from Recv."
	if len(r.Data) < len(part) {
		return judge.Fail("RecvAll returned %d bytes and no error before the stream ended; the peer was sending %d bytes in %d fragments and then reset the connection (RST)", len(r.Data), len(part), len(sizes)).With(
			judge.ShowBytes(r.Data, part), whyRecvStream+" And the stream did not end cleanly: "+why, recvAllHint+" "+hint)
	}
	return judge.Fail("RecvAll returned the %d bytes received before a reset (RST) as a complete stream, with no error", len(r.Data)).With("", why, hint)
}

// errorBeforeEnd judges the error a receiving function fn returned where the
// peer sent sent bytes in frags fragments and then ended the stream (what
// says how): it counts only if fn received all of them first. An error
// that comes before is no answer to the end, it is a receiver that gave up
// on a healthy stream.
func errorBeforeEnd(t *judge.T, fn string, r wire.Return, srv *fixtures.Server, dripped *harness.Observed[error], sent, frags int, what string) error {
	derr, err := dripped.First(t, peerWithin, func() *judge.Failure { return harness.PeerSawNothing(fn, srv, peerWithin) })
	if err != nil {
		return err
	}
	if derr == nil {
		return nil
	}
	return judge.Fail("%s returned the error %q before it had received the %d bytes the peer sent (in %d fragments, each after you had received the one before); only then the peer %s", fn, r.Err.Text, sent, frags, what).With("",
		whyRecvStream+" An error counts only when a Recv fails: until the peer ends the stream, there is more to receive.",
		"Call Recv in a loop until you have what you need or it fails; return its error only then.")
}

// ---- RecvExactly ----

func checkRecvExactlyRecords(t *judge.T) error {
	a, b := 200+t.Rand.IntN(1300), 200+t.Rand.IntN(1300)
	data := fixtures.Body(t.Rand, a+b)
	// One fragment straddles the boundary: the end of record 1 and the start
	// of record 2 arrive together.
	tail, head := 1+t.Rand.IntN(min(a-1, 150)), 1+t.Rand.IntN(min(b-1, 150))
	sizes := append(fixtures.Split(t.Rand, a-tail, 1, 300), tail+head)
	sizes = append(sizes, fixtures.Split(t.Rand, b-head, 1, 300)...)
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		fixtures.Drip(c, data, sizes, dripWait)
		fixtures.FinishWrite(c, recvWithin)
	})
	if err != nil {
		return err
	}
	args := contract.RecordsArgs{ConnArgs: contract.ConnArgs{Addr: srv.Addr()}, Sizes: []int{a, b}}
	res, err := callRecords(t, args, recvWithin+time.Duration(len(sizes))*100*time.Millisecond)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("RecvExactly did not return within %v; the peer sent two records of %d and %d bytes in %d fragments, then closed", recvWithin, a, b, len(sizes)),
			"Stop as soon as you have n bytes; and return an error at io.EOF, which means no more bytes will come.")
	}
	wants := [][]byte{data[:a], data[a:]}
	var probs, details []string
	for i, want := range wants {
		if i >= len(res.Calls) {
			break
		}
		r := res.Calls[i]
		switch {
		case r.Err != nil:
			probs = append(probs, fmt.Sprintf("record %d: RecvExactly(s, %d) returned an error: %s", i+1, len(want), r.Err.Text))
		case len(r.Data) != len(want):
			probs = append(probs, fmt.Sprintf("record %d: RecvExactly(s, %d) returned %d bytes, want exactly %d", i+1, len(want), len(r.Data), len(want)))
		case !bytes.Equal(r.Data, want):
			probs = append(probs, fmt.Sprintf("record %d: RecvExactly(s, %d) returned the wrong bytes", i+1, len(want)))
		default:
			continue
		}
		details = append(details, fmt.Sprintf("Record %d:\n%s", i+1, judge.ShowBytes(r.Data, want)))
	}
	if len(probs) == 0 {
		return nil
	}
	first := res.Calls[0]
	hint := "Ask Recv for at most n - len(got) bytes, the part of the record still missing, and loop until you have n."
	why := whyRecvStream + " Records sent back to back arrive as one stream: a fragment may hold the end of one record and the start of the next, and a socket cannot take back bytes you received."
	if first.Err == nil && bytes.Equal(first.Data, wants[0]) {
		probs = append(probs, fmt.Sprintf("the fragment holding the last %d bytes of record 1 also held the first %d bytes of record 2: record 1 came out right, so the call for it must have received bytes beyond its record and dropped them", tail, head))
	}
	detail := fmt.Sprintf("The peer sent record 1 (%d bytes) and record 2 (%d bytes) back to back in %d fragments (%s), each after you had received the one before, then closed.\n%s",
		a, b, len(sizes), harness.SizesText(sizes), strings.Join(details, "\n"))
	return judge.Fail("%s", strings.Join(probs, "\n")).With(detail, why, hint)
}

// callRecords runs RecvExactly and returns what each call gave: at least
// one call.
func callRecords(t *judge.T, args contract.RecordsArgs, within time.Duration) (contract.Records, error) {
	_, res, err := harness.Call(t, contract.RecvExactly, args, within)
	if err != nil {
		return res, err
	}
	if len(res.Calls) == 0 {
		return res, fmt.Errorf("driver: no RecvExactly call reported")
	}
	return res, nil
}

func checkRecvExactlyCut(t *judge.T) error {
	n := 400 + t.Rand.IntN(800)
	sent := n/3 + t.Rand.IntN(n/2)
	data := fixtures.Body(t.Rand, sent)
	sizes := fixtures.Split(t.Rand, sent, 50, 300)
	dripped := harness.NewObserved[error]()
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		_, err := fixtures.Drip(c, data, sizes, dripWait)
		dripped.Add(err)
		fixtures.FinishWrite(c, recvWithin)
	})
	if err != nil {
		return err
	}
	args := contract.RecordsArgs{ConnArgs: contract.ConnArgs{Addr: srv.Addr()}, Sizes: []int{n}}
	res, err := callRecords(t, args, recvWithin+time.Duration(len(sizes))*100*time.Millisecond)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("RecvExactly(s, %d) did not return within %v after the peer sent %d bytes and closed", n, recvWithin, sent),
			"io.EOF means no more bytes will ever come: a loop that ignores it calls Recv for ever. Return io.ErrUnexpectedEOF.")
	}
	r := res.Calls[0]
	why := "a record has a fixed size: its reader trusts that it got all n bytes. When the peer closes in the middle, the record is incomplete, and only an error can say so."
	if r.Err != nil {
		if err := errorBeforeEnd(t, fmt.Sprintf("RecvExactly(s, %d)", n), r, srv, dripped, sent, len(sizes), "closed"); err != nil {
			return err
		}
		if r.Err.UnexpectedEOF {
			return nil
		}
		// The README names the error: io.ErrUnexpectedEOF. A plain
		// io.EOF is what a caller reading records until the end takes
		// for a clean end at a record boundary.
		detail := fmt.Sprintf("The peer sent %d bytes of the %d-byte record in %d fragments, then closed (FIN).", sent, n, len(sizes))
		hint := "When Recv reports io.EOF before you have n bytes, return io.ErrUnexpectedEOF (the error io.ReadFull gives in the same case), as it is or wrapped with %w."
		if r.Err.CleanEOF {
			return judge.Fail("RecvExactly(s, %d) returned io.EOF (%q) for a record cut short after %d bytes; want io.ErrUnexpectedEOF", n, r.Err.Text, sent).With(detail,
				why+" io.EOF says the stream ended cleanly, between records: a caller that reads records until io.EOF takes this for the end and silently drops the partial record. io.ErrUnexpectedEOF says the end came in the middle.",
				hint)
		}
		return judge.Fail("RecvExactly(s, %d) returned the error %q for a record cut short after %d bytes; errors.Is(err, io.ErrUnexpectedEOF) is false", n, r.Err.Text, sent).With(detail,
			why+" The caller tells a record cut by the close from other failures with errors.Is(err, io.ErrUnexpectedEOF).",
			hint)
	}
	hint := "When Recv returns io.EOF before you have n bytes, return io.ErrUnexpectedEOF (the error io.ReadFull gives in the same case)."
	if len(r.Data) < sent {
		hint = "A Recv returns whatever has arrived: keep receiving until you have n bytes, and if Recv reports io.EOF first, return io.ErrUnexpectedEOF."
	}
	return judge.Fail("RecvExactly(s, %d) returned a short record of %d bytes and no error; the peer sent %d bytes of it and then closed", n, len(r.Data), sent).With(
		fmt.Sprintf("The peer sent %d bytes in %d fragments, then closed (FIN).", sent, len(sizes)),
		why, hint)
}

// ---- Fetch ----

// fetchRequest is a one-line request the submission sends as it is.
func fetchRequest(t *judge.T) []byte {
	return []byte("FETCH /" + harness.Word(t.Rand, 6) + "\n")
}

// readFetchRequest reads the request, which the peer knows, with a bound.
func readFetchRequest(c *net.TCPConn, n int) []byte {
	c.SetReadDeadline(time.Now().Add(dripWait))
	defer c.SetReadDeadline(time.Time{})
	buf := make([]byte, n)
	k, _ := io.ReadFull(c, buf)
	return buf[:k]
}

// fetchNeverConnected is the failure of a Fetch that returned r without
// connecting to the peer.
func fetchNeverConnected(r wire.Return, srv *fixtures.Server) error {
	what := fmt.Sprintf("%d bytes and no error", len(r.Data))
	if r.Err != nil {
		what = fmt.Sprintf("the error %q", r.Err.Text)
	}
	return judge.Fail("Fetch returned %s, but the peer at %s never received a connection", what, srv.Addr()).With("",
		"Fetch's reply can only come from the peer: dial addr, send the request, and receive what the peer sends.",
		"Connect with sock.Dial(\"tcp\", addr) (or net.Dial and sock.Wrap), then SendAll the request before you receive.")
}

// fetchRequestSeen returns the request the peer received, once every
// connection Fetch opened has been read: the one that carried req, else the
// first that carried anything. A connection with nothing on it (a probe, a
// retry) is not the request.
func fetchRequestSeen(t *judge.T, srv *fixtures.Server, gotReq *harness.Observed[[]byte], req []byte) ([]byte, error) {
	all := gotReq.Wait(t, srv.Accepted(), dripWait+time.Second)
	if err := t.Ctx.Err(); err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, harness.PeerSawNothing("Fetch", srv, dripWait)
	}
	if i := slices.IndexFunc(all, func(b []byte) bool { return bytes.Equal(b, req) }); i >= 0 {
		return all[i], nil
	}
	if i := slices.IndexFunc(all, func(b []byte) bool { return len(b) > 0 }); i >= 0 {
		return all[i], nil
	}
	return all[0], nil
}

// fetchSentRequest checks that Fetch, which returned r, connected to the
// peer and sent it the whole request: a timeout is the answer to a peer
// that went silent after the request, not to one that was never asked.
func fetchSentRequest(t *judge.T, r wire.Return, srv *fixtures.Server, gotReq *harness.Observed[[]byte], req []byte) error {
	if !harness.Connected(srv, time.Second) {
		return fetchNeverConnected(r, srv)
	}
	seen, err := fetchRequestSeen(t, srv, gotReq, req)
	if err != nil {
		return err
	}
	if bytes.Equal(seen, req) {
		return nil
	}
	return judge.Fail("Fetch connected, but the peer never received the whole request: it received %s, want %s", judge.Quote(seen), judge.Quote(req)).With(
		fmt.Sprintf("The peer waited %v for the request before it went silent.", dripWait),
		"the peer answers a request, and waits for it first: a timeout only says the peer went silent once it had been asked.",
		"Send the whole request with SendAll before you receive.")
}

// lateBy is how long after it is due Fetch may return its timeout error:
// half the timeout, at least 100 ms; more only where the reference
// solution, run in the same check, takes longer itself (a loaded machine).
// A Fetch that waits a fixed second, or three times its timeout, is late
// by far more.
func lateBy(timeout time.Duration) time.Duration {
	return max(timeout/2, 100*time.Millisecond)
}

// timeoutVerdict judges Fetch's outcome when it had to time out: partial
// is how many bytes of the reply the peer sent before it went silent, late
// what fetchLateness found ("" for in time). Returning success, an error
// that is not os.ErrDeadlineExceeded, giving up before the timeout and
// returning long after it are each reported.
func timeoutVerdict(r wire.Return, timeout time.Duration, partial int, detail, late string) error {
	if r.Err == nil {
		summary := fmt.Sprintf("Fetch returned %d bytes and no error, but the peer never sent a byte nor closed", len(r.Data))
		if partial > 0 {
			summary = fmt.Sprintf("Fetch returned %d bytes and no error, as if the reply were complete; but the peer never closed, it went silent after %d bytes", len(r.Data), partial)
		}
		if r.Elapsed < timeout {
			// It returned before any deadline could pass: it stopped
			// receiving before the end.
			return judge.Fail("%s", summary).With(detail,
				whyRecvStream+" When the peer goes silent instead, only the deadline ends the wait, with an error.",
				"Keep receiving until io.EOF; with the timeout set, a silent peer makes Recv fail with a timeout error: return it.")
		}
		return judge.Fail("%s (after %s: it seems a timeout was taken for the end of the reply)", summary, approx(r.Elapsed)).With(detail,
			"a nil error tells the caller the reply is complete; a timeout means it is not, and "+whyTimeoutErr,
			"Stop with success at io.EOF only. When Recv fails with a timeout, return that error (as it is, or wrapped with %w).")
	}
	var probs []string
	why, hint := whyDeadline, deadlineHint
	switch {
	case r.Err.Deadline:
	case r.Err.ContextDeadline:
		probs = append(probs, fmt.Sprintf("Fetch returned a context's deadline error, %q: a timeout, but context.DeadlineExceeded, not os.ErrDeadlineExceeded; errors.Is(err, os.ErrDeadlineExceeded) is false", r.Err.Text))
		why = whyTimeoutErr + " context.DeadlineExceeded is another error, which that test does not match."
		hint = "Let the socket's deadline end the wait: s.SetTimeout(timeout), and return the error Recv gives, as it is or wrapped with %w. A context's deadline (context.WithTimeout, ctx.Err()) is not the error the README names."
	case r.Err.Timeout:
		probs = append(probs, fmt.Sprintf("Fetch returned %q: its Timeout() says timeout, but errors.Is(err, os.ErrDeadlineExceeded) is false", r.Err.Text))
		why, hint = whyTimeoutErr, "Return the error from Recv as it is, or wrap it with fmt.Errorf(\"fetch: %w\", err); an error of your own that only claims Timeout() is not os.ErrDeadlineExceeded."
	default:
		probs = append(probs, fmt.Sprintf("Fetch returned an error that does not say timeout: %q; errors.Is(err, os.ErrDeadlineExceeded) is false", r.Err.Text))
		why, hint = whyTimeoutErr, "Return the error from Recv as it is, or wrap it with fmt.Errorf(\"fetch: %w\", err); %v and errors.New lose what it was."
	}
	switch {
	case r.Elapsed < timeout:
		probs = append(probs, fmt.Sprintf("Fetch gave up after %s, before its timeout of %v", approx(r.Elapsed), timeout))
		why = fmt.Sprintf("the caller chose %v: a peer may take almost that long between two packets and still be healthy. Giving up sooner breaks working connections.", timeout)
		hint = "Use the timeout you are given, as it is, for each Send and Recv (s.SetTimeout(timeout)) or for the whole exchange."
	case late != "":
		probs = append(probs, late)
		why = fmt.Sprintf("the caller chose %v: a timeout is a promise of an answer or an error by then. A Fetch that waits much longer than it was told holds its caller up for nothing, and the caller cannot tell it from a hang.", timeout)
		hint = "Use the timeout you are given, as it is (s.SetTimeout(timeout)): not a constant of your own, nor a multiple of it; and return as soon as a Recv fails with it, without retrying."
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%s", strings.Join(probs, "\n")).With(detail, why, hint)
}

// silentPeer is a fake peer for Fetch that reads the request, sends part
// of a reply in fragments (none: a peer that never answers), each once the
// one before was received, and then goes silent without closing.
type silentPeer struct {
	srv    *fixtures.Server
	gotReq *harness.Observed[[]byte]
	// silent is how long after the request the peer went silent: once
	// the submission had received the last fragment.
	silent *harness.Observed[time.Duration]
}

func startSilentPeer(t *judge.T, req, part []byte, sizes []int) (*silentPeer, error) {
	p := &silentPeer{gotReq: harness.NewObserved[[]byte](), silent: harness.NewObserved[time.Duration]()}
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		p.gotReq.Add(readFetchRequest(c, len(req)))
		start := time.Now()
		if len(part) > 0 {
			fixtures.Drip(c, part, sizes, dripWait)
		}
		p.silent.Add(time.Since(start))
		fixtures.Stall(c, fetchTimeout+fetchGrace+time.Second)
	})
	p.srv = srv
	return p, err
}

// due is when a Fetch that timed out against p should have returned,
// counted from its start: timeout after the peer went silent (a timeout
// per call). One deadline for the whole exchange returns sooner, which is
// fine; the connect and the request before the peer's clock started are
// within lateBy.
func (p *silentPeer) due(t *judge.T, timeout time.Duration) time.Duration {
	if v := p.silent.Wait(t, 1, dripWait); len(v) > 0 {
		return timeout + v[0]
	}
	// Still dripping when Fetch returned: only a deadline for the whole
	// exchange, from the start, could have ended it.
	return timeout
}

// fetchSilent runs one Fetch, the submission's or the reference
// solution's, against a fresh silentPeer and returns how long it took and
// when it was due: fetchLateness's second opinions.
func fetchSilent(t *judge.T, req, part []byte, sizes []int, within time.Duration, reference bool) (elapsed, due time.Duration, err error) {
	p, err := startSilentPeer(t, req, part, sizes)
	if err != nil {
		return 0, 0, err
	}
	args := contract.FetchArgs{Addr: p.srv.Addr(), Request: req, Timeout: fetchTimeout}
	start, who := harness.Start[contract.FetchArgs, wire.Return], ""
	if reference {
		start, who = harness.StartReference[contract.FetchArgs, wire.Return], "reference solution: "
	}
	c, err := start(t, contract.Fetch, args)
	if err != nil {
		return 0, 0, fmt.Errorf("%s%w", who, err)
	}
	defer c.Stop()
	r, err := harness.Result(c, contract.Fetch, within)
	if err != nil {
		if !reference {
			// Late before, and now not returning at all: late.
			return within, p.due(t, fetchTimeout), nil
		}
		return 0, 0, fmt.Errorf("%s%w", who, err)
	}
	if reference && (r.Err == nil || !r.Err.Deadline) {
		return 0, 0, fmt.Errorf("%sFetch returned %d bytes and error %v against a silent peer", who, len(r.Data), r.Err)
	}
	return r.Elapsed, p.due(t, fetchTimeout), nil
}

// fetchLateness judges the upper bound of a Fetch that returned its
// timeout error after elapsed, when it was due after due: "" when it
// returned within lateBy of due. Later than that, the reference solution
// runs the same exchange against a fresh peer, and the bound becomes the
// reference's time plus lateBy if that is more. A machine's load comes and
// goes, so a Fetch still over the bound gets one more run, against a fresh
// peer and a fresh reference: only a Fetch late both times is late, and
// the problem states both runs.
func fetchLateness(t *judge.T, req, part []byte, sizes []int, within, elapsed, due time.Duration) (string, error) {
	margin := lateBy(fetchTimeout)
	var runs []string
	for run := 1; ; run++ {
		if elapsed <= due+margin {
			return "", nil
		}
		ref, _, err := fetchSilent(t, req, part, sizes, within, true)
		if err != nil {
			return "", err
		}
		if elapsed <= ref+margin {
			return "", nil
		}
		runs = append(runs, fmt.Sprintf("after %s, when it was due after %s (the reference solution took %s)", approx(elapsed), approx(due), approx(ref)))
		if run == 2 {
			break
		}
		if elapsed, due, err = fetchSilent(t, req, part, sizes, within, false); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("Fetch returned its timeout error long after its timeout of %v: %s; the bound is %v past the due time (the timeout, counted from the peer's last byte), or past the reference solution's own time in the same run, whichever is later",
		fetchTimeout, strings.Join(runs, ", then in a second run "), margin), nil
}

// checkFetchSilent is the two timeout checks: Fetch against a silentPeer
// that sends part of its reply (maybe none) in fragments sizes. It must
// fail with os.ErrDeadlineExceeded, never before fetchTimeout, and not
// later than lateBy after it was due.
func checkFetchSilent(t *judge.T, req, part []byte, sizes []int, within time.Duration, hang, detail string) error {
	p, err := startSilentPeer(t, req, part, sizes)
	if err != nil {
		return err
	}
	args := contract.FetchArgs{Addr: p.srv.Addr(), Request: req, Timeout: fetchTimeout}
	_, r, err := harness.Call(t, contract.Fetch, args, within)
	if err != nil {
		return harness.TimedOut(err, hang, deadlineHint)
	}
	if err := fetchSentRequest(t, r, p.srv, p.gotReq, req); err != nil {
		return err
	}
	late := ""
	if r.Err != nil && r.Elapsed >= fetchTimeout {
		if late, err = fetchLateness(t, req, part, sizes, within, r.Elapsed, p.due(t, fetchTimeout)); err != nil {
			return err
		}
	}
	return timeoutVerdict(r, fetchTimeout, len(part), detail, late)
}

func checkFetchStall(t *judge.T) error {
	req := fetchRequest(t)
	within := fetchTimeout + fetchGrace
	return checkFetchSilent(t, req, nil, nil, within,
		fmt.Sprintf("no deadline: hangs against a stalled peer. Fetch(addr, %q, %v) did not return within %v; the peer accepted the connection, read the request and never answered", req, fetchTimeout, within),
		fmt.Sprintf("Fetch(addr, %q, %v) against a peer that read the request and then sent nothing, and did not close.", req, fetchTimeout))
}

func checkFetchPartial(t *judge.T) error {
	req := fetchRequest(t)
	reply := fixtures.Body(t.Rand, 400+t.Rand.IntN(400))
	part := reply[:len(reply)/2]
	sizes := fixtures.Split(t.Rand, len(part), 30, 200)
	within := fetchTimeout + fetchGrace + time.Duration(len(sizes))*100*time.Millisecond
	return checkFetchSilent(t, req, part, sizes, within,
		fmt.Sprintf("no deadline: hangs against a stalled peer. Fetch(addr, %q, %v) did not return within %v; the peer sent the first %d bytes of its reply and then went silent without closing", req, fetchTimeout, within, len(part)),
		fmt.Sprintf("Fetch(addr, %q, %v) against a peer that sent %d bytes in %d fragments, then nothing more, and did not close.", req, fetchTimeout, len(part), len(sizes)))
}

func checkFetchSlow(t *judge.T) error {
	req := fetchRequest(t)
	reply := fixtures.Body(t.Rand, 600+t.Rand.IntN(600))
	sizes := fixtures.Split(t.Rand, len(reply), len(reply)/5, len(reply)/3) // 3 to 5 fragments
	gotReq := harness.NewObserved[[]byte]()
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		gotReq.Add(readFetchRequest(c, len(req)))
		for i, off := 0, 0; i < len(sizes); i++ {
			if i > 0 {
				time.Sleep(slowGap)
			}
			if _, err := c.Write(reply[off : off+sizes[i]]); err != nil {
				return
			}
			off += sizes[i]
		}
		fixtures.FinishWrite(c, recvWithin)
	})
	if err != nil {
		return err
	}
	args := contract.FetchArgs{Addr: srv.Addr(), Request: req, Timeout: slowFetchTimeout}
	_, r, err := harness.Call(t, contract.Fetch, args, slowFetchTimeout+fetchGrace+time.Second)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("Fetch(addr, %q, %v) did not return, although the peer sent its whole reply and closed", req, slowFetchTimeout),
			"Return once Recv reports io.EOF: the peer has closed.")
	}
	if !harness.Connected(srv, time.Second) {
		return fetchNeverConnected(r, srv)
	}
	seen, err := fetchRequestSeen(t, srv, gotReq, req)
	if err != nil {
		return err
	}
	spread := time.Duration(len(sizes)-1) * slowGap
	detail := fmt.Sprintf("Fetch(addr, %q, %v) against a peer that sent a %d-byte reply in %d fragments %v apart (all of it within %v of the request), then closed.",
		req, slowFetchTimeout, len(reply), len(sizes), slowGap, spread)
	var probs []string
	why, hint := whyRecvStream, recvAllHint
	if !bytes.Equal(seen, req) {
		probs = append(probs, fmt.Sprintf("the peer received the request %s, want %s", judge.Quote(seen), judge.Quote(req)))
		hint = "Send the whole request with SendAll before you receive. " + hint
	}
	switch {
	case r.Err != nil && r.Err.Timeout:
		probs = append(probs, fmt.Sprintf("Fetch timed out after %s, but its timeout is %v and the reply's fragments came only %v apart", approx(r.Elapsed), slowFetchTimeout, slowGap))
		why = fmt.Sprintf("the caller chose %v: a peer may take almost that long between two packets and still be healthy. Giving up sooner breaks working connections.", slowFetchTimeout)
		hint = "Use the timeout you are given, as it is, for each Send and Recv (s.SetTimeout(timeout)) or for the whole exchange."
	case r.Err != nil:
		probs = append(probs, cleanEndError("Fetch", r, reply))
	case !bytes.Equal(r.Data, reply):
		probs = append(probs, fmt.Sprintf("Fetch returned %d bytes that are not the %d-byte reply:\n%s", len(r.Data), len(reply), judge.ShowBytes(r.Data, reply)))
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%s", strings.Join(probs, "\n")).With(detail, why, hint)
}
