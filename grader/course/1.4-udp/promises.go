package udp

import "netcourse/grader/internal/judge"

// promises are what exercises/1.4-udp/README.md promises, each with the
// check that fails when it is broken and the bound that check holds it to.
// lateBy is half a try's timeout, at least 100 ms, or past the reference
// solution's own time in the same check if that is later.
var promises = []judge.Promise{
	// Serve
	{
		README: "Serve answers every datagram that arrives on conn with reply(datagram), sent from conn",
		Check:  "answers a datagram with its reply",
		Bound:  "the reply is exactly reply(datagram) and comes from the server's address, within 1 s",
	},
	{
		README: "sent ... back to the address that datagram came from; use the address from the same ReadFrom, every time (three clients in turn, different ports, one from 127.0.0.2)",
		Check:  "answers each sender at its own address",
		Bound:  "6 datagrams from 3 clients, the first sender first; each reply reaches its own sender",
	},
	{
		README: "datagrams from 10 clients at once, while the reply function takes a while on each: each client must get the reply to its own datagram, however many goroutines you use",
		Check:  "answers clients that send at once",
		Bound:  "10 datagrams queued before Serve is called; the reply function reads its datagram only once Serve has read them all (at most 100 ms), so a buffer shared with goroutines holds the last one, on every seed",
	},
	{
		README: "Each ReadFrom returns one whole datagram, or cuts it ... Read into a buffer of 65535 bytes; datagrams of up to 65,507 bytes, whose replies must not be cut",
		Check:  "answers a large datagram whole",
		Bound:  "every seed: one datagram of 5000–16384 bytes, one of 16385–32768, one of 32769–65506, and one of 65507",
	},
	{
		README: "It keeps going until conn is closed, then returns nil (or an error wrapping net.ErrClosed); Serve must return within a second",
		Check:  "returns after its socket is closed",
		Bound:  "not before the close; within 1 s of it (harness.ReturnBound); nil or errors.Is(err, net.ErrClosed)",
	},

	// Request
	{
		README: "Request sends req to addr and ... returns the reply, whole; answer at once (one request must be one datagram)",
		Check:  "returns the reply to its request",
		Bound:  "exactly one datagram, equal to req; the reply returned byte for byte",
	},
	{
		README: "one IPv4 address has two forms in Go ... compare IP.Equal and the port",
		Check:  "returns the reply to its request",
		Bound:  "the reply comes from 127.0.0.1, the address given",
	},
	{
		README: "If none comes, it sends req again ... each waiting the full timeout; lose the first one or two datagrams: try again, never before a try's timeout has passed nor long after, and get the reply",
		Check:  "retries when the first datagrams are lost",
		Bound:  "the reply no sooner than k × timeout and at most lateBy after it; no more than retries+1 datagrams",
	},
	{
		README: "If every try times out, it returns ErrNoReply, which wraps os.ErrDeadlineExceeded so that the caller can recognise a timeout with errors.Is",
		Check:  "reports a timeout when no reply comes",
		Bound:  "errors.Is(err, ErrNoReply) and errors.Is(err, os.ErrDeadlineExceeded); after timeout and at most lateBy after it (retries 0, timeout 150–250 ms)",
	},
	{
		README: "at most retries more times: retries+1 tries in all; never answer: return ErrNoReply after exactly retries+1 datagrams, no sooner than timeout × (retries+1), not much later, and never hang",
		Check:  "stops after retries+1 tries",
		Bound:  "exactly retries+1 datagrams; ErrNoReply; between tries × timeout and lateBy after it; killed at tries × timeout + 2 s",
	},
	{
		README: "Request returns the first datagram that passes both tests and ignores the others, without waiting longer than the current try's deadline for them",
		Check:  "gives up on time while stray datagrams keep arriving",
		Bound:  "a stale reply from the server's address and a datagram from another port every 5 ms; exactly retries+1 datagrams, ErrNoReply, between tries × timeout and lateBy after it",
	},
	{
		README: "The reply comes from addr ... A datagram from anywhere else is not the reply, whatever it says (a forged reply, with the right ID, from another port)",
		Check:  "ignores a reply from another port",
		Bound:  "the forged reply arrives just before the real one",
	},
	{
		README: "The request ID ... a reply to an earlier request can arrive just before yours. Check the ID",
		Check:  "ignores a stale reply to an earlier request",
		Bound:  "3 requests in a row; from the second on, the previous reply arrives again just before each",
	},
	{
		README: "The network may deliver a datagram twice ... each read is one datagram; send every reply twice",
		Check:  "returns a duplicated reply once",
		Bound:  "3 requests in a row, every reply sent twice; each call returns its own reply once, not glued",
	},
	{
		README: "send replies of up to 65,507 bytes: return each whole, or return an error, never its first bytes as if they were all of it",
		Check:  "returns a large reply whole",
		Bound:  "every seed: replies of 5000–16384, 16385–32768, 32769–65506 and 65507 bytes; an error other than a timeout is accepted",
	},
}
