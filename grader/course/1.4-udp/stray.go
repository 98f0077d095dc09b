package udp

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
)

// strayEvery is how often stray datagrams reach the client while it waits
// for a reply that never comes: far more often than any try's timeout, so
// that a read deadline renewed per read is never reached.
const strayEvery = 5 * time.Millisecond

const hintStray = "Set the read deadline once per try, right after the send, and not again before each read: a datagram you ignore must not push the try's deadline back."

// strayStage is a server that never answers, while every strayEvery
// two datagrams that are not its reply reach the client, at the address it
// last sent from: a stale reply (another request's ID) from the server's
// own address, which a connected socket lets through, and a datagram from
// another port.
func strayStage(stale, foreign []byte) stage {
	return func(t *judge.T) (*fixtures.UDPPeer, error) {
		p, err := peer(t, "127.0.0.1", fixtures.Silent())
		if err != nil {
			return nil, err
		}
		other, err := peer(t, "127.0.0.1", nil)
		if err != nil {
			return nil, err
		}
		stop, done := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(done)
			tick := time.NewTicker(strayEvery)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.Ctx.Done():
					return
				case <-tick.C:
				}
				rec := p.Received()
				if len(rec) == 0 {
					continue
				}
				to := rec[len(rec)-1].From
				p.Send(to, stale)
				other.Send(to, foreign)
			}
		}()
		// Cleanups run last first: the sender stops before the peers close.
		t.Cleanup(func() { close(stop); <-done })
		return p, nil
	}
}

func checkStray(t *judge.T) error {
	answer := replier(t)
	reqs := requests(t, 3)
	retries := 1 + t.Rand.IntN(2)
	tries := retries + 1
	a := request{Req: reqs[0], Timeout: drawTimeout(t, 100, 150), Retries: retries}
	stale, foreign := answer(reqs[1]), answer(reqs[2])
	st := strayStage(stale, foreign)
	p, err := st(t)
	if err != nil {
		return err
	}
	a.Addr = p.Addr()
	detail := fmt.Sprintf("%s. The server never answers; but from the first request on, every %v, the client got a stale reply %s from the server's address and a datagram %s from another port: neither is the reply.",
		a, strayEvery, judge.Quote(stale), judge.Quote(foreign))
	why := "datagrams that are not the reply can keep arriving: late copies, strangers, a busy port. Each try still ends at its deadline, set once after its send; a deadline set again before every read moves with each stray datagram, and the try never ends."
	due := a.Timeout * time.Duration(tries)
	// A client whose deadline moves with each stray datagram returns only
	// once they pause for longer than its timeout: never, on a quiet
	// machine; on a busy one, late, at a time the machine decides. Both
	// get this one verdict.
	moved := judge.Fail("%s did not give up on time while stray datagrams kept arriving every %v: each try ends %v after its send, %v for its %d tries", a, strayEvery, a.Timeout, due, tries).With(detail, why, hintStray)
	r, err := call(t, a)
	if err != nil {
		var te *judge.TimeoutError
		switch {
		case p.Count() > tries:
			what := fmt.Sprintf("%s was still sending after %v: the server had received more than retries+1 = %d datagrams, and it never answers", a, a.within(), tries)
			return harness.TimedOut(err, what, hintRetry)
		case errors.As(err, &te):
			return moved
		}
		return err
	}
	if r.Err == nil {
		// It took a stray datagram for the reply: what it waited, and
		// how often it sent, follow from that.
		var what string
		switch {
		case bytes.Equal(r.Data, stale):
			what = "the stale reply from the server's address, with another request's ID"
		case bytes.Equal(r.Data, foreign):
			what = "the datagram from another port, with another request's ID"
		case len(replyParts(r.Data, [][]byte{reqs[1], reqs[2]}, answer)) > 1:
			return judge.Fail("Request returned stray datagrams glued together as the reply, though none of them is the reply").With(detail, whyApart, hintOne)
		default:
			return judge.Fail("Request returned %d bytes, though nothing it got was the reply", len(r.Data)).With(detail, whyID, hintID)
		}
		return judge.Fail("Request returned a datagram that is not the reply: %s, %s", what, judge.Quote(r.Data)).With(detail, whyID, hintID)
	}
	rec := settled(p, tries)
	var probs []string
	hint := hintStray
	if len(rec) != tries {
		probs = append(probs, fmt.Sprintf("the server received %s, want retries+1 = %d", datagrams(len(rec)), tries))
		hint = hintRetry
	}
	if prob, h := notNoReply(r); prob != "" {
		probs = append(probs, "it returned "+prob)
		hint = h
	}
	if r.Elapsed < due {
		probs = append(probs, fmt.Sprintf("it gave up after ~%v, before %d tries of %v each (%v)", r.Elapsed.Round(time.Millisecond), tries, a.Timeout, due))
	} else if prob, err := lateness(t, st, a, due, r.Elapsed); err != nil {
		return err
	} else if prob != "" {
		if len(probs) == 0 && len(wrongRequests(rec, a.Req)) == 0 {
			return moved // late, and nothing else wrong
		}
		probs = append(probs, "it gave up late: "+prob)
		hint = hintStray
	}
	probs = append(probs, wrongRequests(rec, a.Req)...)
	if len(probs) == 0 {
		return nil
	}
	return fail("Request did not give up on time while stray datagrams kept arriving", probs, detail, why, hint)
}
