package htmllinks

import "netcourse/grader/internal/judge"

// promises maps every behaviour exercises/3.5-htmllinks/README.md promises
// to the check that fails when it is broken, with the bound it uses
// (TestPromisesNameRealChecks holds the names to real checks).
var promises = []judge.Promise{
	// The task, 1: fetch.
	{README: "Fetch the page with an HTTP GET of pageURL",
		Check: "returns the page's links, resolved against its URL, in document order", Bound: "the fake must receive GET of the page's path (two folders deep, random); any other path gets 404"},
	{README: "A status other than 200 OK is an error",
		Check: "returns an error for a status other than 200 OK", Bound: "403, 404, 410, 500 or 503 with a page of 3 links; a nil error fails"},
	{README: "Close the response body on every way out of Links, the error paths included",
		Check: "closes the response body", Bound: "Connection: close and FIN after a 200 and after an error status; the connection must be closed by the client within 2 s after Links returns (the child's collector is off)"},
	// The task, 2: a stream.
	{README: "The page arrives in fragments, cut in the middle of tags: never read the body yourself in one Read",
		Check: "returns the page's links, resolved against its URL, in document order", Bound: "a cut inside every link tag and at most 64 bytes a fragment, in lockstep (each read gets at most one)"},
	{README: "z.Err() == io.EOF is the normal end of the page",
		Check: "returns the page's links, resolved against its URL, in document order", Bound: "an error for a good page fails"},
	// The task, 3: what is a link.
	{README: "the href attribute of every <a> and <area> element, from StartTagToken and SelfClosingTagToken",
		Check: "returns the page's links, resolved against its URL, in document order", Bound: "12-17 links in six forms of the tag (quotes, case, attributes around href, newlines), an image map with two <area>"},
	{README: "<a href=\"x\"/> is a start tag to a browser",
		Check: "reads broken markup as a browser does", Bound: "one <a href=\"...\"/> a page"},
	{README: "markup inside a comment (even one that is never closed), and the text of <script>, <style>, <title> and <textarea>",
		Check: "ignores what is not a link: comments, scripts, src and other attributes", Bound: "two comments, a script that writes a link, a script template, a style sheet, a <title> and a <textarea> holding links, on every page"},
	{README: "markup inside a comment that is never closed",
		Check: "reads broken markup as a browser does", Bound: "an unclosed comment with a link at the end of the page"},
	{README: "other attributes: src, action, data-href; and the href of other elements (<link>, <base>)",
		Check: "ignores what is not a link: comments, scripts, src and other attributes", Bound: "src of <img>, <script>, <iframe>; <link href>; data-href; action and formaction; href=\"...\" as text"},
	{README: "the href of <base> is the base, not a link",
		Check: "resolves links against the page's first <base href>", Bound: "three <base> tags in the head"},
	{README: "take the first href of a tag that has two, and trim the spaces around its value",
		Check: "reads broken markup as a browser does", Bound: "href given twice; spaces and a newline around an href"},
	{README: "The tokenizer lowercases tag and attribute names and decodes entities",
		Check: "reads broken markup as a browser does", Bound: "&amp; &#38; &#x3D; in a URL, and &copy= kept as it is"},
	{README: "unclosed tags, a stray < in text, an end tag with attributes, a page without <html>, <head> or <body>",
		Check: "reads broken markup as a browser does", Bound: "every kind once a page, shuffled among 4 ordinary links"},
	// The task, 4: resolve.
	{README: "Resolve each link against the document's base URL with net/url: the page's own URL",
		Check: "returns the page's links, resolved against its URL, in document order", Bound: "a.html, ./a.html, dir/a.html, ../a.html, /dir/a.html, //host/a.html, https://..., ?q, #f, mailto:"},
	{README: "the first <base> with an href, itself resolved against the page's URL",
		Check: "resolves links against the page's first <base href>", Bound: "a base on another host, in another folder with a file, or relative to the page; a <base> without href before it and a second <base href> after it"},
	{README: "Skip an href that url.Parse rejects",
		Check: "reads broken markup as a browser does", Bound: "href=\"http://[::1...\" a page"},
	// The task, 5: once, in order.
	{README: "List each link once, where it first appears in the page",
		Check: "lists each link once, where it first appears", Bound: "half of 8-11 links again, later, written the same, absolute or from the root"},
	{README: "in the order they first appear",
		Check: "returns the page's links, resolved against its URL, in document order", Bound: "links shuffled from the seed; a sorted list fails"},
	{README: "Every call must return within 5 s",
		Check: "returns the page's links, resolved against its URL, in document order", Bound: "5 s (linksWithin) for a page of a few KB in ~100 fragments"},
}
