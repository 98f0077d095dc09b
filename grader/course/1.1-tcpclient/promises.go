package tcpclient

import "netcourse/grader/internal/judge"

// promises maps every behaviour exercises/1.1-tcpclient/README.md promises
// to the check that fails when it is broken, with the bound it uses
// (TestPromisesNameRealChecks holds the names to real checks).
var promises = []judge.Promise{
	// The task, 1: connect.
	{README: "Connect to host:port over TCP (net.Dial(\"tcp\", net.JoinHostPort(host, strconv.Itoa(port))))",
		Check: "sends a well-formed HTTP/1.0 request", Bound: "an IPv4 literal host (127.0.0.1) and a random port; the server must receive the request"},
	{README: "Connect to host:port over TCP: host may be an IPv6 literal, which net.JoinHostPort puts in brackets",
		Check: "connects to an IPv6 host given as a literal (::1)", Bound: "host \"::1\" on every seed (skipped only where the machine has no IPv6 loopback); a connection with a request must reach [::1]:port within 2 s + 2 s"},
	// The task, 2: the request.
	{README: "Send the request: GET <path> HTTP/1.0, the path you were given",
		Check: "sends a well-formed HTTP/1.0 request", Bound: "a random two-segment path; the request line byte for byte"},
	{README: "every line ends in \\r\\n (CR LF), not just \\n",
		Check: "sends a well-formed HTTP/1.0 request", Bound: "every \\n of the request preceded by \\r"},
	{README: "An empty line ends the request",
		Check: "sends a well-formed HTTP/1.0 request", Bound: "the server waits 2 s (requestWithin) for \\r\\n\\r\\n"},
	{README: "Host names the server you meant: use the host you were given",
		Check: "sends a well-formed HTTP/1.0 request", Bound: "Host: 127.0.0.1, or 127.0.0.1:port"},
	{README: "Host names the server you meant: use the host you were given (an IPv6 host too)",
		Check: "connects to an IPv6 host given as a literal (::1)", Bound: "Host: ::1, [::1] or [::1]:port when a Host header is sent"},
	{README: "no body (grader: check your request byte by byte ... no body)",
		Check: "sends a well-formed HTTP/1.0 request", Bound: "no byte after the empty line"},
	// The task, 3: the response.
	{README: "Read the response until the server closes the connection, and return all of it, byte for byte",
		Check: "reads the whole response across fragments", Bound: "1.5–3 KB body in up to 40 fragments, each sent only after the one before was read (lockstep); Get must return within 2 s + 1 s per fragment"},
	{README: "One Read is not one message: read in a loop until io.EOF",
		Check: "reads the whole response across fragments", Bound: "lockstep fragments: a single Read sees only the first"},
	{README: "io.EOF is not an error here, it is the normal end",
		Check: "reads the whole response across fragments", Bound: "a clean close (FIN) must give a nil error"},
	{README: "A read can return data and an error together. Keep the data first (the last bytes arrive with io.EOF)",
		Check: "keeps the bytes that arrive with the close", Bound: "one write and an immediate close; the last line has no newline; within 2 s"},
	// The task, 4, and the errors.
	{README: "Close the connection when you are done",
		Check: "closes its connection", Bound: "3–5 calls in one child: the server must see each connection's FIN within 4 s, and the child must hold 0 sockets (Child.Sockets) once they returned; a FIN without Close (CloseWrite) fails"},
	{README: "return errors instead of panicking or exiting",
		Check: "returns an error when the connection is refused", Bound: "a panic, log.Fatal or os.Exit on Dial's error crashes the child, which fails the check"},
	{README: "A refused connection is not a bug in your program: net.Dial returns an error; pass it on",
		Check: "returns an error when the connection is refused", Bound: "errors.Is(err, syscall.ECONNREFUSED) within 2 s, and a request sent where a server listens"},
	{README: "Any other error (for instance connection reset by peer) means the response may be cut short: return it",
		Check: "reports a reset connection as an error", Bound: "RST after half of an 0.8–1.2 KB response; errors.Is(err, syscall.ECONNRESET) within 2 s, after reading what came before it"},
}
