package tcpserver

import "netcourse/grader/internal/judge"

// promises maps what exercises/1.2-tcpserver/README.md promises to the
// check that fails when it is broken, with the bound it uses.
var promises = []judge.Promise{
	{README: "Write `Hello <client-ip>\\n` to that client ... without the port: `Hello 127.0.0.2\\n`; a client from 127.0.0.1 must get exactly `Hello 127.0.0.1\\n` (no port, no extra bytes)",
		Check: "greets a client from 127.0.0.1 exactly",
		Bound: "every byte up to the server's close (or 1 s after the newline) compared with \"Hello 127.0.0.1\\n\"; the greeting within 1 s of the connect"},
	{README: "`<client-ip>` is the address the client connects from; conn.RemoteAddr() is the client's end, conn.LocalAddr() and ln.Addr() are yours; the grader's clients use several 127.x addresses: do not write the address in by hand",
		Check: "greets each client with its own address",
		Bound: "clients from 127.0.0.2 and 127.0.0.x (x in 3..254, and the order, by the seed) on a 127.0.0.1 listener, so the client's address differs from the listener's and from any fixed string; first line compared exactly"},
	{README: "`Hello ::1\\n` for one on IPv6 `::1`; cutting the string at the first `:` breaks IPv6 addresses",
		Check: "greets IPv6 clients from ::1",
		Bound: "a client from ::1 on a [::1] listener, first line compared exactly; skipped only where the machine has no ::1"},
	{README: "Close that client's connection: the client knows the greeting is complete when it reads io.EOF; clients wait, after the greeting, for your close (EOF)",
		Check: "closes each client's connection",
		Bound: "3 clients in a row, each must see FIN (EOF) within 1 s of its greeting"},
	{README: "a plain `Close`: after `SetLinger(0)` a close is abortive, a reset (RST) that throws away what the client has not read yet; a clean close (FIN), not a reset (RST)",
		Check: "closes each client's connection",
		Bound: "a reset, at the connect or after the greeting, fails (syscall.ECONNRESET); the reset connection's bytes are kept (fixtures.DialFromKeep), so the other checks judge the greeting the same however the RST raced the connect"},
	{README: "`CloseWrite()` sends FIN too, but keeps the socket and its file descriptor: a server that only does that leaks one per client; every client's connection must have been closed (the sockets counted once Serve returned)",
		Check: "leaks no connections",
		Bound: "3–5 clients served (by the seed); sockets the child holds besides the listener counted from /proc/self/fd after Serve returned, after up to contract.Settle (500 ms); any left fails"},
	{README: "Go back to 1, for as long as the listener is open; serving one client and returning is not a server; the listener stays open for the next client; 20 clients one after another, every one of which must be greeted",
		Check: "serves many clients one after another",
		Bound: "20 clients, each must get a first byte within 1 s of its connect"},
	{README: "A client can hang up first: your write then fails (\"connection reset by peer\"); close that connection and go on accepting, only an error from Accept ends Serve; a client that connects and resets before its greeting, after which the next clients must still be greeted",
		Check: "keeps serving after a client resets",
		Bound: "the RST reaches the server's kernel before Serve is started (Hold, then fixtures.ResetSeen: lockstep on sock_diag), so Serve's first Accept gets an already-reset connection and its write fails on every run; then 3 clients, each must get a first byte within 1 s"},
	{README: "When the caller closes the listener, Accept returns an error wrapping net.ErrClosed: return nil (or that error); a loop that continues on every Accept error never ends; Serve must return within a second",
		Check: "returns promptly after the listener is closed",
		Bound: "not before the close (an early return fails); within harness.ReturnBound (1 s) of it; nil or errors.Is(err, net.ErrClosed)"},
}
