package netutil

import "netcourse/grader/internal/judge"

// hint is what `grader hint 1.7` shows, in layers.
var hint = judge.Hint{
	Concept: "Before a program sends its first byte it turns names into addresses (DNS A and AAAA records), " +
		"service names into ports, and a host and a port into an address net.Dial understands (an IPv6 address " +
		"goes in brackets). It asks the resolver it is given, passes the context on so that a silent server " +
		"cannot hang it, and keeps error types intact for the caller. On the wire, protocols put integers most " +
		"significant byte first (network byte order, big-endian), whatever the CPU does.",
	Nudge: "Run the fake DNS server (grader try 1.7) and point a resolver at it: does your lookup show up in its " +
		"log, for both A and AAAA? For the byte order, write 8080 (0x1f90) by hand: which byte goes first on the wire?",
	Checks: map[string]string{
		"returns every A and AAAA address of a name":       "Which network do you ask the resolver for: one address family or both? And are your IPv4 addresses plain IPv4 (Is4), not ::ffff:-mapped?",
		"asks the resolver it is given":                    "Which resolver does your code call: the r you were given, or package net's functions, which use the system's?",
		"reports a name that does not exist as not found":  "After your code returns, can the caller still find the *net.DNSError with errors.As? %v turns an error into plain text.",
		"gives up at the deadline against a silent server": "Which context reaches the lookup: the one you were given, or one you made? And whose deadline ends it: the caller's, or a timeout of your own?",
		"waits for a slow server within its deadline":      "Who decides how long a lookup may take: the caller, through ctx, or a number in your code?",
		"gets a truncated answer in full over TCP":         "Does your lookup go through the resolver you were given? It asks again over TCP when the UDP answer is truncated; a lookup of your own making does not.",
		"looks up service names and numeric ports":         "Where do service names come from? Not from DNS, and not from a table of your own. And what do you return for \"70000\", or \"-1\"?",
		"formats IPv4 and host name endpoints":             "What does your function return for \"192.0.2.1\" and 80? Compare it byte by byte with \"192.0.2.1:80\".",
		"puts IPv6 literals in brackets, zones included":   "In \"2001:db8::1:443\", where does the address end? What marks that end, and where does a zone like %eth0 go?",
		"rejects ports outside 0-65535":                    "Which numbers are ports? Try -1, 0, 65535 and 65536.",
		"writes integers in network byte order":            "Which byte of 0x1f90 goes in b[0]? And do you touch anything past the integer's bytes?",
		"reads integers in network byte order":             "Do you read only the first 2 (or 4) bytes, most significant first, whatever follows them?",
		"reports a buffer that is too short as an error":   "What happens on a 1-byte slice when your code reaches b[1]? What could you look at before that?",
	},
}
