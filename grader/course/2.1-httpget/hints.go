package httpget

import "netcourse/grader/internal/judge"

// hint is what `grader hint 2.1` shows, in layers. Hints point and ask;
// they hand over no code to paste.
var hint = judge.Hint{
	Concept: "An HTTP GET is a request line, headers and an empty line; the query travels inside the request line, " +
		"after the path and a \"?\", so it must obey URL syntax: &, =, +, %, # and spaces have meanings there, and " +
		"only ASCII may appear, so every other byte is %-escaped, exactly once. The answer starts with a status code, " +
		"and a 404 or a 503 is a normal response with a body: your client must look at the code. The body is read " +
		"from the connection itself, so it must be closed, on every path, and a server may stop answering at any " +
		"moment, so the whole call needs a deadline.",
	Nudge: "Print the URL your code sends (req.URL.String()) for a value like \"fish & chips\" or \"100%\": " +
		"could a server tell where each parameter ends? Then follow every return of Get after client.Do: " +
		"which of them leave resp.Body open? And which client are you using: does it have a timeout at all?",
	Checks: map[string]string{
		"escapes the query (spaces, &, =, +, %, non-ASCII)":                 "Which characters does your code escape, and how many times? url.Values.Encode escapes every key and value itself: what happens to a value you escaped already?",
		"keeps the query already in the base URL":                           "What does your URL look like when the base already ends in \"?lang=en\"? How many \"?\" does it have, and which parameters survive?",
		"sends the headers given, User-Agent included":                      "Which headers does your request carry before client.Do? A header can have two values: does Set keep both?",
		"returns the body, with Content-Length or chunked":                  "How does your code know the body is complete? Who decodes the chunked framing when you read resp.Body?",
		"returns a *StatusError with the code for a status outside 200–299": "Where does your code look at resp.StatusCode, and is 203 a success for it? What does the caller get to test with errors.As?",
		"closes the body, also of an error response":                        "List every return after client.Do succeeded. On which of them is resp.Body still open? Which statement runs on all of them?",
		"gives up after Timeout when the server stalls":                     "What is the Timeout of the client you call Do on? http.Get uses http.DefaultClient: what is its timeout? And does your deadline still run while you read the body?",
	},
}
