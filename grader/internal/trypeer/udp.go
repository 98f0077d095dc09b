package trypeer

import (
	"context"
	"fmt"
	"time"

	"netcourse/fixtures"
)

// runUDP runs the fixtures' fake UDP peer with the fault's handler and
// logs every datagram it receives and sends.
func runUDP(ctx context.Context, p *Peer, f Fault, opt Options, w *logWriter) error {
	reply := tagged(" re:")
	var h fixtures.UDPHandler
	switch f.Name {
	case "echo":
		h = fixtures.Echo(reply)
	case "drop":
		h = fixtures.DropFirst(2, fixtures.Echo(reply))
	case "duplicate":
		h = fixtures.Duplicate(fixtures.Echo(reply))
	case "stale":
		h = fixtures.Reorder(fixtures.Echo(reply))
	case "forged":
		h = fixtures.Seq(fixtures.FromOtherPort(fixtures.Echo(tagged(" forged:"))), fixtures.Echo(reply))
	case "oversize":
		h = fixtures.Oversize(5000, opt.Seed, fixtures.Echo(reply))
	case "silent":
		h = fixtures.Silent()
	default:
		return fmt.Errorf("%s: no handler for fault %q", p.ID, f.Name)
	}
	peer, err := fixtures.NewUDPPeerOn("udp", opt.Listen, h)
	if err != nil {
		return err
	}
	defer peer.Close()
	intro(w, p, f, peer.Addr(), opt, "datagram")
	self := peer.AddrPort()
	seenIn, seenOut := 0, 0
	var enough time.Time // when the N-th datagram came: answers may follow
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		in, out := peer.Received(), peer.Sent()
		type event struct {
			d    fixtures.Datagram
			sent bool
		}
		var evs []event
		for _, d := range in[seenIn:] {
			evs = append(evs, event{d, false})
		}
		for _, d := range out[seenOut:] {
			evs = append(evs, event{d, true})
		}
		seenIn, seenOut = len(in), len(out)
		for _, e := range sortedBy(evs, func(e event) time.Time { return e.d.At }) {
			switch {
			case !e.sent:
				w.logf("datagram %d from %s: received %s", e.d.N, e.d.From, quote(e.d.Data))
			case e.d.From != self:
				w.logf("sent to %s, from another port (%s): %s", e.d.To, e.d.From, quote(e.d.Data))
			default:
				w.logf("sent to %s: %s", e.d.To, quote(e.d.Data))
			}
		}
		if seenIn >= opt.N && enough.IsZero() {
			enough = time.Now()
		}
		if !enough.IsZero() && time.Since(enough) > 200*time.Millisecond {
			w.logf("received %d %s: exiting", opt.N, units(opt.N, "datagram"))
			return nil
		}
		select {
		case <-ctx.Done():
			w.logf("interrupted: closing")
			return nil
		case <-tick.C:
		}
	}
}

// tagged answers a request with its 4-byte ID, tag, and the rest.
func tagged(tag string) func([]byte) []byte {
	return func(req []byte) []byte {
		id, rest := req[:min(4, len(req))], req[min(4, len(req)):]
		return append(append(append([]byte{}, id...), tag...), rest...)
	}
}

// quote shows bytes as a Go string, a long run cut in the middle.
func quote(b []byte) string {
	const show = 60
	if len(b) <= 2*show {
		return fmt.Sprintf("%q", b)
	}
	return fmt.Sprintf("%q … %q (%d bytes)", b[:show], b[len(b)-16:], len(b))
}
