package httppost

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/url"
	"reflect"
	"strings"
	"time"

	"netcourse/grader/course/2.2-httppost/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// Exercise 2.2: a form and a JSON value sent in POST requests, judged
// byte by byte by a fake server that reads the request itself.
var checks = []judge.Check{
	{Name: "form: a POST to the URL, with Content-Type application/x-www-form-urlencoded", Points: 2, Run: checkFormRequest},
	{Name: "form: every name and value escaped exactly once", Points: 3, Run: checkFormBody},
	{Name: "JSON: a POST to the URL, with Content-Type application/json", Points: 2, Run: checkJSONRequest},
	{Name: "JSON: the body is the value encoded as JSON, once", Points: 3, Run: checkJSONBody},
	{Name: "the body is framed: Content-Length counts its bytes, or chunked is well-formed", Points: 2, Run: checkFraming},
	{Name: "a status outside 2xx is an error naming the code", Points: 1, Run: checkStatus},
}

const (
	requestWithin = 2 * time.Second // how long the fake server waits for the whole request
	lingerWithin  = time.Second     // how long it waits for the client to close after the answer
	callWithin    = requestWithin + 3*time.Second

	formType = "application/x-www-form-urlencoded"
	jsonType = "application/json"

	hangHint = "Send the request, read the answer's body to its end, close it and return."
)

// exchange is one call of the student's function and the request the
// fake server read for it.
type exchange struct {
	fn     string // "PostForm" or "PostJSON"
	url    string
	target string // the request target the URL asks for
	req    *request
	ret    wire.Return
}

// post serves one answer (status, body) at a fresh URL with a path and a
// query, runs op with the arguments args makes for that URL, and returns
// what came and what the call returned.
func post[A any](t *judge.T, op wire.Op[A, wire.Return], args func(url string) A, status int, answer []byte) (*exchange, error) {
	got := harness.NewObserved[*request]()
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		got.Add(readRequest(c, requestWithin, lingerWithin, func(*request) []byte {
			return response(status, "text/plain; charset=utf-8", answer)
		}))
	})
	if err != nil {
		return nil, err
	}
	path := "/" + harness.Word(t.Rand, 6) + "/" + harness.Word(t.Rand, 4)
	query := "ref=" + harness.Word(t.Rand, 3) + "%2F" + harness.Word(t.Rand, 3)
	ex := &exchange{fn: op.Func, url: "http://" + srv.Addr() + path + "?" + query, target: path + "?" + query}
	_, ex.ret, err = harness.Call(t, op, args(ex.url), callWithin)
	if err != nil {
		return nil, harness.TimedOut(err, fmt.Sprintf("%s(%q, ...) did not return within %v, although the server answered", ex.fn, ex.url, callWithin), hangHint)
	}
	all := got.Wait(t, srv.Accepted(), requestWithin+lingerWithin+time.Second)
	if err := t.Ctx.Err(); err != nil {
		return nil, err
	}
	for _, r := range all {
		if len(r.raw) > 0 {
			ex.req = r
			break
		}
	}
	if ex.req == nil {
		return nil, harness.NotConnected(ex.fn, srv)
	}
	return ex, nil
}

// postForm runs PostForm with form against a server answering 200 OK.
func postForm(t *judge.T, form url.Values, answer []byte) (*exchange, error) {
	return post(t, contract.PostForm, func(u string) contract.PostFormArgs {
		return contract.PostFormArgs{URL: u, Form: form}
	}, 200, answer)
}

// postJSON runs PostJSON with o against a server answering 200 OK.
func postJSON(t *judge.T, o contract.Order, answer []byte) (*exchange, error) {
	return post(t, contract.PostJSON, func(u string) contract.PostJSONArgs {
		return contract.PostJSONArgs{URL: u, Order: o}
	}, 200, answer)
}

// randomForm has every character that needs escaping in a form: spaces,
// &, =, +, %, non-ASCII, in names and values, an empty value and a name
// given twice.
func randomForm(t *judge.T) url.Values {
	w := func(n int) string { return harness.Word(t.Rand, n) }
	return url.Values{
		"name":              {"Zoë " + w(5) + " Ñúñez"},
		"comment":           {w(4) + " & " + w(3) + " = 1+1, 100% sure"},
		"tag":               {w(5), w(3) + " " + w(4)},
		"empty":             {""},
		w(4) + "&price=tax": {"5%2B" + w(2)},
	}
}

// randomOrder has what JSON must escape: quotes, a backslash, a newline,
// a control character, HTML's <>&, non-ASCII.
func randomOrder(t *judge.T, noteLen int) contract.Order {
	w := func(n int) string { return harness.Word(t.Rand, n) }
	note := w(4) + " \"quoted\" <b>&amp;</b> tab\there\nline\\two \x01 ünïcödé ✓"
	for len(note) < noteLen {
		note += " " + w(1+t.Rand.IntN(8))
	}
	return contract.Order{
		Item:  w(6) + " \"" + w(3) + "\"",
		Qty:   1 + t.Rand.IntN(99),
		Gift:  t.Rand.IntN(2) == 0,
		Tags:  []string{w(3), "a&b=c", "é"},
		Note:  note,
		Price: float64(100+t.Rand.IntN(9000)) / 4,
	}
}

func randomAnswer(t *judge.T) []byte {
	return []byte("accepted " + harness.Word(t.Rand, 10) + " ✓\n")
}

func checkFormRequest(t *judge.T) error {
	answer := randomAnswer(t)
	ex, err := postForm(t, randomForm(t), answer)
	if err != nil {
		return err
	}
	return requestProblems(ex, formType, answer)
}

func checkJSONRequest(t *judge.T) error {
	answer := randomAnswer(t)
	ex, err := postJSON(t, randomOrder(t, 0), answer)
	if err != nil {
		return err
	}
	return requestProblems(ex, jsonType, answer)
}

// requestProblems reports every problem of the request line, the
// Content-Type and the return value of a call whose answer was 200 OK.
func requestProblems(ex *exchange, wantType string, answer []byte) error {
	var probs []string
	r := ex.req
	if !r.complete {
		probs = append(probs, fmt.Sprintf("the request's head never ended with an empty line (\"\\r\\n\\r\\n\") within %v", requestWithin))
	}
	if r.method != "POST" {
		probs = append(probs, fmt.Sprintf("the method is %q, want \"POST\": data that a server is to act on is sent in a POST's body, not in a %s", r.method, r.method))
	}
	if r.target != ex.target && r.target != strings.TrimSuffix(ex.url, ex.target)+ex.target {
		probs = append(probs, fmt.Sprintf("the request target is %q, want %q: the path and the query of the URL you were given, as they are", r.target, ex.target))
	}
	if ct := r.get("Content-Type"); ct == "" {
		probs = append(probs, fmt.Sprintf("there is no Content-Type header; want \"Content-Type: %s\"", wantType))
	} else if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != wantType {
		probs = append(probs, fmt.Sprintf("the Content-Type is %q, want %q: it is how the server knows how to read the body", ct, wantType))
	}
	if r.complete {
		switch {
		case ex.ret.Err != nil:
			probs = append(probs, fmt.Sprintf("%s returned the error %q, although the server answered 200 OK", ex.fn, ex.ret.Err.Text))
		case !bytes.Equal(ex.ret.Data, answer):
			probs = append(probs, fmt.Sprintf("%s returned %s, not the answer's body:\n%s", ex.fn, judge.Quote(ex.ret.Data), indent(judge.ShowBytes(ex.ret.Data, answer))))
		}
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("the request %s sent is not right:\n  - %s", ex.fn, strings.Join(probs, "\n  - ")).With(
		fmt.Sprintf("%s(%q, ...) sent this head:\n%s", ex.fn, ex.url, headText(r)),
		"a server routes a request by its method and target, and reads its body by the Content-Type: the same bytes mean a form, JSON or plain text only because the header says so.",
		fmt.Sprintf("Send a POST to the URL as given, with the header Content-Type: %s, and return the body of the answer (http.Post takes the Content-Type as its second argument).", wantType))
}

func checkFormBody(t *judge.T) error {
	form := randomForm(t)
	ex, err := postForm(t, form, randomAnswer(t))
	if err != nil {
		return err
	}
	body := ex.req.body
	got, perr := url.ParseQuery(string(body))
	if perr == nil && sameForm(form, got) {
		return nil
	}
	why := "the server decodes the body once: each name=value pair is split at & and =, then + becomes a space and %XX the byte XX. Anything escaped twice, or not at all, arrives as other text."
	detail := fmt.Sprintf("The body the server received:\n%s\none correct encoding (url.Values.Encode; the order of the names is free):\n%s",
		judge.ShowBytes(body, []byte(form.Encode())), judge.Quote([]byte(form.Encode())))
	if perr == nil && len(body) > 0 {
		detail += "\nwhat the server decoded from it " + judge.Diff(map[string][]string(form), map[string][]string(got))
	}
	if ex.req.frameErr != "" && len(body) > 0 {
		detail += "\n(and the body's framing is off too: " + ex.req.frameErr + ")"
	}
	hint := "Build the body with url.Values.Encode (or let http.PostForm do it) and send that string as it is."
	switch {
	case perr == nil && sameForm(form, unescapeAgain(got)):
		return judge.Fail("every name and value of the form is escaped twice").With(detail,
			why+" Escaping an already escaped body turns each % into %25, so the server reads \"%2B\" where you meant \"+\".",
			"Encode once: url.Values.Encode escapes every name and value; do not escape the values first, nor the encoded string again.")
	case len(body) == 0 && ex.req.frameErr != "":
		return judge.Fail("the server could not read the body: %s", ex.req.frameErr).With(detail,
			"the server finds the body by the head's framing headers; when they are wrong it reads no body, or another one.",
			"Let net/http frame the body (give it the encoded bytes) instead of writing Content-Length or Transfer-Encoding yourself.")
	case len(body) == 0:
		return judge.Fail("the request has no body: the form never reached the server").With(detail,
			"a POSTed form travels in the body; put it in the URL and it is a query, which a form handler does not read.",
			hint)
	case json.Valid(body):
		return judge.Fail("the body is JSON, not a form").With(detail,
			"a form is name=value pairs joined by &, each escaped; a server told application/x-www-form-urlencoded cannot read JSON.",
			hint)
	case perr != nil:
		return judge.Fail("the body is not a well-formed form: the server's parser says %q", perr.Error()).With(detail,
			why+" A bare % must be followed by two hex digits.",
			hint)
	}
	return judge.Fail("the form the server decoded is not the one PostForm was given").With(detail,
		why+" A bare & or = inside a value splits it; a bare + reads as a space.",
		hint)
}

// sameForm says whether two forms have the same names, each with the same
// values in the same order (the order of names is free).
func sameForm(want, got url.Values) bool {
	if len(want) != len(got) {
		return false
	}
	for k, vs := range want {
		if !slicesEqual(vs, got[k]) {
			return false
		}
	}
	return true
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// unescapeAgain decodes every name and value once more, as a form
// escaped twice needs.
func unescapeAgain(f url.Values) url.Values {
	out := url.Values{}
	for k, vs := range f {
		k2, err := url.QueryUnescape(k)
		if err != nil {
			return nil
		}
		for _, v := range vs {
			v2, err := url.QueryUnescape(v)
			if err != nil {
				return nil
			}
			out[k2] = append(out[k2], v2)
		}
	}
	return out
}

func checkJSONBody(t *judge.T) error {
	o := randomOrder(t, 0)
	ex, err := postJSON(t, o, randomAnswer(t))
	if err != nil {
		return err
	}
	want, _ := json.Marshal(o)
	var wantV any
	json.Unmarshal(want, &wantV)
	body := ex.req.body
	gotV, jerr := decodeOne(body)
	if jerr == nil && reflect.DeepEqual(wantV, gotV) {
		return nil
	}
	detail := fmt.Sprintf("The body the server received:\n%s\none correct encoding (json.Marshal; any spacing and order of the names is as good):\n%s",
		judge.ShowBytes(body, want), judge.Quote(want))
	if ex.req.frameErr != "" && len(body) > 0 {
		detail += "\n(and the body's framing is off too: " + ex.req.frameErr + ")"
	}
	why := "the server decodes the body as one JSON value: it must be exactly the value you were given, with every string escaped as JSON escapes it (\\\", \\\\, \\n, \\u0001)."
	hint := "Encode the value with json.Marshal (or a json.Encoder writing to the body) and send those bytes as they are."
	if s, ok := gotV.(string); ok && jerr == nil {
		var inner any
		if json.Unmarshal([]byte(s), &inner) == nil && reflect.DeepEqual(wantV, inner) {
			return judge.Fail("the body is the JSON text encoded again, as one JSON string").With(detail,
				"encoding the output of json.Marshal once more wraps it in quotes and escapes every quote: the server gets a string, not the object.",
				"Encode the value once, and send the bytes json.Marshal returns (not json.Marshal(string(...))).")
		}
	}
	switch {
	case len(body) == 0 && ex.req.frameErr != "":
		return judge.Fail("the server could not read the body: %s", ex.req.frameErr).With(detail,
			"the server finds the body by the head's framing headers; when they are wrong it reads no body, or another one.",
			"Let net/http frame the body (give it the encoded bytes) instead of writing Content-Length or Transfer-Encoding yourself.")
	case len(body) == 0:
		return judge.Fail("the request has no body: the JSON never reached the server").With(detail, why, hint)
	case jerr != nil:
		if f, perr := url.ParseQuery(string(body)); perr == nil && len(f) > 1 {
			return judge.Fail("the body is a form, not JSON").With(detail,
				"a server told application/json reads the body as JSON; name=value pairs are a form.", hint)
		}
		return judge.Fail("the body is not one JSON value: %s", jerr).With(detail, why, hint)
	}
	return judge.Fail("the JSON the server decoded is not the value PostJSON was given").With(
		detail+"\nwhat the server decoded "+judge.Diff(wantV, gotV), why, hint)
}

// decodeOne decodes body as exactly one JSON value, spaces around it
// allowed (json.Encoder ends with a newline).
func decodeOne(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	var v any
	if err := dec.Decode(&v); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("the body is empty")
		}
		return nil, err
	}
	var more any
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("more follows the JSON value, from byte %d", dec.InputOffset())
	}
	return v, nil
}

func checkFraming(t *judge.T) error {
	var exs []*exchange
	ex, err := postForm(t, longForm(t), randomAnswer(t))
	if err != nil {
		return err
	}
	exs = append(exs, ex)
	if ex, err = postJSON(t, randomOrder(t, 3000+t.Rand.IntN(3000)), randomAnswer(t)); err != nil {
		return err
	}
	exs = append(exs, ex)
	var probs []string
	var details []string
	for _, ex := range exs {
		r := ex.req
		if !r.complete {
			probs = append(probs, fmt.Sprintf("%s: the request's head never ended with an empty line within %v", ex.fn, requestWithin))
			continue
		}
		var p []string
		if r.frameErr != "" {
			p = append(p, r.frameErr)
		}
		if len(r.extra) > 0 {
			p = append(p, fmt.Sprintf("%d bytes came after the body's end, which the server reads as the start of a next request: %s", len(r.extra), judge.Quote(r.extra)))
		}
		for _, s := range p {
			probs = append(probs, ex.fn+": "+s)
		}
		if len(p) > 0 {
			details = append(details, fmt.Sprintf("%s sent this head, then %d bytes:\n%s", ex.fn, len(r.raw)-len(r.head())+len(r.extra), headText(r)))
		}
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("the server cannot tell where the body ends:\n  - %s", strings.Join(probs, "\n  - ")).With(strings.Join(details, "\n"),
		"HTTP/1.1 keeps the connection open after a request, so the body's end must be announced: Content-Length gives the number of bytes that follow the head (bytes, not characters: é is 2), or Transfer-Encoding: chunked sends it in sized pieces ending with \"0\\r\\n\\r\\n\".",
		"Let net/http frame the body: give it the encoded bytes (strings.NewReader, bytes.NewReader) and it counts them; do not set Content-Length or Transfer-Encoding yourself. Writing the request by hand, send Content-Length: len(body), the length in bytes of the encoded body.")
}

// longForm is a form of a few KB, with values that grow when escaped.
func longForm(t *judge.T) url.Values {
	f := randomForm(t)
	for i := range 20 + t.Rand.IntN(20) {
		f.Set(fmt.Sprintf("line%d", i), strings.Repeat("é & ", 10+t.Rand.IntN(20))+harness.Word(t.Rand, 6))
	}
	return f
}

func checkStatus(t *judge.T) error {
	form, err := post(t, contract.PostForm, func(u string) contract.PostFormArgs {
		return contract.PostFormArgs{URL: u, Form: randomForm(t)}
	}, 422, []byte("the name is taken\n"))
	if err != nil {
		return err
	}
	js, err := post(t, contract.PostJSON, func(u string) contract.PostJSONArgs {
		return contract.PostJSONArgs{URL: u, Order: randomOrder(t, 0)}
	}, 409, []byte("out of stock\n"))
	if err != nil {
		return err
	}
	var probs []string
	for _, c := range []struct {
		ex   *exchange
		code string
	}{{form, "422 Unprocessable Entity"}, {js, "409 Conflict"}} {
		code, _, _ := strings.Cut(c.code, " ")
		switch {
		case c.ex.ret.Err == nil:
			probs = append(probs, fmt.Sprintf("%s returned no error for the answer %s (and the data %s)", c.ex.fn, c.code, judge.Quote(c.ex.ret.Data)))
		case !strings.Contains(c.ex.ret.Err.Text, code):
			probs = append(probs, fmt.Sprintf("%s returned the error %q for the answer %s: it does not name the code %s", c.ex.fn, c.ex.ret.Err.Text, c.code, code))
		}
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("an answer outside 2xx is not reported as an error:\n  - %s", strings.Join(probs, "\n  - ")).With("",
		"net/http returns an error only when no answer came; a 4xx or 5xx is an answer, and says the server refused what you sent. The caller must hear it, with the code to act on.",
		"After the request, look at resp.StatusCode; outside 200–299 return an error that contains resp.Status (fmt.Errorf).")
}

// headText is the request's head one line to a row, each quoted, so that
// every header can be read whole.
func headText(r *request) string {
	lines := strings.SplitAfter(string(r.head()), "\n")
	var b strings.Builder
	for _, l := range lines {
		if l != "" {
			fmt.Fprintf(&b, "  %s\n", judge.Quote([]byte(l)))
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func indent(s string) string {
	return "      " + strings.ReplaceAll(s, "\n", "\n      ")
}
