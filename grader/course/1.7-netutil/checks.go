package netutil

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/course/1.7-netutil/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// Exercise 1.7: host and service lookup through the resolver the caller
// passes in (graded against a fake DNS server, never the real network),
// endpoint formatting and network byte order.
var checks = []judge.Check{
	{Name: "returns every A and AAAA address of a name", Points: 3, Run: checkLookupAddrs},
	{Name: "asks the resolver it is given", Points: 2, Run: checkLookupResolver},
	{Name: "reports a name that does not exist as not found", Points: 2, Run: checkLookupNXDOMAIN},
	{Name: "gives up at the deadline against a silent server", Points: 2, Run: checkLookupSilent},
	{Name: "waits for a slow server within its deadline", Points: 2, Run: checkLookupSlow},
	{Name: "gets a truncated answer in full over TCP", Points: 1, Run: checkLookupTruncated},
	{Name: "looks up service names and numeric ports", Points: 2, Run: checkLookupPort},
	{Name: "formats IPv4 and host name endpoints", Points: 1, Run: checkEndpointPlain},
	{Name: "puts IPv6 literals in brackets, zones included", Points: 2, Run: checkEndpointIPv6},
	{Name: "rejects ports outside 0-65535", Points: 1, Run: checkEndpointRange},
	{Name: "writes integers in network byte order", Points: 2, Run: checkPutBigEndian},
	{Name: "reads integers in network byte order", Points: 2, Run: checkGetBigEndian},
	{Name: "reports a buffer that is too short as an error", Points: 1, Run: checkShortBuffer},
}

const (
	nuZone         = "netcourse.test" // .test is reserved (RFC 6761): no real server knows these names
	nuLookupWithin = 2 * time.Second  // the context deadline of a lookup the fake server answers at once
	nuResultGrace  = 2 * time.Second  // how long past its deadline the child may take to report
	nuRowsWithin   = 5 * time.Second  // a table of calls that need no network

	// A lookup against a silent server must end at its context's
	// deadline: not more than nuEarly before it (a timer fires at or after
	// its time, so only a timeout of the submission's own ends it sooner),
	// and not more than nuLateSlack after it, plus how late the standard
	// resolver returned on the same context at the same time (the machine's
	// load, measured in the same run).
	nuSilentMin, nuSilentSpread = 200 * time.Millisecond, 100 * time.Millisecond
	nuEarly                     = 20 * time.Millisecond
	nuLateSlack                 = 200 * time.Millisecond
	// A slow server answers nuSlowMin to nuSlowMin+nuSlowSpread after each
	// query: later than the silent check's latest bound (300 ms + 200 ms),
	// so a timeout of the submission's own is caught by one check or the
	// other whatever its length and the seed; earlier than Go's resolver's
	// shortest time per try (1 s, resolv.conf's timeout:1), so the first
	// try gets the answer. The context allows nuSlowExtra more.
	nuSlowMin, nuSlowSpread = 550 * time.Millisecond, 100 * time.Millisecond
	nuSlowExtra             = 1200 * time.Millisecond
)

const (
	whyResolver = "the caller chose which DNS servers to ask by the resolver it passed in (a test server, a company's internal DNS, a VPN's). net.LookupHost, net.LookupIP and net.DefaultResolver ask the system's servers from /etc/resolv.conf instead, which may not know the name or may be the wrong ones to tell about it."
	hintAskR    = "Call the methods of the resolver you are given: r.LookupNetIP(ctx, \"ip\", host) or r.LookupHost(ctx, host), never net.LookupHost."
)

// nuDNS starts a fake DNS server for the check. It skips the check when
// this machine's own Go resolver does not send host lookups to DNS at all
// (an /etc/nsswitch.conf with no dns source for hosts): then no submission
// could pass.
func nuDNS(t *judge.T) (*fixtures.DNSServer, error) {
	srv, err := fixtures.NewDNSServer()
	if err != nil {
		return nil, err
	}
	t.Cleanup(srv.Close)
	probe := "probe-" + harness.Word(t.Rand, 8) + "." + nuZone
	srv.Host(probe, netip.MustParseAddr("192.0.2.1"))
	ctx, cancel := context.WithTimeout(t.Ctx, time.Second)
	defer cancel()
	nuResolver(srv).LookupNetIP(ctx, "ip4", probe)
	if len(srv.Asked(probe)) == 0 {
		return nil, t.Skip("Go's resolver on this machine does not ask DNS for host names (see the hosts line of /etc/nsswitch.conf)")
	}
	return srv, nil
}

// nuResolver is the resolver the driver hands the submission, built the
// same way.
func nuResolver(srv *fixtures.DNSServer) *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, srv.Addr())
	}}
}

// nuLookup runs the submission's LookupHost(ctx, r, host) with a context
// ending after deadline and r asking srv.
func nuLookup(t *judge.T, srv *fixtures.DNSServer, host string, deadline time.Duration) (contract.LookupResult, error) {
	return nuLookupArgs(t, contract.LookupArgs{DNS: srv.Addr(), Host: host, Deadline: deadline})
}

// nuLookupArgs runs the submission's LookupHost with args.
func nuLookupArgs(t *judge.T, args contract.LookupArgs) (contract.LookupResult, error) {
	host, deadline := args.Host, args.Deadline
	_, r, err := harness.Call(t, contract.LookupHost, args, deadline+nuResultGrace)
	if err != nil {
		return r, harness.TimedOut(err, fmt.Sprintf("LookupHost(ctx, r, %q) did not return within %v, although its context's deadline was %v", host, deadline+nuResultGrace, deadline),
			"Pass the ctx you are given to the resolver's method; it stops the lookup at the deadline.")
	}
	return r, nil
}

// nuRows runs op on a table of n calls in one child and returns one result
// per row.
func nuRows[A, R any](t *judge.T, op wire.Op[A, []R], args A, n int) ([]R, error) {
	_, out, err := harness.Call(t, op, args, nuRowsWithin)
	if err != nil {
		return nil, harness.TimedOut(err, fmt.Sprintf("the calls did not return within %v; they need no network and finish in microseconds", nuRowsWithin), "Look for a loop that never ends or a blocking call.")
	}
	if len(out) != n {
		return nil, fmt.Errorf("driver returned %d results for %d rows", len(out), n)
	}
	return out, nil
}

// nuName returns a fresh name under the course's made-up zone.
func nuName(rng *rand.Rand) string {
	return harness.Word(rng, 4+rng.IntN(5)) + "." + nuZone
}

// nuAddrs returns n random IPv4 or IPv6 unicast addresses, all different.
func nuAddrs(rng *rand.Rand, n int, v6 bool) []netip.Addr {
	var out []netip.Addr
	for len(out) < n {
		var a netip.Addr
		if v6 {
			var b [16]byte
			b[0], b[1], b[2], b[3] = 0x20, 0x01, 0x0d, 0xb8 // 2001:db8::/32, for documentation
			for i := 8; i < 16; i++ {
				if rng.IntN(3) > 0 {
					b[i] = byte(rng.IntN(256))
				}
			}
			a = netip.AddrFrom16(b)
		} else {
			first := byte(11 + rng.IntN(212))
			if first == 127 {
				first = 128
			}
			a = netip.AddrFrom4([4]byte{first, byte(rng.IntN(256)), byte(rng.IntN(256)), byte(1 + rng.IntN(254))})
		}
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

func nuStrings(addrs []netip.Addr) []string {
	out := make([]string, len(addrs))
	for i, a := range addrs {
		out[i] = a.String()
	}
	return out
}

// nuSorted sorts addresses as netip orders them (IPv4 first) so a diff
// does not depend on the order the submission returned them in. Strings
// that do not parse go last, as they are.
func nuSorted(ss []string) []string {
	out := slices.Clone(ss)
	slices.SortFunc(out, func(a, b string) int {
		x, errx := netip.ParseAddr(a)
		y, erry := netip.ParseAddr(b)
		switch {
		case errx == nil && erry == nil:
			return x.Compare(y)
		case errx == nil:
			return -1
		case erry == nil:
			return 1
		}
		return strings.Compare(a, b)
	})
	return out
}

// resolverServer matches the " on <server>" part of a Go lookup error:
// the server named is the system's (from /etc/resolv.conf), not the one
// the query went to, so it is left out of messages.
var resolverServer = regexp.MustCompile(`(lookup \S+) on \S+?:\d+: `)

func nuErrText(e *wire.Err) string {
	return resolverServer.ReplaceAllString(e.Text, "$1: ")
}

// nuAsked returns the queries srv received for host. A query the child
// sent just before it returned may still wait in the server's socket on a
// loaded machine, so an empty log is read again for a moment.
func nuAsked(srv *fixtures.DNSServer, host string) []fixtures.DNSQuery {
	for end := time.Now().Add(300 * time.Millisecond); ; time.Sleep(10 * time.Millisecond) {
		if q := srv.Asked(host); len(q) > 0 || time.Now().After(end) {
			return q
		}
	}
}

// nuNotAsked explains a lookup the fake DNS server never saw; in full in
// the check about the resolver, in short in the others, which cannot test
// their own property without the server.
func nuNotAsked(host string, r contract.LookupResult, full bool) error {
	what := fmt.Sprintf("The fake DNS server the resolver r points at received no query for %q.", host)
	if r.SystemResolver {
		what += " Your code asked the system's resolver (net.DefaultResolver, which net.LookupHost and net.LookupIP use) instead; the grader blocks it."
	}
	why := whyResolver
	if !full {
		why = "this check plays its part through that DNS server, so it cannot pass until the server is asked; see \"asks the resolver it is given\"."
	}
	return judge.Fail("LookupHost(ctx, r, %q) never asked the resolver r it was given", host).With(what, why, hintAskR)
}

// nuAddrDiff diffs two lists of addresses as sets, each address with what
// it is, so the order the submission returned them in does not show.
func nuAddrDiff(want, got []string) string {
	return tableDiff(nuAddrSet(want), nuAddrSet(got))
}

func nuAddrSet(ss []string) map[string]string {
	n := map[string]int{}
	for _, s := range ss {
		n[s]++
	}
	m := make(map[string]string, len(n))
	for s, k := range n {
		a, err := netip.ParseAddr(s)
		switch {
		case err != nil:
			m[s] = "not an address"
		case a.Is4():
			m[s] = "A"
		case a.Is4In6():
			m[s] = "IPv4-mapped IPv6"
		default:
			m[s] = "AAAA"
		}
		if k > 1 {
			m[s] += fmt.Sprintf(", %d times", k)
		}
	}
	return m
}

func checkLookupAddrs(t *judge.T) error {
	srv, err := nuDNS(t)
	if err != nil {
		return err
	}
	host := nuName(t.Rand)
	v4 := nuAddrs(t.Rand, 1+t.Rand.IntN(3), false)
	v6 := nuAddrs(t.Rand, 1+t.Rand.IntN(3), true)
	srv.Host(host, append(slices.Clone(v4), v6...)...)
	r, err := nuLookup(t, srv, host, nuLookupWithin)
	if err != nil {
		return err
	}
	if len(nuAsked(srv, host)) == 0 {
		return nuNotAsked(host, r, false)
	}
	records := fmt.Sprintf("The DNS server holds %d A records (%s) and %d AAAA records (%s) for %q.",
		len(v4), strings.Join(nuStrings(v4), ", "), len(v6), strings.Join(nuStrings(v6), ", "), host)
	if r.Err != nil {
		return judge.Fail("LookupHost(ctx, r, %q) returned an error: %s", host, nuErrText(r.Err)).With(records,
			"the server answered both queries at once; an error here means a good answer was lost.",
			"Return what the resolver's method returns: r.LookupNetIP(ctx, \"ip\", host).")
	}
	want := nuStrings(append(slices.Clone(v4), v6...))
	if slices.Equal(nuSorted(r.Addrs), nuSorted(want)) {
		return nil
	}
	detail := records + "\n" + nuAddrDiff(want, r.Addrs)
	var mapped, gotV4, gotV6 int
	for _, s := range r.Addrs {
		a, err := netip.ParseAddr(s)
		switch {
		case err != nil:
		case a.Is4In6():
			mapped++
		case a.Is4():
			gotV4++
		default:
			gotV6++
		}
	}
	switch {
	case mapped > 0:
		return judge.Fail("LookupHost(ctx, r, %q) returned IPv4 addresses as IPv4-mapped IPv6 (::ffff:a.b.c.d)", host).With(detail,
			"an A record holds a 4-byte IPv4 address. As a netip.Addr it must be plain IPv4 (Is4): ::ffff:192.0.2.1 does not compare equal to 192.0.2.1, and code that sorts addresses by family puts it among the IPv6 ones.",
			"net.ParseIP and net.IP keep IPv4 in 16 bytes; netip.AddrFromSlice then makes a mapped address. Call Unmap() on it, or use r.LookupNetIP, which returns plain IPv4.")
	case gotV6 == 0 && gotV4 > 0:
		return judge.Fail("LookupHost(ctx, r, %q) returned only the IPv4 addresses, none of the %d IPv6 (AAAA) ones", host, len(v6)).With(detail,
			"IPv4 (A) and IPv6 (AAAA) addresses are separate DNS records, asked for in separate queries. A client that keeps one family cannot reach an IPv6-only host, and loses its fallback when one family's route is broken (Happy Eyeballs, RFC 8305, tries both).",
			"Ask for network \"ip\" (both families), not \"ip4\": r.LookupNetIP(ctx, \"ip\", host).")
	case gotV4 == 0 && gotV6 > 0:
		return judge.Fail("LookupHost(ctx, r, %q) returned only the IPv6 addresses, none of the %d IPv4 (A) ones", host, len(v4)).With(detail,
			"IPv4 (A) and IPv6 (AAAA) addresses are separate DNS records, asked for in separate queries; most of the Internet is still reachable over IPv4 only.",
			"Ask for network \"ip\" (both families), not \"ip6\": r.LookupNetIP(ctx, \"ip\", host).")
	}
	return judge.Fail("LookupHost(ctx, r, %q) returned %d addresses, want exactly the %d the DNS server holds", host, len(r.Addrs), len(want)).With(detail,
		"a client dials the addresses a lookup returns, one after another: a missing one is a fallback lost, an extra one is a host that was never there.",
		"Return every address the resolver returns, each once, and nothing else.")
}

func checkLookupResolver(t *judge.T) error {
	srv, err := nuDNS(t)
	if err != nil {
		return err
	}
	host := nuName(t.Rand)
	srv.Host(host, append(nuAddrs(t.Rand, 1, false), nuAddrs(t.Rand, 1, true)...)...)
	r, err := nuLookup(t, srv, host, nuLookupWithin)
	if err != nil {
		return err
	}
	if len(nuAsked(srv, host)) == 0 {
		return nuNotAsked(host, r, true)
	}
	return nil
}

func checkLookupNXDOMAIN(t *judge.T) error {
	srv, err := nuDNS(t)
	if err != nil {
		return err
	}
	// The server knows a neighbour, not the name asked for.
	srv.Host(nuName(t.Rand), nuAddrs(t.Rand, 1, false)...)
	host := "no-" + nuName(t.Rand)
	r, err := nuLookup(t, srv, host, nuLookupWithin)
	if err != nil {
		return err
	}
	if len(nuAsked(srv, host)) == 0 {
		return nuNotAsked(host, r, false)
	}
	const why = "NXDOMAIN is the server's definite answer that the name does not exist, unlike a timeout or a server failure, which may go away on a retry. Callers tell them apart with errors.As(err, &dnsErr) and dnsErr.IsNotFound; an error made from scratch hides it."
	switch {
	case r.Err == nil:
		return judge.Fail("LookupHost(ctx, r, %q) returned %d addresses and no error for a name that does not exist", host, len(r.Addrs)).With(
			"The DNS server answered NXDOMAIN (no such name) to every query for it.", why,
			"Return the resolver's error when it has one.")
	case !r.NotFound:
		return judge.Fail("LookupHost(ctx, r, %q) returned an error that does not say the name was not found: %s", host, nuErrText(r.Err)).With(
			"The DNS server answered NXDOMAIN (no such name); errors.As(err, &dnsErr) found no *net.DNSError with IsNotFound set.", why,
			"Return the resolver's error as it is, or wrap it with fmt.Errorf(\"...: %w\", err) so errors.As still finds the *net.DNSError.")
	}
	return nil
}

func checkLookupSilent(t *judge.T) error {
	srv, err := nuDNS(t)
	if err != nil {
		return err
	}
	host := nuName(t.Rand)
	srv.Silent(host)
	// The driver looks up a second silent name itself, on the same
	// context: how late it returns is what this machine's load adds.
	ref := "ref-" + nuName(t.Rand)
	srv.Silent(ref)
	deadline := nuSilentMin + time.Duration(t.Rand.Int64N(int64(nuSilentSpread)+1)).Truncate(time.Millisecond)
	r, err := nuLookupArgs(t, contract.LookupArgs{DNS: srv.Addr(), Host: host, Deadline: deadline, Reference: ref})
	if err != nil {
		return err
	}
	if len(nuAsked(srv, host)) == 0 {
		return nuNotAsked(host, r, false)
	}
	const why = "a DNS server that is down, or behind a firewall that drops packets, never answers and never sends an error: only a deadline ends the wait. The resolver's own timeout per try is seconds long (5s by default, tried twice), so the caller's context is what keeps a lookup short."
	const hint = "Pass the ctx you are given to the resolver's method (r.LookupNetIP(ctx, ...)), not context.Background()."
	if r.Err == nil {
		return judge.Fail("LookupHost(ctx, r, %q) returned %d addresses and no error, though the DNS server never answered", host, len(r.Addrs)).With(
			fmt.Sprintf("The server received the queries and stayed silent; the context's deadline was %v.", deadline), why,
			"Return the resolver's error when it has one.")
	}
	returned := fmt.Sprintf("It returned after ~%v with the error: %s", r.Elapsed.Round(time.Millisecond), nuErrText(r.Err))
	if r.BeforeDeadline > nuEarly {
		return judge.Fail("LookupHost(ctx, r, %q) gave up ~%v before its context's deadline (%v) against a silent server", host, r.BeforeDeadline.Round(time.Millisecond), deadline).With(
			returned,
			"the caller's context says how long a lookup may take; a timeout of your own that is shorter turns a slow server into a failure the caller did not ask for (see also \"waits for a slow server within its deadline\").",
			"Pass ctx to the resolver's method as it is: no context.WithTimeout of your own around it, no timer of your own.")
	}
	late := -r.BeforeDeadline
	allowed := nuLateSlack + max(r.ReferenceLate, 0)
	if late > allowed {
		return judge.Fail("LookupHost(ctx, r, %q) returned ~%v after its context's deadline (%v) against a silent server", host, late.Round(time.Millisecond), deadline).With(
			returned+fmt.Sprintf("\nThe grader allows %v past the deadline, plus how late Go's own resolver returned on the same context at the same time in this run (~%v): ~%v in all.",
				nuLateSlack, max(r.ReferenceLate, 0).Round(time.Millisecond), allowed.Round(time.Millisecond)),
			why, hint)
	}
	return nil
}

func checkLookupSlow(t *judge.T) error {
	srv, err := nuDNS(t)
	if err != nil {
		return err
	}
	host := nuName(t.Rand)
	v4 := nuAddrs(t.Rand, 1+t.Rand.IntN(2), false)
	v6 := nuAddrs(t.Rand, 1+t.Rand.IntN(2), true)
	srv.Host(host, append(slices.Clone(v4), v6...)...)
	delay := nuSlowMin + time.Duration(t.Rand.Int64N(int64(nuSlowSpread)+1)).Truncate(time.Millisecond)
	srv.Delay(host, delay)
	deadline := delay + nuSlowExtra
	r, err := nuLookup(t, srv, host, deadline)
	if err != nil {
		return err
	}
	if len(nuAsked(srv, host)) == 0 {
		return nuNotAsked(host, r, false)
	}
	server := fmt.Sprintf("The DNS server answers every query for %q %v after it arrives, with its %d A and %d AAAA records; the context's deadline was %v.", host, delay, len(v4), len(v6), deadline)
	const why = "a DNS server far away, or busy, answers in hundreds of milliseconds, and the caller's context says how long it may take. A timeout of your own, shorter than the caller's, turns a slow answer into a failure the caller did not ask for."
	if r.Err != nil {
		what := fmt.Sprintf("LookupHost(ctx, r, %q) returned an error after ~%v, though the server's answer was on its way and the context allowed %v", host, r.Elapsed.Round(time.Millisecond), deadline)
		if r.Elapsed < delay {
			what = fmt.Sprintf("LookupHost(ctx, r, %q) gave up after ~%v, before the server's answer (sent %v after each query), though its context allowed %v", host, r.Elapsed.Round(time.Millisecond), delay, deadline)
		}
		return judge.Fail("%s", what).With(server+"\nIt returned the error: "+nuErrText(r.Err), why,
			"Pass ctx to the resolver's method as it is (r.LookupNetIP(ctx, \"ip\", host)): no context.WithTimeout of your own, no timer of your own.")
	}
	// Which addresses, and in which form, is the business of "returns
	// every A and AAAA address of a name"; here the answer must only have
	// been waited for: some of the server's addresses, nothing else.
	want := nuStrings(append(slices.Clone(v4), v6...))
	foreign := slices.ContainsFunc(r.Addrs, func(s string) bool {
		a, err := netip.ParseAddr(s)
		return err != nil || !slices.Contains(want, a.Unmap().String())
	})
	if len(r.Addrs) == 0 || foreign {
		return judge.Fail("LookupHost(ctx, r, %q) returned %d addresses and no error from a slow server, want the %d it holds", host, len(r.Addrs), len(want)).With(
			server+"\n"+nuAddrDiff(want, r.Addrs),
			"the answer arrives, only late: a lookup that returns before it has nothing true to return.",
			"Return what r.LookupNetIP(ctx, \"ip\", host) returns once it returns.")
	}
	if r.BeforeDeadline < 0 {
		return judge.Fail("LookupHost(ctx, r, %q) returned ~%v after its context's deadline (%v)", host, (-r.BeforeDeadline).Round(time.Millisecond), deadline).With(
			server, why, "Pass ctx to the resolver's method as it is.")
	}
	return nil
}

func checkLookupTruncated(t *judge.T) error {
	srv, err := nuDNS(t)
	if err != nil {
		return err
	}
	host := nuName(t.Rand)
	v4 := nuAddrs(t.Rand, 30+t.Rand.IntN(11), false)
	keep := 2 + t.Rand.IntN(4)
	srv.Host(host, v4...)
	srv.TruncateUDP(host, keep)
	r, err := nuLookup(t, srv, host, nuLookupWithin)
	if err != nil {
		return err
	}
	asked := nuAsked(srv, host)
	if len(asked) == 0 {
		return nuNotAsked(host, r, false)
	}
	overTCP := slices.ContainsFunc(asked, func(q fixtures.DNSQuery) bool { return q.Network == "tcp" })
	detail := fmt.Sprintf("The name has %d A records. Over UDP the server answered with the first %d and the TC (truncated) bit set; over TCP it sends them all. It saw the query over TCP: %v.", len(v4), keep, overTCP)
	const why = "an answer over UDP must fit in one datagram; a server with more to say sets the TC bit and sends what fits. The client must ask again over TCP to get the rest. Go's resolver does this on its own, as long as it dials the network it asks for."
	const hint = "Use the resolver you are given as it is, and return every address it returns."
	if r.Err != nil {
		return judge.Fail("LookupHost(ctx, r, %q) returned an error for a truncated answer: %s", host, nuErrText(r.Err)).With(detail, why, hint)
	}
	// Mapped IPv4 addresses are the business of the first check; here
	// only the count and the values matter.
	got := make([]string, len(r.Addrs))
	for i, s := range r.Addrs {
		got[i] = s
		if a, err := netip.ParseAddr(s); err == nil {
			got[i] = a.Unmap().String()
		}
	}
	want := nuStrings(v4)
	if slices.Equal(nuSorted(got), nuSorted(want)) {
		return nil
	}
	if len(got) <= keep && !slices.ContainsFunc(got, func(s string) bool { return !slices.Contains(want, s) }) {
		return judge.Fail("LookupHost(ctx, r, %q) returned %d addresses: only what fits in the truncated UDP answer, not all %d", host, len(got), len(v4)).With(detail, why, hint)
	}
	return judge.Fail("LookupHost(ctx, r, %q) returned %d addresses, want all %d of the full answer", host, len(got), len(v4)).With(
		detail+"\n"+nuAddrDiff(want, got), why, hint)
}

func checkLookupPort(t *judge.T) error {
	// Only the names Go knows without /etc/services (its built-in table),
	// so the check does not depend on the machine.
	named := []struct {
		name string
		port int
	}{{"https", 443}, {"ssh", 22}, {"smtp", 25}, {"ftp", 21}, {"telnet", 23}}
	extra := named[t.Rand.IntN(len(named))]
	numeric := 1024 + t.Rand.IntN(64512)
	tooBig := 65537 + t.Rand.IntN(34463)
	negative := -2 - t.Rand.IntN(65535)
	unknown := "nc-" + harness.Word(t.Rand, 7)
	// The whole range of numbers on every seed: both ends, the numbers
	// just outside it and negative ones, over both networks.
	rows := []contract.PortRow{
		{Network: "tcp", Service: "http"}, {Network: "udp", Service: "domain"}, {Network: "tcp", Service: extra.name},
		{Network: "tcp", Service: strconv.Itoa(numeric)}, {Network: "udp", Service: "8080"},
		{Network: "tcp", Service: "0"}, {Network: "udp", Service: "65535"},
		{Network: "tcp", Service: unknown}, {Network: "tcp", Service: "65536"}, {Network: "udp", Service: strconv.Itoa(tooBig)},
		{Network: "tcp", Service: "-1"}, {Network: "udp", Service: strconv.Itoa(negative)},
	}
	want := []string{"80", "53", strconv.Itoa(extra.port), strconv.Itoa(numeric), "8080", "0", "65535", "error", "error", "error", "error", "error"}
	res, err := nuRows(t, contract.LookupPort, contract.PortArgs{Rows: rows}, len(rows))
	if err != nil {
		return err
	}
	wantM, gotM := map[string]string{}, map[string]string{}
	for i, row := range rows {
		key := fmt.Sprintf("LookupPort(ctx, r, %q, %q)", row.Network, row.Service)
		wantM[key] = want[i]
		gotM[key] = strconv.Itoa(res[i].Port)
		if res[i].Err != nil {
			gotM[key] = "error"
		}
	}
	if d := tableDiff(wantM, gotM); d != "" {
		return judge.Fail("LookupPort returned wrong ports or errors").With(
			d,
			"a service name is looked up in the services database (/etc/services, and a small table built into Go), not in DNS; a number is parsed, and must fit in the 16 bits a TCP or UDP header has for a port (0-65535): a negative number is no port either. An unknown name is an error, not port 0.",
			"r.LookupPort(ctx, network, service) does all of this; if you parse numbers yourself, check both ends of the range: 0 <= port && port <= 65535.")
	}
	return nil
}

// nuEndpointCheck runs Endpoint on rows; want holds the endpoint each row
// must return, "" where it must return an error.
func nuEndpointCheck(t *judge.T, rows []contract.EndpointRow, want []string) (string, error) {
	res, err := nuRows(t, contract.Endpoint, contract.EndpointArgs{Rows: rows}, len(rows))
	if err != nil {
		return "", err
	}
	wantM, gotM := map[string]string{}, map[string]string{}
	for i, row := range rows {
		key := fmt.Sprintf("Endpoint(%q, %d)", row.Host, row.Port)
		wantM[key], gotM[key] = strconv.Quote(want[i]), strconv.Quote(res[i].Endpoint)
		if want[i] == "" {
			wantM[key] = "error"
		}
		if res[i].Err != nil {
			gotM[key] = "error"
		}
	}
	return tableDiff(wantM, gotM), nil
}

func nuPort(rng *rand.Rand) int { return 1 + rng.IntN(65535) }

func checkEndpointPlain(t *judge.T) error {
	v4 := nuAddrs(t.Rand, 2, false)
	rows := []contract.EndpointRow{
		{Host: v4[0].String(), Port: nuPort(t.Rand)},
		{Host: v4[1].String(), Port: 80},
		{Host: nuName(t.Rand), Port: nuPort(t.Rand)},
		{Host: "localhost", Port: nuPort(t.Rand)},
	}
	want := make([]string, len(rows))
	for i, r := range rows {
		want[i] = r.Host + ":" + strconv.Itoa(r.Port)
	}
	d, err := nuEndpointCheck(t, rows, want)
	if err != nil || d == "" {
		return err
	}
	return judge.Fail("Endpoint formats IPv4 addresses or host names wrongly").With(d,
		"net.Dial takes \"host:port\": an IPv4 address or a name, a colon, and the port in decimal.",
		"net.JoinHostPort(host, strconv.Itoa(port)) builds it.")
}

func checkEndpointIPv6(t *judge.T) error {
	v6 := nuAddrs(t.Rand, 2, true)
	var low [16]byte
	low[0], low[1] = 0xfe, 0x80 // link-local: needs a zone to say which link
	for i := 12; i < 16; i++ {
		low[i] = byte(t.Rand.IntN(256))
	}
	zones := []string{"eth0", "en0", "wlan0", "veth" + harness.Word(t.Rand, 4)}
	rows := []contract.EndpointRow{
		{Host: v6[0].String(), Port: nuPort(t.Rand)},
		{Host: v6[1].String(), Port: 443},
		{Host: "::1", Port: nuPort(t.Rand)},
		{Host: netip.AddrFrom16(low).WithZone(zones[t.Rand.IntN(len(zones))]).String(), Port: nuPort(t.Rand)},
	}
	want := make([]string, len(rows))
	for i, r := range rows {
		want[i] = "[" + r.Host + "]:" + strconv.Itoa(r.Port)
	}
	d, err := nuEndpointCheck(t, rows, want)
	if err != nil || d == "" {
		return err
	}
	return judge.Fail("Endpoint does not put IPv6 addresses in brackets").With(d,
		"an IPv6 address has colons of its own, so in \"2001:db8::1:443\" nobody can tell where the address ends: is 443 the port or the last group? The address goes in brackets, \"[2001:db8::1]:443\" (RFC 3986), and a zone (\"%eth0\", which link a link-local address is on) goes inside them.",
		"net.JoinHostPort(host, strconv.Itoa(port)) adds the brackets when host has a colon; host + \":\" + port does not.")
}

func checkEndpointRange(t *judge.T) error {
	v4 := nuAddrs(t.Rand, 1, false)[0].String()
	name := nuName(t.Rand)
	rows := []contract.EndpointRow{
		{Host: v4, Port: -1},
		{Host: name, Port: -2 - t.Rand.IntN(100000)},
		{Host: name, Port: 65536},
		{Host: v4, Port: 65537 + t.Rand.IntN(100000)},
		{Host: name, Port: 0},
		{Host: v4, Port: 65535},
	}
	want := []string{"", "", "", "", name + ":0", v4 + ":65535"}
	d, err := nuEndpointCheck(t, rows, want)
	if err != nil || d == "" {
		return err
	}
	return judge.Fail("Endpoint accepts ports outside 0-65535, or rejects ports inside it").With(d,
		"a TCP or UDP port is a 16-bit field of the header: 0 to 65535, both included. A larger number cannot be sent; net.Dial would fail later with a less helpful message, so Endpoint says so at once.",
		"Check 0 <= port && port <= 65535 before formatting, and return an error otherwise.")
}

// nuFill returns n bytes of filler that a Put call must leave alone.
func nuFill(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.IntN(256))
	}
	return b
}

// bytesOp is one of the byte-order helpers' operations.
type bytesOp = wire.Op[contract.BytesArgs, []contract.BytesResult]

// bytesCall is one call of a byte-order helper in a check's table.
type bytesCall struct {
	op bytesOp
	contract.BytesRow
}

// put is a call of PutUint16 or PutUint32 that writes v into buf.
func put(op bytesOp, v uint32, buf []byte) bytesCall {
	return bytesCall{op, contract.BytesRow{Value: v, Buf: buf}}
}

// get is a call of Uint16 or Uint32 that reads buf.
func get(op bytesOp, buf []byte) bytesCall {
	return bytesCall{op, contract.BytesRow{Buf: buf}}
}

// nuBytesDiff runs calls and diffs what each returned against want,
// rendered by show. The calls of one helper run together in one child, the
// helpers in the order they first appear: the first helper that still is
// the stub is the one named.
func nuBytesDiff(t *judge.T, calls []bytesCall, want []contract.BytesResult, show func(bytesCall, contract.BytesResult) string) (string, error) {
	res := make([]contract.BytesResult, len(calls))
	done := map[string]bool{}
	for _, c := range calls {
		if done[c.op.Name] {
			continue
		}
		done[c.op.Name] = true
		var idx []int
		var rows []contract.BytesRow
		for i, o := range calls {
			if o.op == c.op {
				idx, rows = append(idx, i), append(rows, o.BytesRow)
			}
		}
		out, err := nuRows(t, c.op, contract.BytesArgs{Rows: rows}, len(rows))
		if err != nil {
			return "", err
		}
		for k, i := range idx {
			res[i] = out[k]
		}
	}
	wantM, gotM := map[string]string{}, map[string]string{}
	for i, c := range calls {
		key := nuCall(c)
		wantM[key], gotM[key] = show(c, want[i]), show(c, res[i])
	}
	return tableDiff(wantM, gotM), nil
}

// nuCall writes a call as the student's code would.
func nuCall(c bytesCall) string {
	buf := fmt.Sprintf("[% x]", c.Buf)
	if strings.HasPrefix(c.op.Func, "Put") {
		return fmt.Sprintf("%s(%s, %#x)", c.op.Func, buf, c.Value)
	}
	return fmt.Sprintf("%s(%s)", c.op.Func, buf)
}

const (
	whyByteOrder  = "protocol headers carry multi-byte integers in network byte order: most significant byte first (big-endian), whatever the machine's own order. Port 8080 (0x1f90) travels as 1f 90; the IPv4 address 192.0.2.1, as the uint32 0xc0000201, travels as c0 00 02 01."
	hintByteOrder = "b[0] holds the highest byte: b[0] = byte(v >> 8); b[1] = byte(v) for 16 bits, or use binary.BigEndian (not LittleEndian, not NativeEndian)."
)

func checkPutBigEndian(t *judge.T) error {
	ip := nuAddrs(t.Rand, 1, false)[0].As4()
	ipv := uint32(ip[0])<<24 | uint32(ip[1])<<16 | uint32(ip[2])<<8 | uint32(ip[3])
	v16, v32 := uint16(0x100+t.Rand.IntN(0xff00)), 0x01000000+t.Rand.Uint32N(0xfe000000)
	calls := []bytesCall{
		put(contract.PutUint16, 8080, nuFill(t.Rand, 2)),
		put(contract.PutUint16, uint32(v16), nuFill(t.Rand, 2+1+t.Rand.IntN(3))),
		put(contract.PutUint32, 0xc0000201, nuFill(t.Rand, 4)), // 192.0.2.1, the README's
		put(contract.PutUint32, ipv, nuFill(t.Rand, 4)),
		put(contract.PutUint32, v32, nuFill(t.Rand, 4+1+t.Rand.IntN(3))),
	}
	want := make([]contract.BytesResult, len(calls))
	for i, c := range calls {
		b := slices.Clone(c.Buf)
		if c.op == contract.PutUint16 {
			b[0], b[1] = byte(c.Value>>8), byte(c.Value)
		} else {
			b[0], b[1], b[2], b[3] = byte(c.Value>>24), byte(c.Value>>16), byte(c.Value>>8), byte(c.Value)
		}
		want[i] = contract.BytesResult{Buf: b}
	}
	d, err := nuBytesDiff(t, calls, want, func(_ bytesCall, r contract.BytesResult) string {
		if r.Err != nil {
			return "error"
		}
		return fmt.Sprintf("[% x]", r.Buf)
	})
	if err != nil || d == "" {
		return err
	}
	return judge.Fail("PutUint16 or PutUint32 did not write network byte order (or touched bytes after the integer)").With(
		"Each line shows the buffer before the call and the buffer after it.\n"+d, whyByteOrder, hintByteOrder)
}

func checkGetBigEndian(t *judge.T) error {
	ip := nuAddrs(t.Rand, 1, false)[0].As4()
	calls := []bytesCall{
		get(contract.Uint16, []byte{0x1f, 0x90}),
		get(contract.Uint16, append([]byte{byte(1 + t.Rand.IntN(255)), byte(t.Rand.IntN(256))}, nuFill(t.Rand, 1+t.Rand.IntN(3))...)),
		get(contract.Uint32, []byte{0xc0, 0x00, 0x02, 0x01}), // 192.0.2.1, the README's
		get(contract.Uint32, []byte{0x80, 0xff, 0x90, 0xfe}), // every byte's high bit set: a sign extension shows
		get(contract.Uint32, ip[:]),
		get(contract.Uint32, append([]byte{byte(1 + t.Rand.IntN(255)), byte(t.Rand.IntN(256)), byte(t.Rand.IntN(256)), byte(t.Rand.IntN(256))}, nuFill(t.Rand, 1+t.Rand.IntN(3))...)),
	}
	want := make([]contract.BytesResult, len(calls))
	for i, c := range calls {
		b := c.Buf
		if c.op == contract.Uint16 {
			want[i].Value = uint32(b[0])<<8 | uint32(b[1])
		} else {
			want[i].Value = uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
		}
	}
	d, err := nuBytesDiff(t, calls, want, func(_ bytesCall, r contract.BytesResult) string {
		if r.Err != nil {
			return "error"
		}
		return fmt.Sprintf("%d (%#x)", r.Value, r.Value)
	})
	if err != nil || d == "" {
		return err
	}
	return judge.Fail("Uint16 or Uint32 did not read network byte order").With(d, whyByteOrder,
		"b[0] is the highest byte: uint16(b[0])<<8 | uint16(b[1]) for 16 bits, or use binary.BigEndian.")
}

func checkShortBuffer(t *judge.T) error {
	// Every length too short, on every seed: 0-1 bytes for the 16-bit
	// helpers, 0-3 for the 32-bit ones.
	var calls []bytesCall
	for n := 1; n >= 0; n-- {
		calls = append(calls, put(contract.PutUint16, 80, nuFill(t.Rand, n)), get(contract.Uint16, nuFill(t.Rand, n)))
	}
	for n := 3; n >= 0; n-- {
		calls = append(calls, put(contract.PutUint32, uint32(t.Rand.IntN(1<<30)), nuFill(t.Rand, n)), get(contract.Uint32, nuFill(t.Rand, n)))
	}
	want := make([]contract.BytesResult, len(calls))
	for i := range want {
		want[i].Err = &wire.Err{}
	}
	// Controls: the same helpers on buffers just long enough must not
	// fail. An error for a short buffer means something only from a
	// helper that does its work when it can.
	short := len(calls)
	calls = append(calls,
		put(contract.PutUint16, 80, nuFill(t.Rand, 2)),
		put(contract.PutUint32, uint32(t.Rand.IntN(1<<30)), nuFill(t.Rand, 4)),
		get(contract.Uint16, nuFill(t.Rand, 2)),
		get(contract.Uint32, nuFill(t.Rand, 4)),
	)
	want = append(want, make([]contract.BytesResult, len(calls)-short)...)
	d, err := nuBytesDiff(t, calls, want, func(_ bytesCall, r contract.BytesResult) string {
		if r.Err != nil {
			return "error"
		}
		return "no error"
	})
	if err != nil || d == "" {
		return err
	}
	return judge.Fail("a byte-order helper's error does not follow the buffer's length: want an error for a buffer too short for its integer, and none for one long enough").With(d,
		"a packet cut short, or a length field that lies, is an ordinary event on a network. A length check turns it into an error the caller can handle; without one the call reads or writes past the end (or panics), and one bad packet takes the program down.",
		"Start each helper with if len(b) < 2 (or 4) { return ..., fmt.Errorf(...) }.")
}
