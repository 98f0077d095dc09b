package udp

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/course/1.4-udp/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
)

// Large datagrams: the README promises datagrams up to the largest there
// is, and every seed sends one of each size band, so that a buffer of
// 16 KiB, of 32 KiB, or of anything short of contract.MaxDatagram, fails
// whatever the seed.
const (
	kib16 = 16 << 10
	kib32 = 32 << 10
)

// largeSizes are the sizes of the large datagrams of one check, smallest
// first: one that a 16 KiB buffer holds but a 1 or 4 KiB one does not,
// one that a 16 KiB buffer cuts, one that a 32 KiB buffer cuts, and the
// largest datagram UDP over IPv4 carries.
func largeSizes(t *judge.T) []int {
	return []int{
		5000 + t.Rand.IntN(kib16-5000+1),
		kib16 + 1 + t.Rand.IntN(kib32-kib16),
		kib32 + 1 + t.Rand.IntN(contract.MaxDatagram-1-kib32),
		contract.MaxDatagram,
	}
}

// sizesText lists sizes in words: "9612, 20011, 40222 and 65507".
func sizesText(sizes []int) string {
	words := make([]string, len(sizes))
	for i, n := range sizes {
		words[i] = fmt.Sprint(n)
	}
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// cutSummary is the summary of large datagrams of which only the first
// bytes, cuts[i] of sizes[i], were taken: what is one of them, whats the
// lot ("the reply", "large replies").
func cutSummary(who, what, whats string, cuts, sizes []int, total int) string {
	same := true
	for _, k := range cuts {
		same = same && k == cuts[0]
	}
	if len(cuts) == 1 {
		return fmt.Sprintf("%s only the first %d of %s's %d bytes", who, cuts[0], what, sizes[0])
	}
	if same && len(cuts) == total {
		return fmt.Sprintf("%s only the first %d bytes of each of the %d %s (of %s bytes)", who, cuts[0], total, whats, sizesText(sizes))
	}
	if same {
		return fmt.Sprintf("%s only the first %d bytes of %d of the %d %s (those of %s bytes)", who, cuts[0], len(cuts), total, whats, sizesText(sizes))
	}
	return fmt.Sprintf("%s only the first bytes of %d of the %d %s (those of %s bytes)", who, len(cuts), total, whats, sizesText(sizes))
}

func checkServeLarge(t *judge.T) error {
	s, err := startServer(t)
	if err != nil {
		return err
	}
	a, err := peer(t, "127.0.0.1", nil)
	if err != nil {
		return err
	}
	sizes := largeSizes(t)
	sent := fmt.Sprintf("A client sent datagrams of %s bytes, one at a time, each once the one before was answered.", sizesText(sizes))
	var lines []string
	var cuts, cutSizes []int
	var first string // the bytes of the first wrong reply
	wrong := 0
	for _, n := range sizes {
		d := payload(t, harness.Word(t.Rand, 4), n-5)
		want := contract.Answer(d)
		before := a.Count()
		if err := a.Send(s.addr, d); err != nil {
			return err
		}
		got := a.WaitReceivedContext(s.Serving(), before+1, answerWithin)
		if len(got) <= before {
			if len(lines) > 0 {
				sent += "\n  - " + strings.Join(lines, "\n  - ")
			}
			return s.noAnswer(fmt.Sprintf("no reply within %v to a datagram of %d bytes", answerWithin, n), sent)
		}
		r := got[before].Data
		k, isCut := contract.AnswerLen(r, d)
		switch {
		case bytes.Equal(r, want):
			lines = append(lines, fmt.Sprintf("%d bytes: the reply was made of all of them", n))
			continue
		case isCut && k < len(d):
			lines = append(lines, fmt.Sprintf("%d bytes: the reply was made of the first %d only", n, k))
			cuts, cutSizes = append(cuts, k), append(cutSizes, n)
		default:
			lines = append(lines, fmt.Sprintf("%d bytes: the reply was not reply(datagram)", n))
			wrong++
		}
		if first == "" {
			first = fmt.Sprintf("The reply to the datagram of %d bytes:\n%s", n, judge.ShowBytes(r, want))
		}
	}
	if first == "" {
		return nil
	}
	detail := sent + "\n  - " + strings.Join(lines, "\n  - ") + "\n" + first
	if wrong == 0 {
		return judge.Fail("%s to the reply function", cutSummary("Serve passed", "the datagram", "large datagrams", cuts, cutSizes, len(sizes))).With(detail, whyWhole, hintBuffer)
	}
	return judge.Fail("the replies to %d of %d large datagrams are wrong", wrong+len(cuts), len(sizes)).With(detail,
		whyWhole, "Pass reply exactly buf[:n], the n bytes of this one datagram, and send all that it returns.")
}

func checkLarge(t *judge.T) error {
	answer := replier(t)
	sizes := largeSizes(t)
	reqs := requests(t, len(sizes))
	peers := make([]*fixtures.UDPPeer, len(sizes))
	calls := make([]request, len(sizes))
	for i, n := range sizes {
		p, err := peer(t, "127.0.0.1", fixtures.Oversize(n, t.Rand.Uint64(), fixtures.Echo(answer)))
		if err != nil {
			return err
		}
		peers[i] = p
		calls[i] = request{Addr: p.Addr(), Req: reqs[i], Timeout: 500 * time.Millisecond, Retries: 1}
	}
	rs, err := callAll(t, calls)
	if err != nil {
		return harness.TimedOut(err, "Request did not return, though each server answered at once, with one large datagram", hintBuffer)
	}
	intro := fmt.Sprintf("One after another, to servers that each reply at once with one datagram of %s bytes:\n%s", sizesText(sizes), describe(calls))
	var probs []string
	var cuts, cutSizes []int
	var first string
	for i, r := range rs {
		n := sizes[i]
		if r.Err != nil {
			// An error is an honest answer to a reply it cannot take
			// whole: once it asked, and the reply came.
			switch {
			case len(settled(peers[i], 1)) == 0:
				probs = append(probs, fmt.Sprintf("request %d returned the error %q, but its server never received a datagram", i+1, r.Err.Text))
			case r.Err.Timeout:
				probs = append(probs, fmt.Sprintf("request %d timed out (%q), though its server replied at once with one datagram of %d bytes", i+1, r.Err.Text, n))
			}
			continue
		}
		sent := peers[i].Sent()
		if len(sent) == 0 {
			probs = append(probs, fmt.Sprintf("request %d returned %d bytes, but its server never sent a reply", i+1, len(r.Data)))
			continue
		}
		want := sent[0].Data
		if bytes.Equal(r.Data, want) {
			continue
		}
		if len(r.Data) < len(want) && bytes.HasPrefix(want, r.Data) {
			probs = append(probs, fmt.Sprintf("request %d returned the first %d of the reply's %d bytes as if they were the whole reply", i+1, len(r.Data), len(want)))
			cuts, cutSizes = append(cuts, len(r.Data)), append(cutSizes, len(want))
		} else {
			probs = append(probs, fmt.Sprintf("request %d returned %d bytes that are not its server's reply", i+1, len(r.Data)))
		}
		if first == "" {
			first = fmt.Sprintf("\nThe reply to request %d:\n%s", i+1, judge.ShowBytes(r.Data, want))
		}
	}
	if len(probs) == 0 {
		return nil
	}
	summary := "Request did not return large replies whole"
	if len(cuts) == len(probs) {
		summary = cutSummary("Request returned", "the reply", "large replies", cuts, cutSizes, len(sizes)) + ", as if they were the whole reply"
		probs = nil
	}
	if len(probs) == 0 {
		return judge.Fail("%s", summary).With(intro+first, whyWhole, hintBuffer)
	}
	return fail(summary, probs, intro+first, whyWhole, hintBuffer)
}
