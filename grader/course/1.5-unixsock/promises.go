package unixsock

import "netcourse/grader/internal/judge"

// promises maps every behaviour exercises/1.5-unixsock/README.md promises
// to the check that fails when it is broken, and the bound that check
// uses. The README says the grader does not test a live socket at the
// path (a careful Listen's refusal to take it): it is no promise here.
var promises = []judge.Promise{
	// Listen
	{README: "Listen listens on the socket at path (net.Listen(\"unix\", path))", Check: "listens on the path and answers a request",
		Bound: "the listener's network is \"unix\" and its address the path; a client connects to the socket file at the path itself (never through a link) within 1 s; Listen returns within 5 s"},
	{README: "nothing at path: fine, go ahead", Check: "listens on the path and answers a request",
		Bound: "every server check but the stale and taken-path ones starts on a fresh path; a Listen error there fails with what it said"},
	{README: "a stale socket file, left behind by a server that is gone: remove it, then listen", Check: "replaces a stale socket file",
		Bound: "a socket bound at the path and closed without unlinking; a client must then be answered"},
	{README: "anything else (a regular file): leave it alone and return an error", Check: "leaves a regular file at the path alone",
		Bound: "a regular file of 53–152 bytes owned by the child's user (so a refused connect is ECONNREFUSED, not EACCES, with the sandbox on or off); Listen's error and the file byte for byte; the error counts only if Listen then listens on a fresh path"},
	{README: "anything else (a directory): leave it alone and return an error", Check: "leaves a directory at the path alone",
		Bound: "an empty directory owned by the child's user (os.Remove could delete it); Listen's error and the directory unchanged; the error counts only if Listen then listens on a fresh path"},

	// Serve
	{README: "Serve accepts clients on ln until ln is closed", Check: "answers each client in turn",
		Bound: "3–5 clients one after another, each answered"},
	{README: "it reads the request until io.EOF", Check: "reads the whole request across fragments",
		Bound: "812–1,611 bytes in fragments of 20 bytes to a quarter of the request, each sent only after the server read the one before (lockstep, 1 s per fragment)"},
	{README: "writes it back in upper case (bytes.ToUpper)", Check: "listens on the path and answers a request",
		Bound: "the reply byte for byte equal to bytes.ToUpper of a 32–231-byte request"},
	{README: "and closes that connection (the close marks the end of the reply)", Check: "listens on the path and answers a request",
		Bound: "a clean end of data (EOF, not a reset) within 1 s of the request's end"},
	{README: "and closes that connection (Close, not only an end of data)", Check: "closes each client's connection",
		Bound: "the child's sockets counted from /proc (collector off) while it waits for its first client, and after 3–5 clients had their replies: the same, within 1 s"},
	{README: "When ln is closed, Serve returns nil (or an error wrapping net.ErrClosed)", Check: "returns after the listener is closed",
		Bound: "returned within harness.ReturnBound (1 s) of the close, not before it; errors.Is(err, net.ErrClosed) or nil"},
	{README: "By then the socket file must be gone", Check: "removes its socket file when it stops",
		Bound: "nothing at the path (Lstat) within 200 ms of Serve's return"},

	// Request
	{README: "Request connects to the socket at path", Check: "returns the server's reply",
		Bound: "the fake server at the path accepted a connection"},
	{README: "writes msg", Check: "sends its message, then half-closes",
		Bound: "the server reads exactly msg (212–2,211 bytes)"},
	{README: "closes its write side (CloseWrite)", Check: "sends its message, then half-closes",
		Bound: "the server sees the end of data within 1 s of the connection"},
	{README: "returns the whole reply, read until the server closes the connection", Check: "returns the server's reply",
		Bound: "the reply byte for byte and a nil error; Request returns within 3 s"},
	{README: "returns the whole reply (the grader sends replies in many small pieces)", Check: "reads the whole reply across fragments",
		Bound: "1,513–3,012 bytes in fragments of 40 bytes to a quarter, each sent only after the client read the one before"},
	{README: "Before it returns, it closes the connection", Check: "closes its connection",
		Bound: "3–5 calls in one child (collector off); then no socket in the child's /proc/<pid>/fd, within 1 s"},
	{README: "a stale socket file with no server behind it: Request must return the refusal", Check: "reports a stale socket file as an error",
		Bound: "errors.Is(err, syscall.ECONNREFUSED), within 2 s; counts only if Request then reaches a live server at a fresh path"},
}
