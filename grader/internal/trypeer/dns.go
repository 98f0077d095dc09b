package trypeer

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"netcourse/fixtures"
)

// The names the fake DNS server knows.
const (
	wwwName  = "www.netcourse.test"
	bigName  = "big.netcourse.test"
	slowName = "slow.netcourse.test"
	bigKeep  = 2 // A records in the truncated UDP answer
)

// runDNS runs the fixtures' fake DNS server and logs every query with what
// it answered.
func runDNS(ctx context.Context, p *Peer, f Fault, opt Options, w *logWriter) error {
	srv, err := fixtures.NewDNSServerOn(opt.Listen)
	if err != nil {
		return err
	}
	defer srv.Close()
	known := map[string][]netip.Addr{
		wwwName: {netip.MustParseAddr("192.0.2.10"), netip.MustParseAddr("2001:db8::10")},
	}
	for i := 1; i <= 30; i++ {
		known[bigName] = append(known[bigName], netip.AddrFrom4([4]byte{198, 51, 100, byte(i)}))
	}
	for name, addrs := range known {
		srv.Host(name, addrs...)
	}
	srv.TruncateUDP(bigName, bigKeep)
	srv.Silent(slowName)
	intro(w, p, f, srv.Addr(), opt, "query")
	seen := 0
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		qs := srv.Queries()
		for _, q := range qs[seen:] {
			w.logf("query over %s: %s %s: %s", q.Network, q.Name, q.Type, answer(known, q))
		}
		seen = len(qs)
		if seen >= opt.N {
			w.logf("answered %d queries: exiting", seen)
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

// answer says what the server answered to q.
func answer(known map[string][]netip.Addr, q fixtures.DNSQuery) string {
	name := strings.TrimSuffix(q.Name, ".")
	if name == slowName {
		return "no answer, ever"
	}
	addrs, ok := known[name]
	if !ok {
		return "NXDOMAIN (no such name)"
	}
	var match []string
	for _, a := range addrs {
		if (q.Type == "A" && a.Is4()) || (q.Type == "AAAA" && a.Is6()) {
			match = append(match, a.String())
		}
	}
	switch {
	case len(match) == 0:
		return "no records of this type"
	case name == bigName && q.Network == "udp" && len(match) > bigKeep:
		return fmt.Sprintf("%s and the TC bit (truncated: %d of %d records; ask again over TCP)", strings.Join(match[:bigKeep], ", "), bigKeep, len(match))
	case len(match) > 4:
		return fmt.Sprintf("%s, … (%d records)", strings.Join(match[:3], ", "), len(match))
	}
	return strings.Join(match, ", ")
}
