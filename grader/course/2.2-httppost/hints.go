package httppost

import "netcourse/grader/internal/judge"

// hint is what `grader hint 2.2` shows, in layers: the concept, then a
// nudge, then the nudge of each failing check. Hints point and ask; they
// hand over no code to paste.
var hint = judge.Hint{
	Concept: "A POST carries data in its body, after the head. The server needs three things to read it: where it ends " +
		"(Content-Length in bytes, or chunked pieces), what it is (Content-Type) and the encoding that type names: " +
		"a form escapes each name and value once and joins them with & and =; JSON escapes strings its own way. " +
		"net/http frames the body for you when you hand it the encoded bytes; the encoding is yours.",
	Nudge: "Print the body you send with fmt.Printf(\"%q\\n\", body) for a value holding a space, &, +, % and é. " +
		"Can you decode it back by hand to exactly what you were given, in one step? And which header tells the server which decoder to use?",
	Checks: map[string]string{
		"form: a POST to the URL, with Content-Type application/x-www-form-urlencoded":   "Which method does your request use, which URL, and what does its Content-Type header say? Compare with what the README asks for.",
		"form: every name and value escaped exactly once":                                "Take one value through every function it passes on its way into the body. How many of them escape it?",
		"JSON: a POST to the URL, with Content-Type application/json":                    "Which Content-Type does your PostJSON send? Is it the one that says the body is JSON?",
		"JSON: the body is the value encoded as JSON, once":                              "What does your body look like for a string with a quote, a newline and a control character in it? How many times is it encoded?",
		"the body is framed: Content-Length counts its bytes, or chunked is well-formed": "Who counts the bytes of your body: net/http, or your code? Does the count come from the encoded body, in bytes?",
		"a status outside 2xx is an error naming the code":                               "What does your function do with resp.StatusCode? Does an answer of 422 look any different to your caller than 200?",
	},
}
