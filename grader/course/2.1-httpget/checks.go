package httpget

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"netcourse/fixtures"
	"netcourse/fixtures/httpfake"
	"netcourse/grader/course/2.1-httpget/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
)

// Exercise 2.1: Get(base, params, headers) sends a GET with an escaped
// query and the headers given, returns the body of a 2xx answer, a
// *StatusError for any other, always closes the body, and gives up after
// Timeout.
var checks = []judge.Check{
	{Name: "escapes the query (spaces, &, =, +, %, non-ASCII)", Points: 4, Run: checkEscapes},
	{Name: "keeps the query already in the base URL", Points: 1, Run: checkBaseQuery},
	{Name: "sends the headers given, User-Agent included", Points: 2, Run: checkHeaders},
	{Name: "returns the body, with Content-Length or chunked", Points: 2, Run: checkBody},
	{Name: "returns a *StatusError with the code for a status outside 200–299", Points: 3, Run: checkStatus},
	{Name: "closes the body, also of an error response", Points: 2, Run: checkCloses},
	// A late Get is run again beside the reference before it counts:
	// four stalled calls of killAt at most, one after another.
	{Name: "gives up after Timeout when the server stalls", Points: 3, Run: checkStall, Timeout: 4*killAt + 5*time.Second},
}

const (
	getWithin = 4 * time.Second // Get against a prompt server returns well within this, on a loaded machine too
	hangHint  = "Get must return once the body has arrived: read it to its end (io.ReadAll(resp.Body)) and return."
)

// serve starts a fake HTTP server for the check, closed when it ends.
func serve(t *judge.T, h httpfake.Handler) (*httpfake.Server, error) {
	s, err := httpfake.Start(h)
	if err != nil {
		return nil, err
	}
	t.Cleanup(s.Close)
	return s, nil
}

// call runs Get with a, against a server that answers at once.
func call(t *judge.T, a contract.GetArgs) (*judge.Child, contract.GetResult, error) {
	c, r, err := harness.Call(t, contract.Get, a, getWithin)
	if err != nil {
		return c, r, harness.TimedOut(err, fmt.Sprintf("%s did not return within %v, although the server answered at once", showCall(a), getWithin), hangHint)
	}
	return c, r, nil
}

// showCall is the call as the student would write it, cut to a line.
func showCall(a contract.GetArgs) string {
	s := fmt.Sprintf("Get(%q, %s, %s)", a.Base, showValues(a.Params), showValues(a.Headers))
	if len(s) > 160 {
		s = fmt.Sprintf("Get(%q, …)", a.Base)
	}
	return s
}

func showValues(v map[string][]string) string {
	if v == nil {
		return "nil"
	}
	keys := slices.Sorted(maps.Keys(v))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%q: %q", k, v[k])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// firstRequest is the first request the server read: the one Get sent.
func firstRequest(t *judge.T, s *httpfake.Server) (*httpfake.Request, error) {
	reqs := s.WaitRequests(1, time.Second)
	if len(reqs) > 0 {
		return reqs[0], nil
	}
	if err := t.Ctx.Err(); err != nil {
		return nil, err
	}
	if s.Stats().Opened == 0 {
		return nil, judge.Fail("Get returned without ever connecting to the server at %s", s.Addr()).With("", "",
			"Send the request to the base URL you are given, with an http.Client.")
	}
	return nil, judge.Fail("Get connected to %s but sent no request", s.Addr()).With("", "",
		"Send a GET request on the connection and read its response.")
}

// malformed is the failure for a request the server could not read.
func malformed(r *httpfake.Request) *judge.Failure {
	line := harness.FirstLine(r.Raw)
	why := "a server parses the request line as METHOD, one space, the target, one space, the protocol: a space, or any byte a URL may not hold, in the target breaks it, and the server can only answer 400 Bad Request."
	f := judge.Fail("the server could not read the request: %v", r.Err).With(
		fmt.Sprintf("The request line was:\n  %s", judge.Quote(line)), why,
		"Build the URL with net/url (url.Values.Encode for the query), never by pasting strings together.")
	// A request line with the method and protocol in place: the target
	// is what lies between, whatever it holds.
	text := strings.TrimRight(string(line), "\r\n")
	if m, rest, ok := strings.Cut(text, " "); ok {
		if i := strings.LastIndexByte(rest, ' '); i >= 0 && strings.HasPrefix(rest[i+1:], "HTTP/") {
			if p := targetProblem(rest[:i]); p != "" {
				f.Summary = fmt.Sprintf("the server could not read the request line (%s ... %s): %s", m, rest[i+1:], p)
			}
		}
	}
	return f
}

// A URL target may hold only these bytes (RFC 3986): unreserved,
// sub-delims, ":", "@", "/", "?", and "%" starting an escape.
func targetByteOK(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@/?%", b) >= 0
}

// targetProblem says what is wrong with the bytes of a target, "" if
// nothing: a byte no URL may hold, or a "%" not starting an escape.
func targetProblem(target string) string {
	for i := 0; i < len(target); i++ {
		b := target[i]
		if !targetByteOK(b) {
			what := fmt.Sprintf("the byte %q", b)
			if b >= 0x80 {
				what = fmt.Sprintf("the byte 0x%X (part of a character in UTF-8, not ASCII)", b)
			}
			return fmt.Sprintf("%s at byte %d of the target is not allowed in a URL: it must be sent %%-escaped (%%%02X)", what, i, b)
		}
		if b == '%' && (i+2 >= len(target) || !isHex(target[i+1]) || !isHex(target[i+2])) {
			return fmt.Sprintf("the %% at byte %d of the target does not start an escape (%%XX): a literal %% must be sent as %%25", i)
		}
	}
	return ""
}

func isHex(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'
}

// tricky builds query parameters that only correct escaping carries: each
// key and value holds one of the characters the check names, around
// random words.
func tricky(t *judge.T) url.Values {
	w := func() string { return harness.Word(t.Rand, 3+t.Rand.IntN(4)) }
	return url.Values{
		"q":             {w() + " " + w() + " " + w()},
		w() + " " + w(): {w()},
		"and":           {w() + " & " + w(), w() + "&" + w()},
		w() + "=" + w(): {w() + "=" + w()},
		"plus":          {"1+" + w() + "+2"},
		"pct":           {"100%", "%41" + w(), "%zz"},
		"name":          {"Zoë " + w() + " 東京"},
		"é" + w():       {"ça va?"},
		"empty":         {""},
		w() + "#" + w(): {"#" + w() + "/"},
	}
}

// query judges the query Get sent, against want; "" if it carries want.
func queryProblem(r *httpfake.Request, wantPath string, want url.Values) *judge.Failure {
	if r.Err != nil {
		return malformed(r)
	}
	why := "the query is part of the URL, whose syntax reserves & (between parameters), = (between key and value), + (a space), % (an escape), # (the fragment) and ?: a key or value holding one of them, a space, or a non-ASCII character must be %-escaped, exactly once, or the server reads other parameters than you sent."
	hint := "Build the query with url.Values (Add, then Encode) and set it as the URL's RawQuery; Encode escapes each key and value itself, so do not escape them beforehand."
	if p := targetProblem(r.Target); p != "" {
		return judge.Fail("the request target is not a valid URL: %s", p).With(
			fmt.Sprintf("The request line was:\n  %s", judge.Quote(harness.FirstLine(r.Raw))), why, hint)
	}
	if r.Path() != wantPath {
		return judge.Fail("the request's path is %q, want %q (the path of the base URL)", r.Path(), wantPath).With(
			fmt.Sprintf("The request line was:\n  %s", judge.Quote(harness.FirstLine(r.Raw))),
			"the query goes after the path, behind a \"?\"; the path itself stays as the base URL has it.",
			"Parse the base URL with url.Parse and change only its RawQuery.")
	}
	raw, _ := r.RawQuery()
	got, err := url.ParseQuery(raw)
	if err != nil {
		return judge.Fail("the server could not parse the query: %v", err).With(
			fmt.Sprintf("The query sent was:\n  %s", judge.Quote([]byte(raw))), why, hint)
	}
	if equalValues(got, want) {
		return nil
	}
	f := judge.Fail("the server read other query parameters than the ones given to Get").With(
		fmt.Sprintf("The query sent was:\n  %s\nDecoded by the server, %s", judge.Quote([]byte(raw)), judge.Diff(want, got)), why, hint)
	if equalValues(unescaped(got), want) {
		f.Summary = "the query is escaped twice: the server reads \"%20\" where you meant a space, \"%26\" for \"&\", and so on"
	}
	return f
}

// unescaped is v with each key and value unescaped once more: what a
// query escaped twice decodes to.
func unescaped(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		uk, err := url.QueryUnescape(k)
		if err != nil {
			return nil
		}
		for _, x := range vs {
			ux, err := url.QueryUnescape(x)
			if err != nil {
				return nil
			}
			out[uk] = append(out[uk], ux)
		}
	}
	return out
}

// equalValues compares queries: every key with the same values in the same
// order; the order of keys does not matter.
func equalValues(a, b url.Values) bool {
	if len(a) != len(b) {
		return false
	}
	for k, va := range a {
		if !slices.Equal(va, b[k]) {
			return false
		}
	}
	return true
}

func checkEscapes(t *judge.T) error {
	s, err := serve(t, httpfake.Script(httpfake.OK("ok")))
	if err != nil {
		return err
	}
	path := "/" + harness.Word(t.Rand, 6)
	params := tricky(t)
	a := contract.GetArgs{Base: s.URL() + path, Params: params}
	if _, _, err := call(t, a); err != nil {
		return err
	}
	r, err := firstRequest(t, s)
	if err != nil {
		return err
	}
	if f := queryProblem(r, path, params); f != nil {
		return f
	}
	return nil
}

func checkBaseQuery(t *judge.T) error {
	s, err := serve(t, httpfake.Script(httpfake.OK("ok")))
	if err != nil {
		return err
	}
	path := "/" + harness.Word(t.Rand, 5) + "/" + harness.Word(t.Rand, 4)
	lang, page := harness.Word(t.Rand, 2), fmt.Sprint(1+t.Rand.IntN(9))
	params := url.Values{"q": {harness.Word(t.Rand, 4) + " " + harness.Word(t.Rand, 5)}}
	a := contract.GetArgs{Base: s.URL() + path + "?lang=" + lang + "&page=" + page, Params: params}
	if _, _, err := call(t, a); err != nil {
		return err
	}
	r, err := firstRequest(t, s)
	if err != nil {
		return err
	}
	want := url.Values{"lang": {lang}, "page": {page}, "q": params["q"]}
	if f := queryProblem(r, path, want); f != nil {
		f.Summary = fmt.Sprintf("the base URL %q already has a query; ", a.Base) + f.Summary
		f.Hint = "Parse the base URL, take its query with u.Query(), Add the parameters to it, and set u.RawQuery to its Encode()."
		return f
	}
	return nil
}

// headerValues are the values sent for a header name: its lines in order,
// each split at commas (a client may join several values in one line).
func headerValues(r *httpfake.Request, name string) []string {
	var out []string
	for _, v := range r.Values(name) {
		for p := range strings.SplitSeq(v, ",") {
			out = append(out, strings.TrimSpace(p))
		}
	}
	return out
}

func checkHeaders(t *judge.T) error {
	s, err := serve(t, httpfake.Script(httpfake.OK("ok")))
	if err != nil {
		return err
	}
	w := func(n int) string { return harness.Word(t.Rand, n) }
	headers := http.Header{
		"User-Agent":   {"netcourse-" + w(5) + "/1." + fmt.Sprint(t.Rand.IntN(10))},
		"Accept":       {"text/" + w(4)},
		"X-Request-Id": {w(12)},
		"X-Tag":        {w(4), w(5)},
	}
	a := contract.GetArgs{Base: s.URL() + "/" + w(6), Headers: headers}
	if _, _, err := call(t, a); err != nil {
		return err
	}
	r, err := firstRequest(t, s)
	if err != nil {
		return err
	}
	if r.Err != nil {
		return malformed(r)
	}
	var probs []string
	for _, name := range slices.Sorted(maps.Keys(headers)) {
		want := headers[name]
		got := headerValues(r, name)
		switch {
		case len(got) == 0:
			probs = append(probs, fmt.Sprintf("no %s header; want %q", name, want))
		case !slices.Equal(got, want):
			probs = append(probs, fmt.Sprintf("%s is %q, want %q", name, got, want))
		}
	}
	if r.Method != "GET" {
		probs = append(probs, fmt.Sprintf("the method is %q, want \"GET\"", r.Method))
	}
	if host := r.Get("Host"); host != s.Addr() {
		probs = append(probs, fmt.Sprintf("the Host header is %q, want %q (the host and port of the base URL)", host, s.Addr()))
	}
	if len(probs) == 0 {
		return nil
	}
	lines := make([]string, len(r.Header))
	for i, f := range r.Header {
		lines[i] = judge.Quote([]byte(f.Name + ": " + f.Value))
	}
	return judge.Fail("the request does not carry the headers given to Get:\n  - %s", strings.Join(probs, "\n  - ")).With(
		fmt.Sprintf("The server received the request line %s and these header lines:\n  %s", judge.Quote(harness.FirstLine(r.Raw)), strings.Join(lines, "\n  ")),
		"the server decides what to answer from the headers: who is asking (User-Agent: without it, Go sends \"Go-http-client/1.1\", which many APIs refuse), what you accept, the ids that tie requests together. Every value given must go, a header with two values too.",
		"Build the request with http.NewRequest and add every value of every header to req.Header (Add, not Set, keeps them all), then send it with client.Do.")
}

func checkBody(t *judge.T) error {
	for _, chunked := range []bool{false, true} {
		body := fixtures.Body(t.Rand, 3000+t.Rand.IntN(3000))
		resp := &httpfake.Response{Status: 200, Body: body, Header: []httpfake.Field{{Name: "Content-Type", Value: "text/plain"}}}
		if chunked {
			resp.Chunks = fixtures.Split(t.Rand, len(body), 1, 999)
			resp.Trailer = []httpfake.Field{{Name: "X-Checksum", Value: harness.Word(t.Rand, 8)}}
		}
		// Lockstep fragments: each read of the client gets one at most.
		wire, _ := resp.Wire()
		sizes := fixtures.Split(t.Rand, len(wire), 200, 1500)
		resp.Drip = func(int) []int { return sizes }
		s, err := serve(t, func(r *httpfake.Request) *httpfake.Response {
			if chunked && r.Proto == "HTTP/1.0" {
				// No chunks for an HTTP/1.0 client: it did not say it
				// reads them. The body ends with the connection instead.
				return &httpfake.Response{Status: 200, Body: body, NoLength: true, Drip: resp.Drip}
			}
			return resp
		})
		if err != nil {
			return err
		}
		a := contract.GetArgs{Base: s.URL() + "/" + harness.Word(t.Rand, 6) + ".txt"}
		_, r, err := call(t, a)
		if err != nil {
			return err
		}
		req, err := firstRequest(t, s)
		if err != nil {
			return err
		}
		framing := "Content-Length"
		switch {
		case chunked && req.Proto == "HTTP/1.0":
			framing = "no length: the body ends when the server closes, as your HTTP/1.0 request asks"
		case chunked:
			framing = "Transfer-Encoding: chunked, in chunks of odd sizes, with a trailer"
		}
		if r.Err != nil && r.Err.Timeout && !chunked {
			return judge.Fail("the server sent a 200 OK with its whole %d-byte body (%s) and kept the connection open, and Get waited for more until its timeout: %s", len(body), framing, r.Err.Text).With("",
				"an HTTP/1.1 server keeps the connection open for the next request, so the end of the body is not the end of the connection: Content-Length (or the last, empty chunk) says where the body ends.",
				"Let net/http read the response (client.Do, or http.ReadResponse on your connection), and read resp.Body to its end.")
		}
		if r.Err != nil {
			return judge.Fail("Get returned an error for a 200 OK with a %d-byte body (%s): %s", len(body), framing, r.Err.Text).With("",
				"a 200 with its whole body is a success.",
				"Return the body with a nil error when the status is 2xx.")
		}
		if !bytes.Equal(r.Data, body) {
			return judge.Fail("Get returned %d bytes, not the %d-byte body the server sent (%s)", len(r.Data), len(body), framing).With(
				judge.ShowBytes(r.Data, body),
				"the body arrives in pieces, framed by Content-Length or by chunks: only reading it to its end (io.EOF from resp.Body) gets all of it, without the framing.",
				"Read resp.Body to its end with io.ReadAll and return what it gives.")
		}
	}
	return nil
}

// errorStatuses are the statuses Get must turn into a *StatusError.
var errorStatuses = []int{400, 401, 403, 404, 409, 410, 418, 429, 500, 502, 503}

// okStatuses are 2xx statuses other than 200 that carry a body.
var okStatuses = []int{201, 202, 203, 206}

func checkStatus(t *judge.T) error {
	code := errorStatuses[t.Rand.IntN(len(errorStatuses))]
	s, err := serve(t, httpfake.Script(httpfake.Status(code, "{\"error\": \""+harness.Word(t.Rand, 8)+"\"}\n")))
	if err != nil {
		return err
	}
	a := contract.GetArgs{Base: s.URL() + "/" + harness.Word(t.Rand, 6)}
	_, r, err := call(t, a)
	if err != nil {
		return err
	}
	if _, err := firstRequest(t, s); err != nil {
		return err
	}
	why := "HTTP carries failures in the status code, not in the transport: a 404 or a 503 arrives as a perfectly good response with a body (often an error page), so a client that does not look at the code hands an error page to its caller as if it were the data."
	switch {
	case r.Err == nil:
		return judge.Fail("the server answered %d %s, and Get returned its body with a nil error", code, http.StatusText(code)).With(
			fmt.Sprintf("Get returned %s", judge.Quote(r.Data)), why,
			"Look at resp.StatusCode: outside 200–299, return &StatusError{Code: resp.StatusCode}.")
	case r.Status == 0 && r.Err.Timeout:
		return judge.Fail("the server answered %d %s with its whole body and kept the connection open; Get waited for more until its timeout, and returned no *StatusError: %q", code, http.StatusText(code), r.Err.Text).With("",
			"an HTTP/1.1 server keeps the connection open for the next request: the status line and Content-Length say all there is to know, without waiting for a close.",
			"Let net/http read the response, look at resp.StatusCode, and return &StatusError{Code: resp.StatusCode} outside 200–299.")
	case r.Status == 0:
		return judge.Fail("the server answered %d %s; Get returned an error, but errors.As finds no *StatusError in it: %q", code, http.StatusText(code), r.Err.Text).With("",
			"the caller must be able to tell a 404 from a 503 (retry later?) without parsing a message: errors.As(err, &se) and se.Code.",
			"Return &StatusError{Code: resp.StatusCode}, or wrap it with fmt.Errorf(\"...: %w\", ...).")
	case r.Status != code:
		return judge.Fail("the server answered %d %s; Get's *StatusError has Code %d", code, http.StatusText(code), r.Status).With("",
			"the code is what the caller acts on.", "Put resp.StatusCode itself in the StatusError.")
	}
	// Any 2xx is a success, not only 200.
	ok := okStatuses[t.Rand.IntN(len(okStatuses))]
	body := fixtures.Body(t.Rand, 100+t.Rand.IntN(100))
	s2, err := serve(t, httpfake.Script(&httpfake.Response{Status: ok, Body: body}))
	if err != nil {
		return err
	}
	a = contract.GetArgs{Base: s2.URL() + "/" + harness.Word(t.Rand, 6)}
	_, r, err = call(t, a)
	if err != nil {
		return err
	}
	if r.Err != nil {
		return judge.Fail("the server answered %d %s with a body, and Get returned an error: %q", ok, http.StatusText(ok), r.Err.Text).With("",
			"every status from 200 to 299 is a success (201 Created, 203 Non-Authoritative Information, 206 Partial Content...): the body is the answer.",
			"Test the range, 200 <= code && code <= 299, not code == 200.")
	}
	if !bytes.Equal(r.Data, body) {
		return judge.Fail("the server answered %d %s; Get returned %d bytes, not its %d-byte body", ok, http.StatusText(ok), len(r.Data), len(body)).With(
			judge.ShowBytes(r.Data, body), "every 2xx is a success, and its body is the answer.", "Return the body of any 2xx response.")
	}
	return nil
}

// releasedWithin is how soon after it opened the connection must be let
// go. Closing the body closes the connection at once (it has not been read
// to its end); a body left open is let go only when the client's own
// timeout fires, Timeout after the call began, or never: half of Timeout
// tells the two apart with room to spare for a loaded machine, and a
// connection is only found held in two runs out of two.
const releasedWithin = contract.Timeout / 2

func checkCloses(t *judge.T) error {
	code := errorStatuses[t.Rand.IntN(len(errorStatuses))]
	page := fixtures.Body(t.Rand, 8000+t.Rand.IntN(4000))
	var held []string
	for run := 0; run < 2; run++ {
		h, err := closesRun(t, code, page)
		if err != nil || h == "" {
			return err
		}
		held = append(held, h)
	}
	return judge.Fail("after Get returned for a %d %s (%d-byte body, Connection: close), your program still held the connection: %s", code, http.StatusText(code), len(page), strings.Join(held, "; in a second run, ")).With("",
		"a response's body is the connection it arrives on: until it is closed (or read to its end) the client holds the socket, and a client that returns early on an error status leaks one per failed request, until it runs out of file descriptors (a client's timeout, if it has one, only frees it later).",
		"Call defer resp.Body.Close() right after client.Do succeeds, before any return, the error ones included.")
}

// closesRun runs Get once against an error status with a body and
// Connection: close, and says how the connection was held, "" if it was let
// go in time.
func closesRun(t *judge.T, code int, page []byte) (string, error) {
	// The fake sends FIN after the answer and waits for the client's close.
	s, err := serve(t, httpfake.Script(&httpfake.Response{Status: code, Body: page, Close: true}))
	if err != nil {
		return "", err
	}
	a := contract.GetArgs{Base: s.URL() + "/" + harness.Word(t.Rand, 6)}
	c, r, err := call(t, a)
	if err != nil {
		return "", err
	}
	defer c.Stop()
	if _, err := firstRequest(t, s); err != nil {
		return "", err
	}
	if r.Err == nil {
		return "", judge.Fail("the server answered %d %s, and Get returned no error, so this check cannot tell whether the body of an error response is closed", code, http.StatusText(code)).With("",
			"the check of the status codes says more.",
			"Outside 200–299, return &StatusError{Code: resp.StatusCode}.")
	}
	s.WaitReleased(contract.Timeout + 500*time.Millisecond)
	for _, ci := range s.Conns() {
		switch after := ci.ClientClosed.Sub(ci.Opened); {
		case ci.ClientClosed.IsZero():
			return fmt.Sprintf("the server saw no close from your side within %v", contract.Timeout+500*time.Millisecond), nil
		case after > releasedWithin:
			return fmt.Sprintf("your side closed it only ~%v after connecting, when a timeout fired, not when Get returned (after ~%v)", after.Round(10*time.Millisecond), r.Elapsed.Round(10*time.Millisecond)), nil
		}
	}
	return "", nil
}

// lateBy is how long after Timeout a stalled Get may return; later counts
// only if the reference solution, in the same check, is not as late.
const lateBy = 500 * time.Millisecond

// stalls are the stalled servers Get must give up on: one that never
// answers, one that stops in the middle of the body.
var stalls = []struct {
	what  string
	fault httpfake.Fault
	hint  string // for a Get that never returns
}{
	{"sends no answer at all", httpfake.Fault{Kind: httpfake.Stall, Part: httpfake.StatusLine},
		"http.Get and http.DefaultClient have no timeout at all: use a client of your own, &http.Client{Timeout: Timeout}, which bounds the whole call, body included."},
	{"sends the status line, the headers and half the body, then nothing more", httpfake.Fault{Kind: httpfake.Stall, Part: httpfake.Body, Offset: 500},
		"A timeout that ends with the headers (Transport.ResponseHeaderTimeout, a deadline cancelled when Do returns) does not bound reading the body: use http.Client's Timeout, or a context deadline kept until the body is read."},
}

func stalled(t *judge.T, i int) (*httpfake.Server, error) {
	f := stalls[i].fault
	return serve(t, httpfake.Script(&httpfake.Response{Status: 200, Body: fixtures.Body(t.Rand, 1000), Fault: &f}))
}

// killAt is when a Get against a stalled server is given up on: Timeout,
// lateBy, and a second for a loaded machine.
const killAt = contract.Timeout + lateBy + time.Second

// checkStall runs Get against both stalled servers at once.
func checkStall(t *judge.T) error {
	type run struct {
		s *httpfake.Server
		c *judge.Child
	}
	runs := make([]run, len(stalls))
	for i := range stalls {
		s, err := stalled(t, i)
		if err != nil {
			return err
		}
		c, err := harness.Start(t, contract.Get, contract.GetArgs{Base: s.URL() + "/" + harness.Word(t.Rand, 5)})
		if err != nil {
			return err
		}
		runs[i] = run{s, c}
	}
	// Both run at once, so each has killAt from the start.
	start := time.Now()
	for i, rn := range runs {
		r, err := harness.Result(rn.c, contract.Get, max(killAt-time.Since(start), 0))
		var te *judge.TimeoutError
		switch {
		case errors.As(err, &te) && t.Ctx.Err() == nil:
			// Not back by killAt: as late as one back at killAt, and
			// judged the same way, since the machine's load decides on
			// which side of killAt a late Get falls.
			if f := lateVerdict(t, i, killAt); f != nil {
				return f
			}
			continue
		case err != nil:
			return harness.TimedOut(err, fmt.Sprintf("against a server that %s, Get did not return within %v; Timeout is %v", stalls[i].what, killAt, contract.Timeout), stalls[i].hint)
		}
		if f := stallVerdict(t, i, r); f != nil {
			return f
		}
	}
	return nil
}

// stallVerdict judges what Get returned against stalls[i].
func stallVerdict(t *judge.T, i int, r contract.GetResult) error {
	what := stalls[i].what
	if r.Err == nil {
		return judge.Fail("against a server that %s, Get returned no error (and %d bytes)", what, len(r.Data)).With("",
			"a response that never ends is not a response: the caller must learn that it failed.",
			"Return the error the client's timeout gives you.")
	}
	if r.Elapsed < contract.Timeout {
		return judge.Fail("against a server that %s, Get gave up after ~%v, before Timeout (%v)", what, r.Elapsed.Round(time.Millisecond), contract.Timeout).With("",
			"a slow server is not a dead one: the README promises the caller Timeout in all.",
			"Use Timeout itself as the client's timeout, for the whole call.")
	}
	if !r.Err.Timeout {
		return judge.Fail("against a server that %s, Get returned after ~%v an error that does not report a timeout: %q", what, r.Elapsed.Round(time.Millisecond), r.Err.Text).With("",
			"the caller tells a timeout (retry later?) from other failures with errors.Is(err, os.ErrDeadlineExceeded) or a net.Error's Timeout(); a message turned into a new error loses that.",
			"Return the client's error as it is, or wrap it with %w.")
	}
	return lateVerdict(t, i, r.Elapsed)
}

// lateVerdict judges a Get against stalls[i] that had not given up after
// elapsed (killAt: not at all by then).
func lateVerdict(t *judge.T, i int, elapsed time.Duration) error {
	what := stalls[i].what
	if elapsed <= contract.Timeout+lateBy {
		return nil
	}
	// Late: only if the reference is not as late on this machine now.
	ref, err := referenceElapsed(t, i)
	if err != nil {
		return err
	}
	if elapsed <= ref+lateBy {
		return nil
	}
	// Late twice, each time beside the reference, before it counts: one
	// late return can be the machine's.
	again, err := submissionElapsed(t, i)
	if err != nil {
		return err
	}
	ref2, err := referenceElapsed(t, i)
	if err != nil {
		return err
	}
	if again <= contract.Timeout+lateBy || again <= ref2+lateBy {
		return nil
	}
	return judge.Fail("against a server that %s, Get was still waiting after ~%v, more than %v past Timeout (%v), and after ~%v in a second run; the reference solution gave up after ~%v and ~%v", what, elapsed.Round(time.Millisecond), lateBy, contract.Timeout, again.Round(time.Millisecond), ref.Round(time.Millisecond), ref2.Round(time.Millisecond)).With("",
		"Timeout bounds the whole call: waiting for the answer and reading the body together.",
		"Use Timeout itself, once, for the whole call (http.Client's Timeout, or a context deadline): not a longer one, and not one per step.")
}

// submissionElapsed is how long the submission's Get takes against a
// fresh stalls[i]; one that does not return by killAt took killAt.
func submissionElapsed(t *judge.T, i int) (time.Duration, error) {
	s, err := stalled(t, i)
	if err != nil {
		return 0, err
	}
	c, err := harness.Start(t, contract.Get, contract.GetArgs{Base: s.URL() + "/" + harness.Word(t.Rand, 5)})
	if err != nil {
		return 0, err
	}
	defer c.Stop()
	r, err := harness.Result(c, contract.Get, killAt)
	var te *judge.TimeoutError
	if errors.As(err, &te) {
		return killAt, nil
	}
	if err != nil {
		return 0, err
	}
	return r.Elapsed, nil
}

// referenceElapsed is how long the reference solution takes against a
// fresh stalls[i].
func referenceElapsed(t *judge.T, i int) (time.Duration, error) {
	s, err := stalled(t, i)
	if err != nil {
		return 0, err
	}
	c, err := harness.StartReference(t, contract.Get, contract.GetArgs{Base: s.URL() + "/"})
	if err != nil {
		return 0, fmt.Errorf("reference solution: %w", err)
	}
	defer c.Stop()
	r, err := harness.Result(c, contract.Get, killAt)
	if err != nil {
		return 0, fmt.Errorf("reference solution: %w", err)
	}
	return r.Elapsed, nil
}
