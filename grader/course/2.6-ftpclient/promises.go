package ftpclient

import "netcourse/grader/internal/judge"

// promises maps every behaviour exercises/2.6-ftpclient/README.md promises
// to the check that fails when it is broken, with the bound it uses
// (TestPromisesNameRealChecks holds the names to real checks). Every check
// cuts every reply into lockstep pieces (ftpfake Config.Split).
var promises = []judge.Promise{
	// The task, 1 and 2.
	{README: "Dial connects to the server and reads its greeting, which must be 220",
		Check: "logs in with USER and PASS", Bound: "a single-line 220 cut into pieces; Dial must return nil"},
	{README: "Login sends USER <user>, which the server answers 331, then PASS <pass>, answered 230. Read each reply before you send the next command",
		Check: "logs in with USER and PASS", Bound: "a random user and password; USER before PASS, exactly; Login must return nil"},
	{README: "its Cmd sends a command line ending in \\r\\n",
		Check: "logs in with USER and PASS", Bound: "every command line; one ending in a bare \\n fails"},
	// Multi-line replies.
	{README: "Any reply may be multi-line ... ReadResponse reads it all; by hand, read lines until one starts with the code and a space",
		Check: "reads multi-line replies", Bound: "220, 230, 150 and 226 multi-line (one line without a code in 220 and 230); List and Retr must return the exact listing and file"},
	{README: "Replies also arrive in pieces: one Read may return half a line",
		Check: "lists a directory over a passive data connection", Bound: "every reply of every check in lockstep pieces of 1 byte to a third of the reply"},
	// The task, 3: List and Retr.
	{README: "List and Retr each use a new passive data connection ... read the data connection to its end ... List(dir) returns the listing's lines, as the server sent them, without their \\r\\n",
		Check: "lists a directory over a passive data connection", Bound: "two directories of 3–7 ls -l lines, data in lockstep fragments; the lines exactly (go-cmp diff)"},
	{README: "Retr(path) returns the file's bytes, exactly as stored",
		Check: "retrieves a file byte for byte in binary mode (TYPE I)", Bound: "two 2–5 KB random binary files with \\n, \\r\\n, NUL and 0xff; byte for byte"},
	{README: "Retr asks for binary mode first, TYPE I: in the default type, ASCII, a server rewrites line ends",
		Check: "retrieves a file byte for byte in binary mode (TYPE I)", Bound: "in TYPE A the fake turns each \\n into \\r\\n; the failure names the TYPE the server saw"},
	{README: "send PASV and connect to the port of its reply ... which is p1*256 + p2. EPSV is an extension older servers lack: if you use it, send PASV when the server answers EPSV with a 5xx",
		Check: "connects to the port the PASV reply gives", Bound: "EPSV answered 502; a data connection must come to the port the 227 gives (an ephemeral port, so p1 >= 128)"},
	{README: "send LIST <dir> or RETR <path>, then read the reply on the control connection first: 150 (or 125) means the data comes",
		Check: "reads the 150 reply before the data", Bound: "the 150 in lockstep pieces, and no data until it was read; a client that has not read it within 2 s fails"},
	{README: "a server may send the 226 before the data, or only after it closed the data connection: both are legal, and your client must work with both",
		Check: "works whether 226 comes before or after the data connection closes", Bound: "three transfers, the orders alternating from a seeded first one, so both come in every run; in the 226-after order the data must be read (each fragment within 2 s) before the 226 is sent"},
	// Errors.
	{README: "An unexpected reply is an error that is (or wraps) the *textproto.Error that ReadResponse returns ... a 550 to RETR gives an error whose *textproto.Error has Code 550",
		Check: "returns an error carrying the code of a 5xx reply (550)", Bound: "RETR of a missing file answered 550; errors.As(err, &*textproto.Error) with Code 550"},
	{README: "After such an error the session goes on: the next command gets its own reply",
		Check: "returns an error carrying the code of a 5xx reply (550)", Bound: "the Retr after the 550 must return the file"},
	// Closing.
	{README: "Every connection is closed when you are done with it: each data connection after its transfer",
		Check: "closes the data connection after each transfer", Bound: "three transfers; the client's close of each data connection must reach the server within 2 s of the server's own close"},
	{README: "Quit sends QUIT, reads the 221, and closes the control connection",
		Check: "sends QUIT and closes the control connection", Bound: "QUIT received, Quit returns nil, the control connection closed within 2 s of the 221, and the child holds 0 sockets (Child.Sockets) once the session returned"},
}
