package htmllinks

import "netcourse/grader/internal/judge"

// hint is what `grader hint 3.5` shows, in layers: the concept, then a
// nudge, then the nudge of each failing check. Hints point and ask; they
// hand over no code to paste.
var hint = judge.Hint{
	Concept: "A web page is a byte stream that arrives in pieces, and what it links to is defined by HTML5's parsing rules, " +
		"not by what looks like a link: the tokenizer of golang.org/x/net/html applies those rules as it reads from the body, " +
		"so a tag split across two reads is still one tag, a comment or a script is one token with no tags inside, and " +
		"entities come decoded. A link is the href of an <a> or <area>; it becomes a URL only once resolved against the " +
		"document's base (the page's URL, or its first <base href>) with net/url.",
	Nudge: "Print every token's type and the tag name as your loop sees it, on a page with a comment and a script: " +
		"which tokens carry an href you keep, and which did you expect to be tags? Then print each href next to the URL you " +
		"resolved it to, and ask which URL a browser shows when you hover that link.",
	Checks: map[string]string{
		"returns the page's links, resolved against its URL, in document order":   "Where does your code parse the page's URL, and what does ResolveReference give for \"../x.html\" or \"?q=1\" against it? And do you read the body whole with one Read, or let the tokenizer read?",
		"resolves links against the page's first <base href>":                     "When your loop meets <base>, what do you keep, and what happens at the second one? Is the base itself resolved against the page's URL before you use it?",
		"lists each link once, where it first appears":                            "Two hrefs written differently can name the same URL: do you compare what was written, or what it resolved to? And does your de-duplication keep the page's order?",
		"ignores what is not a link: comments, scripts, src and other attributes": "Which token types and which tag names can give you a link? Are you looking at CommentToken or TextToken at all, or at attributes other than href, or at elements other than a and area?",
		"reads broken markup as a browser does":                                   "How does your loop treat a SelfClosingTagToken, and an attribute given twice? Where do the spaces around an href go, and what happens to an href url.Parse rejects?",
		"returns an error for a status other than 200 OK":                         "Does http.Get return an error for a 404? What in the response tells you the page is not there?",
		"closes the response body":                                                "Follow every return after http.Get succeeds, the error for a bad status included: does each one close the body? Which Go statement runs on every return?",
	},
}
