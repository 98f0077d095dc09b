package httppost

import "netcourse/grader/internal/judge"

// promises maps every behaviour exercises/2.2-httppost/README.md promises
// to the check that fails when it is broken, with the bound it uses.
var promises = []judge.Promise{
	{README: "Send a POST to rawURL, as given: its path and its query go into the request line unchanged",
		Check: "form: a POST to the URL, with Content-Type application/x-www-form-urlencoded", Bound: "a random two-segment path and a query holding %2F; origin-form or absolute-form target"},
	{README: "Send a POST to rawURL, as given (PostJSON)",
		Check: "JSON: a POST to the URL, with Content-Type application/json", Bound: "as for the form"},
	{README: "Say what the body is with Content-Type: application/x-www-form-urlencoded for the form (a ; charset=utf-8 after it is fine)",
		Check: "form: a POST to the URL, with Content-Type application/x-www-form-urlencoded", Bound: "the media type of mime.ParseMediaType, parameters free"},
	{README: "Say what the body is with Content-Type: application/json for JSON",
		Check: "JSON: a POST to the URL, with Content-Type application/json", Bound: "the media type of mime.ParseMediaType, parameters free"},
	{README: "Return the body of the answer",
		Check: "form: a POST to the URL, with Content-Type application/x-www-form-urlencoded", Bound: "a random UTF-8 body, byte for byte, and a nil error for 200 OK"},
	{README: "Return the body of the answer (PostJSON)",
		Check: "JSON: a POST to the URL, with Content-Type application/json", Bound: "a random UTF-8 body, byte for byte, and a nil error for 200 OK"},
	{README: "Encode the body once: a form is name=value pairs joined by &, every name and value escaped; several values of a name in order",
		Check: "form: every name and value escaped exactly once", Bound: "names and values with space, &, =, +, %, é, Ñ, an empty value, a name with two values; url.ParseQuery of the body must equal the form"},
	{README: "JSON is the value as json.Marshal (or a json.Encoder) writes it, strings escaped as JSON escapes them",
		Check: "JSON: the body is the value encoded as JSON, once", Bound: "strings with \", \\, \\n, \\t, \\x01, <>&, non-ASCII; exactly one JSON value, whitespace around it allowed, equal to the Order decoded as any"},
	{README: "Frame the body: Content-Length with the number of bytes that follow the head, or Transfer-Encoding: chunked",
		Check: "the body is framed: Content-Length counts its bytes, or chunked is well-formed", Bound: "a form of 1–4 KB of escaped é and & and a JSON body of 3–6 KB; the server waits 2 s for missing bytes, reads until the client closes (1 s at most) for extra ones; chunked decoded strictly; both headers at once fail"},
	{README: "A status outside 200–299 is an error whose text contains the status code",
		Check: "a status outside 2xx is an error naming the code", Bound: "422 to PostForm and 409 to PostJSON; the error's text must contain \"422\" and \"409\""},
}
