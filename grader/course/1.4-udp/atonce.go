package udp

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/course/1.4-udp/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// Many clients at once. Every client sends one datagram before Serve is
// even called, so that they all wait queued at its socket; and the reply
// function, before it reads its datagram, waits until Serve has read every
// queued one (at most atOncePause). A Serve that answers in its loop is
// merely slower; one that hands its read buffer to a goroutine has read the
// last datagram into that buffer by the time each goroutine reads it. The
// race is made certain by the order of events, not likely by timing, so
// the verdict and the report are the same on every seed and every load.
const (
	atOnceClients = 10
	atOncePause   = 100 * time.Millisecond
	atOnceLen     = 40 // every datagram the same length, so a reply made from another's data is whole
)

const (
	whyShared  = "ReadFrom writes each datagram into the buffer you give it. A goroutine handed buf[:n] shares that memory with the loop, which reads the next datagram into it meanwhile: by the time the goroutine reads it, it holds another client's datagram (a data race: `go test -race` reports it)."
	hintShared = "Give each goroutine its own copy, data := bytes.Clone(buf[:n]), before go; or answer in the loop itself, before the next ReadFrom."
)

func checkServeAtOnce(t *judge.T) error {
	s, err := startServerWith(t, contract.ServeArgs{Hold: true, Pause: atOncePause})
	if err != nil {
		return err
	}
	peers := make([]*fixtures.UDPPeer, atOnceClients)
	names := make([]string, atOnceClients)
	for i := range peers {
		if peers[i], err = peer(t, "127.0.0.1", nil); err != nil {
			return err
		}
		names[i] = string(rune('A' + i))
	}
	label := func(i int) string { return fmt.Sprintf("client %s (%s)", names[i], peers[i].Addr()) }
	ds := make([][]byte, len(peers))
	for i, p := range peers {
		ds[i] = payload(t, names[i], atOnceLen-2)
		if err := p.Send(s.addr, ds[i]); err != nil {
			return err
		}
	}
	if err := harness.Send(s.Child, contract.Go, wire.None{}); err != nil {
		return err
	}
	waitAll(s.Serving(), peers, answerWithin+atOnceClients*atOncePause)

	var probs []string
	var first string
	var missing []int
	extra, others, garbled, sameData := 0, 0, 0, false
	who := map[int][]int{}          // whose datagram (j) -> the other clients that got its reply alone
	from := make([]int, len(peers)) // how many clients got a reply made from client j's datagram
	for i, p := range peers {
		rec := p.Received()
		var whose []string // for a client that got several replies
		for _, g := range rec {
			j := madeFrom(g.Data, ds)
			switch {
			case j < 0:
				probs = append(probs, fmt.Sprintf("%s got %s, the reply to none of the datagrams", label(i), judge.Quote(g.Data)))
				garbled++
				if first == "" {
					first = fmt.Sprintf("\nWhat %s got:\n%s", label(i), judge.ShowBytes(g.Data, contract.Answer(ds[i])))
				}
				whose = append(whose, "none")
				continue
			case j == i:
				whose = append(whose, "its own")
			default:
				whose = append(whose, names[j]+"'s")
				others++
			}
			from[j]++
		}
		switch {
		case len(rec) == 0:
			missing = append(missing, i)
		case len(rec) > 1:
			probs = append(probs, fmt.Sprintf("%s got %d replies: to %s datagrams", label(i), len(rec), and(whose)))
			extra++
		case len(whose) == 1 && whose[0] != "its own" && whose[0] != "none":
			j := madeFrom(rec[0].Data, ds)
			who[j] = append(who[j], i)
		}
	}
	for j, n := range from {
		sameData = sameData || n > 1
		if len(who[j]) == 0 {
			continue
		}
		probs = append(probs, fmt.Sprintf("%s got the reply to client %s's datagram: %s", clients(who[j], names, label), names[j], judge.Quote(contract.Answer(ds[j]))))
	}
	if len(missing) > 0 {
		probs = append(probs, clients(missing, names, label)+" got no reply")
	}
	others += garbled
	if len(probs) == 0 {
		return nil
	}
	detail := fmt.Sprintf("%d clients, each on a port of its own, each sent one datagram of %d bytes, all at once, before Serve was called; client A sent %s, client B %s, and so on. The reply function took up to %v on each datagram, as real work takes time.\n  - %s%s",
		atOnceClients, atOnceLen, judge.Quote(ds[0]), judge.Quote(ds[1]), atOncePause, strings.Join(probs, "\n  - "), first)
	switch {
	case others > 0 && (sameData || len(missing)+extra == 0):
		what := "another client's datagram"
		if garbled > 0 {
			what += ", or from none"
		}
		return judge.Fail("%d of %d clients that sent at once got a reply made from %s, not from their own", others, atOnceClients, what).With(detail, whyShared, hintShared)
	case others > 0 || extra > 0:
		return judge.Fail("of %d clients that sent at once, replies went to the wrong clients", atOnceClients).With(detail, whyAddress, hintAddress)
	}
	return s.noAnswer(fmt.Sprintf("%d of %d clients that sent at once got no reply", len(missing), atOnceClients), detail)
}

// clients names the clients is: "client C (127.0.0.1:PORT)" for one, or
// "clients A, B and D".
func clients(is []int, names []string, label func(int) string) string {
	if len(is) == 1 {
		return label(is[0])
	}
	ns := make([]string, len(is))
	for k, i := range is {
		ns[k] = names[i]
	}
	return "clients " + and(ns)
}

// and joins words as "a, b and c".
func and(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// madeFrom is which of ds reply is Answer of, or -1.
func madeFrom(reply []byte, ds [][]byte) int {
	for j, d := range ds {
		if bytes.Equal(reply, contract.Answer(d)) {
			return j
		}
	}
	return -1
}

// waitAll waits until every one of peers has received a datagram, or
// within passes, or ctx ends.
func waitAll(ctx context.Context, peers []*fixtures.UDPPeer, within time.Duration) {
	deadline := time.Now().Add(within)
	for _, p := range peers {
		if left := time.Until(deadline); left > 0 && ctx.Err() == nil {
			p.WaitReceivedContext(ctx, 1, left)
		}
	}
}
