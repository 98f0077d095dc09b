package httpget

import "netcourse/grader/internal/judge"

// promises maps every behaviour exercises/2.1-httpget/README.md promises
// to the check that fails when it is broken, with the bound it uses.
var promises = []judge.Promise{
	{README: "params added to the query, each key and value escaped: spaces, &, =, +, %, # and non-ASCII characters reach the server as given",
		Check: "escapes the query (spaces, &, =, +, %, non-ASCII)", Bound: "10 keys, 14 values with a space, &, =, +, %, %41, %zz, #, ?, é, ë, 東京, an empty value and a key with two values, around random words; the raw target must hold only URL bytes (RFC 3986) and url.ParseQuery of it must equal params (key order free, values in order)"},
	{README: "escaped exactly once (a query escaped twice is named as such)",
		Check: "escapes the query (spaces, &, =, +, %, non-ASCII)", Bound: "the decoded query must equal params; one more unescape giving params is reported as escaped twice"},
	{README: "space as + or %20, keys in any order",
		Check: "escapes the query (spaces, &, =, +, %, non-ASCII)", Bound: "compared after url.ParseQuery, so both spellings and any key order pass"},
	{README: "the path of base unchanged",
		Check: "escapes the query (spaces, &, =, +, %, non-ASCII)", Bound: "the target before \"?\" must be the base's path byte for byte"},
	{README: "base may already have a query: keep it and add params to it",
		Check: "keeps the query already in the base URL", Bound: "base with ?lang=<2 letters>&page=<digit>; the decoded query must hold lang, page and q"},
	{README: "send every header in headers, every value of each (User-Agent included)",
		Check: "sends the headers given, User-Agent included", Bound: "User-Agent, Accept, X-Request-Id and X-Tag with two values; one line per value or values joined with commas; method GET and Host host:port"},
	{README: "return the body, whole, whatever its framing (Content-Length or chunked)",
		Check: "returns the body, with Content-Length or chunked", Bound: "3–6 KB bodies, one with Content-Length, one chunked in chunks of 1–999 bytes with a trailer, each sent in 200–1500-byte lockstep fragments; within 4 s"},
	{README: "headers nil or params nil are fine",
		Check: "returns the body, with Content-Length or chunked", Bound: "params and headers nil"},
	{README: "a status outside 200–299 is an error for which errors.As finds a *StatusError with the code",
		Check: "returns a *StatusError with the code for a status outside 200–299", Bound: "one of 400 401 403 404 409 410 418 429 500 502 503, with a body; errors.As(err, &se) and se.Code == status"},
	{README: "every status from 200 to 299 is a success",
		Check: "returns a *StatusError with the code for a status outside 200–299", Bound: "one of 201 202 203 206 with a 100–200-byte body: nil error and the body"},
	{README: "always close the response's body, on every return, the error ones included",
		Check: "closes the body, also of an error response", Bound: "an error status with an 8–12 KB body and Connection: close; the server must see your side close the connection within Timeout/2 (500 ms) of opening it, before a client's own timeout would free it; held in two runs of two fails (the child's collector is off)"},
	{README: "give up after Timeout (1 s) in all, body included, with an error that reports a timeout",
		Check: "gives up after Timeout when the server stalls", Bound: "a server that never answers and one that stops mid-body: an error with Timeout() (net.Error) or os.ErrDeadlineExceeded; never before 1 s; at most 500 ms after it, or after the reference solution's own time in the same check; killed at 2.5 s"},
}
