package netutil

import "netcourse/grader/internal/judge"

// promises maps every behaviour exercises/1.7-netutil/README.md promises
// to the check that fails when it is broken, with the bound it uses
// (TestPromisesNameRealChecks holds the names to real checks).
var promises = []judge.Promise{
	// Names: LookupHost.
	{README: "Return every address of host: its IPv4 addresses (DNS A records) and its IPv6 addresses (AAAA records)",
		Check: "returns every A and AAAA address of a name", Bound: "1-3 random A and 1-3 random AAAA records on every seed; exactly those, in any order, each once; context deadline 2 s"},
	{README: "Ask the resolver r you are given, never net.LookupHost, net.LookupIP or net.DefaultResolver",
		Check: "asks the resolver it is given", Bound: "the fake DNS server r points at must log a query for the name; the child's net.DefaultResolver is blocked and reports its use"},
	{README: "Pass ctx on. A DNS server that is down never answers; only the context's deadline stops the wait (grader: a server that never answers, a deadline of a few hundred milliseconds)",
		Check: "gives up at the deadline against a silent server", Bound: "deadline 200-300 ms; an error, returned no more than 20 ms before the deadline and no more than 200 ms after it plus how late the standard resolver returned on the same context at the same time in the same child"},
	{README: "Pass ctx on: only the context's deadline stops the wait, so a server slower than a timeout of your own is still waited for",
		Check: "waits for a slow server within its deadline", Bound: "every answer sent 550-650 ms after its query (later than the silent check's latest bound of 300 + 200 ms, so a timeout of the submission's own of any length fails one of the two on every seed); deadline 1.2 s later; no error, the server's addresses, before the deadline"},
	{README: "IPv4 addresses are plain IPv4 (a.Is4()), not IPv4-mapped IPv6 (::ffff:192.0.2.1)",
		Check: "returns every A and AAAA address of a name", Bound: "every returned address compared by its String: ::ffff:a.b.c.d is not a.b.c.d"},
	{README: "A name that does not exist is an error that keeps its type: a *net.DNSError whose IsNotFound is true, found with errors.As",
		Check: "reports a name that does not exist as not found", Bound: "NXDOMAIN to every query; errors.As(err, &*net.DNSError) with IsNotFound, in the child"},
	{README: "a name with 30-40 A records whose UDP answer is truncated (the TC bit): all of them, which the resolver fetches again over TCP",
		Check: "gets a truncated answer in full over TCP", Bound: "30-40 A records, 2-5 in the UDP answer with TC set; all of them within 2 s"},
	// Services: LookupPort.
	{README: "Return the port of a service for network tcp or udp: http is 80 over TCP, domain is 53 over UDP, and a number written out, 8080, is 8080",
		Check: "looks up service names and numeric ports", Bound: "http/tcp, domain/udp, one of https, ssh, smtp, ftp, telnet (Go's built-in table), a random number 1024-65535 and 8080"},
	{README: "An unknown service, or a number outside 0-65535, is an error",
		Check: "looks up service names and numeric ports", Bound: "on every seed: an unknown name, -1, a random negative number down to -65536, 65536 and a random number above it are errors; 0 and 65535 are ports"},
	// Endpoints.
	{README: "Format a host and a port for net.Dial: 192.0.2.1:80, example.org:80",
		Check: "formats IPv4 and host name endpoints", Bound: "two random IPv4 addresses, a random name and localhost, random ports and 80"},
	{README: "An IPv6 address goes in brackets; a zone (%eth0) stays inside them: [2001:db8::1]:443, [fe80::1%eth0]:80",
		Check: "puts IPv6 literals in brackets, zones included", Bound: "two random 2001:db8:: addresses, ::1 and a zoned fe80:: address on every seed"},
	{README: "A port outside 0-65535 is an error (grader: ports -1, 0, 65535 and above)",
		Check: "rejects ports outside 0-65535", Bound: "on every seed: -1, a random negative port, 65536 and a random port above it are errors; 0 and 65535 are formatted"},
	// Byte order.
	{README: "PutUint16(b, v) writes v into b[0:2], PutUint32(b, v) into b[0:4], most significant byte first; the rest of b stays as it was",
		Check: "writes integers in network byte order", Bound: "8080, 192.0.2.1, a random IPv4 address and random values, in buffers exactly long enough and 1-3 bytes longer; the whole buffer compared"},
	{README: "Uint16(b) and Uint32(b) read from the start of b, most significant byte first, and ignore what follows",
		Check: "reads integers in network byte order", Bound: "1f 90, c0 00 02 01, a value with every byte's high bit set, a random IPv4 address and random values, with 1-3 extra bytes after some"},
	{README: "A b too short for the integer is an error, not a panic",
		Check: "reports a buffer that is too short as an error", Bound: "every length too short on every seed: 0-1 bytes for the 16-bit helpers, 0-3 for the 32-bit ones; no error for buffers just long enough; a panic crashes the child"},
}
