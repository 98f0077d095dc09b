package netutil

import (
	"fmt"

	"netcourse/grader/internal/trypeer"
)

// try is the fake peer `grader try 1.7` runs.
var try = &trypeer.Peer{
	ID: "1.7", Kind: "dns", Listen: "127.0.0.1:5353",
	Faults: []trypeer.Fault{
		{Name: "names", About: "answers A and AAAA queries for www.netcourse.test (192.0.2.10, 2001:db8::10) and big.netcourse.test (30 A records; over UDP only 2, with the TC bit, so the resolver asks again over TCP), never answers slow.netcourse.test, and says NXDOMAIN for every other name"},
	},
	Usage: func(addr string) string {
		host, port := trypeer.SplitAddr(addr)
		return fmt.Sprintf("Point a resolver at it, in a small main (README, \"Try it by hand\"):\n"+
			"    r := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {\n"+
			"        return (&net.Dialer{}).DialContext(ctx, network, %q)\n"+
			"    }}\n"+
			"    netutil.LookupHost(ctx, r, \"www.netcourse.test\")\n"+
			"or by hand:\n"+
			"    dig @%s -p %s www.netcourse.test", addr, host, port)
	},
}
