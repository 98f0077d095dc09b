package htmllinks

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"netcourse/fixtures/httpfake"
	"netcourse/grader/course/3.5-htmllinks/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
)

// Exercise 3.5: fetch a page over HTTP and list its links as a browser
// sees them. Every page comes from the seed, built from pieces that know
// their links (page.go), and arrives in lockstep fragments cut inside
// every link tag.
var checks = []judge.Check{
	{Name: "returns the page's links, resolved against its URL, in document order", Points: 3, Run: checkLinks},
	{Name: "resolves links against the page's first <base href>", Points: 2, Run: checkBase},
	{Name: "lists each link once, where it first appears", Points: 2, Run: checkOnce},
	{Name: "ignores what is not a link: comments, scripts, src and other attributes", Points: 2, Run: checkNotLinks},
	{Name: "reads broken markup as a browser does", Points: 2, Run: checkBroken},
	{Name: "returns an error for a status other than 200 OK", Points: 1, Run: checkStatus},
	{Name: "closes the response body", Points: 1, Run: checkCloses, Timeout: 2*linksWithin + 2*releaseWithin + 5*time.Second},
}

const (
	linksWithin   = 5 * time.Second // a page of a few KB in ~100 lockstep fragments takes well under this
	releaseWithin = 2 * time.Second // after Links returned, its connection must be let go within this
	whyBrowser    = "a crawler, a link checker or a browser must agree on what a page links to: the links are what an HTML5 parser finds in href of <a> and <area>, resolved as URLs against the document's base."
	hangHint      = "Links must return once the body is read to its end (the tokenizer's ErrorToken with io.EOF)."
)

// scenario is a page being made: its URL and the generator of its
// pieces.
type scenario struct {
	g        *gen
	page     loc    // the page's own URL
	baseHref string // the page's <base href>, if it has one
}

// started is a scenario with its server listening.
type started struct {
	*scenario
	srv    *httpfake.Server
	p      *page
	sizes  []int // the fragments the response is sent in
	status int
}

// start serves, at a random path two folders deep (so that ".." has
// somewhere to go), the page build makes, with the status given. The fake
// listens before the page exists, for the links name its port; its
// handler gets the response through an atomic pointer. It answers with
// Connection: close, so that a client that never closes the body is seen
// holding the connection, and 404 for any other path.
func start(t *judge.T, status int, build func(s *scenario) *page) (*started, error) {
	g := &gen{r: t.Rand}
	page := loc{dir: []string{g.word(), g.word()}, file: g.word() + ".html"}
	path := page.path()
	var resp atomic.Pointer[httpfake.Response]
	srv, err := httpfake.Start(func(r *httpfake.Request) *httpfake.Response {
		if r.Method != "GET" || r.Path() != path {
			return &httpfake.Response{Status: 404, Body: []byte("no such page: the page is at " + path + "\n"), Close: true}
		}
		return resp.Load()
	})
	if err != nil {
		return nil, err
	}
	t.Cleanup(srv.Close)
	page.origin = srv.URL()
	g.base = page
	st := &started{scenario: &scenario{g: g, page: page}, srv: srv, status: status}
	st.p = build(st.scenario)
	r := &httpfake.Response{Status: status, Body: []byte(st.p.html), Close: true,
		Header: []httpfake.Field{{Name: "Content-Type", Value: "text/html; charset=utf-8"}}}
	_, starts := r.Wire()
	st.sizes = cuts(t.Rand, starts[httpfake.Body], st.p)
	r.Drip = func(int) []int { return st.sizes }
	resp.Store(r)
	return st, nil
}

// call runs Links on the scenario's page and judges what the fake saw:
// a Links that timed out, or never asked for the page, fails here.
func (st *started) call(t *judge.T) (contract.LinksResult, error) {
	u := st.page.String()
	_, r, err := harness.Call(t, contract.Links, contract.LinksArgs{URL: u}, linksWithin)
	if err != nil {
		return r, harness.TimedOut(err, fmt.Sprintf("Links(%q) did not return within %v, although the server sent its answer (%d %s, %d bytes of HTML) and closed", u, linksWithin, st.status, http.StatusText(st.status), len(st.p.html)), hangHint)
	}
	reqs := st.srv.WaitRequests(1, time.Second)
	if len(reqs) == 0 {
		return r, judge.Fail("Links(%q) returned, but the server at %s never received a request", u, st.srv.Addr()).With("",
			"the links are those of the page the server sends: only a GET of the page's URL gets it.",
			"Fetch the page with http.Get(pageURL) and parse resp.Body.")
	}
	if !slices.ContainsFunc(reqs, func(q *httpfake.Request) bool { return q.Method == "GET" && q.Path() == st.page.path() }) {
		q := reqs[0]
		return r, judge.Fail("the server received %q, not a GET of the page's path %q", harness.FirstLine(q.Raw), st.page.path()).With("",
			"the URL names the page: its path is what the request line must ask for.",
			"Pass pageURL to http.Get as it is.")
	}
	return r, nil
}

// judgeLinks compares the links Links returned with the page's: the
// failure names the cause it sees (a page read only in part, the order,
// copies, then each link missing or extra, with the piece of the page it
// comes from), and falls back on the check's own why and hint.
func (st *started) judgeLinks(r contract.LinksResult, why, hint string) error {
	want := st.p.want()
	if r.Err != nil {
		return judge.Fail("Links(%q) returned the error %q for a good page (200 OK, %d links)", st.page.String(), r.Err.Text, len(want)).With(
			fmt.Sprintf("The server sent %d bytes of HTML in %d fragments, each only after the last was read, and closed.", len(st.p.html), len(st.sizes)),
			"markup a browser reads is markup you read: an HTML5 tokenizer never fails on a page, and io.EOF is the normal end of the body.",
			"Stop at the tokenizer's ErrorToken when z.Err() is io.EOF, and return the links with a nil error.")
	}
	if slices.Equal(r.Links, want) {
		return nil
	}
	call := fmt.Sprintf("Links(%q)", st.page.String())
	diff := listDiff(want, r.Links, 12)
	switch {
	case len(r.Links) < len(want) && slices.Equal(r.Links, want[:len(r.Links)]):
		what := fmt.Sprintf("the first %d of the page's %d links, and none after", len(r.Links), len(want))
		if len(r.Links) == 0 {
			what = fmt.Sprintf("no links, but the page has %d", len(want))
		}
		return judge.Fail("%s returned %s", call, what).With(
			fmt.Sprintf("The server sent the response (its head, then a page of %d bytes) in %d fragments (%s), cut inside every link tag, each only after you had read the one before.\n%s", len(st.p.html), len(st.sizes), harness.SizesText(st.sizes), diff),
			"TCP is a byte stream: one Read returns whatever has arrived, here a fragment of the page; only io.EOF says the page is complete. Read once, and you parse the first fragment.",
			"Hand resp.Body itself to html.NewTokenizer: it reads as much as each token needs, until io.EOF.")
	case sameSet(r.Links, want) && !hasCopies(r.Links):
		i := 0
		for i < len(want) && want[i] == r.Links[i] {
			i++
		}
		return judge.Fail("%s returned the page's %d links, but not in the order they appear in the page: link %d is %q, but the page's link %d is %q%s", call, len(want), i+1, r.Links[i], i+1, want[i], wantPiece(st.p, want[i])).With(diff,
			"the order of links is information (a menu's order, the next page after the current one): a crawler or a reader of your list expects document order.",
			"Append each link to a slice as the tokenizer meets it; use a map only to remember which you have listed, never to hold the list.")
	case sameSet(r.Links, want):
		return judge.Fail("%s listed some links more than once: %d links, want %d", call, len(r.Links), len(want)).With(diff,
			"a page often links to the same place twice (a menu and a footer, \"a.html\" and \"/dir/a.html\"): a crawler that queues each copy fetches the page again and again. Two hrefs are the same link when they resolve to the same URL.",
			"Keep a set (map[string]bool) of the resolved URLs you have listed, and append a URL only the first time.")
	}
	probs := problems(st.p, want, r.Links)
	if len(probs) > 6 {
		probs = append(probs[:6], fmt.Sprintf("and %d more", len(probs)-6))
	}
	return judge.Fail("%s returned %d links, want %d:\n  - %s", call, len(r.Links), len(want), strings.Join(probs, "\n  - ")).With(diff, why, hint)
}

// sameSet reports whether a and b hold the same strings, counting none twice.
func sameSet(a, b []string) bool {
	for _, l := range a {
		if !slices.Contains(b, l) {
			return false
		}
	}
	for _, l := range b {
		if !slices.Contains(a, l) {
			return false
		}
	}
	return true
}

// hasCopies reports whether a holds a string twice.
func hasCopies(a []string) bool {
	for i, l := range a {
		if slices.Index(a, l) != i {
			return true
		}
	}
	return false
}

// problems says what differs between want and got, in terms of the page:
// each link extra (with the piece it seems to come from), copied, or
// missing (with the piece it comes from).
func problems(p *page, want, got []string) []string {
	var probs []string
	seen := map[string]int{}
	for _, l := range got {
		seen[l]++
	}
	for i, l := range got {
		if u, err := url.Parse(l); err == nil && !u.IsAbs() && !slices.Contains(want, l) {
			probs = append(probs, fmt.Sprintf("%q is not an absolute URL: it is an href as the page wrote it, not resolved against the document's base", l))
		} else if !slices.Contains(want, l) {
			probs = append(probs, fmt.Sprintf("%q is not a link of the page%s", l, fromPiece(p, l)))
		} else if n := seen[l]; n > 1 && slices.Index(got, l) == i {
			probs = append(probs, fmt.Sprintf("%q is listed %d times; a link that appears again is listed once, where it first appears", l, n))
		}
	}
	for _, l := range want {
		if seen[l] == 0 {
			probs = append(probs, fmt.Sprintf("%q is missing%s", l, wantPiece(p, l)))
		}
	}
	return probs
}

// inOrder reports whether the first appearances in got follow want's order.
func inOrder(got, want []string) bool {
	var firsts []string
	for _, l := range got {
		if !slices.Contains(firsts, l) {
			firsts = append(firsts, l)
		}
	}
	last := -1
	for _, l := range firsts {
		i := slices.Index(want, l)
		if i < last {
			return false
		}
		last = i
	}
	return true
}

// wantPiece names the piece of the page a missing link comes from.
func wantPiece(p *page, l string) string {
	for _, pc := range p.pieces {
		if slices.Contains(pc.links, l) && pc.about != "" {
			return ": it comes from " + pc.about
		}
	}
	return ""
}

// fromPiece names the piece of the page an extra link seems to come from:
// the one that mentions its last path segment.
func fromPiece(p *page, l string) string {
	seg := l
	if u, err := url.Parse(l); err == nil && u.Path != "" {
		seg = u.Path[strings.LastIndex(u.Path, "/")+1:]
	}
	if seg == "" {
		return ""
	}
	for _, pc := range p.pieces {
		if strings.Contains(pc.markup, seg) && !slices.Contains(pc.links, l) {
			if pc.about != "" {
				return fmt.Sprintf(" (it comes from %s: %s)", pc.about, judge.Quote([]byte(pc.markup)))
			}
			return fmt.Sprintf(" (from %s)", judge.Quote([]byte(pc.markup)))
		}
	}
	return ""
}

// linkPieces are n paragraphs with links of every kind, and text between.
func linkPieces(g *gen, n int) []piece {
	var ps []piece
	for i := range n {
		if i%4 == 3 {
			ps = append(ps, g.text())
		}
		if i == n/2 {
			ps = append(ps, g.areaPiece())
			continue
		}
		ps = append(ps, g.linkPiece(refKinds[i%len(refKinds)](g)))
	}
	return ps
}

// linksPage is links of every kind, in tidy markup.
func linksPage(s *scenario) *page {
	ps := linkPieces(s.g, 12+s.g.r.IntN(6))
	s.g.r.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
	return skeleton(s.g.word(), "", ps, true)
}

func checkLinks(t *judge.T) error {
	st, err := start(t, 200, linksPage)
	if err != nil {
		return err
	}
	r, err := st.call(t)
	if err != nil {
		return err
	}
	return st.judgeLinks(r, whyBrowser+" A relative href (\"a.html\", \"../b/\", \"?q=1\", \"#top\", \"//host/p\") means nothing until it is resolved against the page's URL.",
		"Parse the page's URL once with url.Parse, then base.ResolveReference(ref) for each href; read resp.Body with html.NewTokenizer, which reads as much as each token needs.")
}

// baseHrefs are the ways a page names its base, each with the loc it
// makes from the page's own.
var baseHrefs = []func(g *gen, page loc) (string, loc){
	func(g *gen, page loc) (string, loc) { // another host
		h, d := g.word(), g.word()
		return "https://" + h + ".example/" + d + "/", loc{origin: "https://" + h + ".example", dir: []string{d}}
	},
	func(g *gen, page loc) (string, loc) { // another folder of the same host, with a file
		d1, d2, f := g.word(), g.word(), g.word()+".html"
		return "/" + d1 + "/" + d2 + "/" + f, loc{origin: page.origin, dir: []string{d1, d2}, file: f}
	},
	func(g *gen, page loc) (string, loc) { // relative to the page's URL
		d := g.word()
		return "../" + d + "/", loc{origin: page.origin, dir: []string{page.dir[0], d}}
	},
}

// basePage has a <base href> in its head (and a <base> without href
// before it, another with href after it: both change nothing), and links
// written relative to the base.
func basePage(s *scenario) *page {
	var base loc
	s.baseHref, base = baseHrefs[s.g.r.IntN(len(baseHrefs))](s.g, s.page)
	s.g.base = base
	ps := linkPieces(s.g, 10+s.g.r.IntN(4))
	s.g.r.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
	head := fmt.Sprintf("<base target=\"_self\">\n<base href=%q>\n<base href=\"/%s/\">\n", s.baseHref, s.g.word())
	return skeleton(s.g.word(), head, ps, true)
}

func checkBase(t *judge.T) error {
	st, err := start(t, 200, basePage)
	if err != nil {
		return err
	}
	r, err := st.call(t)
	if err != nil {
		return err
	}
	return st.judgeLinks(r, fmt.Sprintf("the page's head says <base href=%q>: from then on relative links are resolved against that URL (itself resolved against the page's), not against the page's own; a <base> without href, or any after the first with href, changes nothing. Here relative links resolve against %s.", st.baseHref, st.g.base),
		"Note the first <base> with an href, resolve it against the page's URL, and resolve every link against the result.")
}

// again are other ways to write an earlier reference to the same target.
func again(g *gen, r ref) string {
	alts := []string{r.target}
	if rest, ok := strings.CutPrefix(r.target, g.base.origin); ok && strings.HasPrefix(rest, "/") {
		alts = append(alts, rest)
	}
	return alts[g.r.IntN(len(alts))]
}

// oncePage links to some targets twice or more, written the same or another way.
func oncePage(s *scenario) *page {
	var refs []ref
	var ps []piece
	for i := range 8 + s.g.r.IntN(4) {
		r := refKinds[i%len(refKinds)](s.g)
		refs = append(refs, r)
		ps = append(ps, s.g.linkPiece(r))
	}
	// Each of half of them again, after it first appears, written
	// the same or another way.
	for i, r := range refs[:len(refs)/2+1] {
		at := len(ps) - s.g.r.IntN(len(ps)-i)
		w := r.written
		if s.g.r.IntN(2) == 0 {
			w = again(s.g, r)
		}
		ps = slices.Insert(ps, at, s.g.linkPiece(ref{w, r.target}))
	}
	return skeleton(s.g.word(), "", ps, true)
}

func checkOnce(t *judge.T) error {
	st, err := start(t, 200, oncePage)
	if err != nil {
		return err
	}
	r, err := st.call(t)
	if err != nil {
		return err
	}
	return st.judgeLinks(r, "a page often links to the same place twice (a menu and a footer, \"a.html\" and \"/dir/a.html\"): a crawler that queues each copy fetches the page again and again. Two hrefs are the same link when they resolve to the same URL.",
		"Keep a set (map[string]bool) of the resolved URLs you have listed, and append a URL only the first time; a slice keeps the order.")
}

// notLinksPage has links, and every decoy once.
func notLinksPage(s *scenario) *page {
	ps := linkPieces(s.g, 6+s.g.r.IntN(3))
	for _, d := range decoys {
		ps = append(ps, d(s.g))
	}
	s.g.r.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
	return skeleton(s.g.word(), "", ps, true)
}

func checkNotLinks(t *judge.T) error {
	st, err := start(t, 200, notLinksPage)
	if err != nil {
		return err
	}
	r, err := st.call(t)
	if err != nil {
		return err
	}
	return st.judgeLinks(r, whyBrowser+" A comment is not markup, the text of <script>, <style> and <textarea> is not either (a browser runs or shows it), and src, action or data-href load or store things: they are not links to follow.",
		"Take only StartTagToken and SelfClosingTagToken of a and area, and only their href; the tokenizer already gives comments and script text as tokens of their own, never as tags.")
}

// brokenPage has links, and every piece of broken markup once, in a page without <html>, <head> or <body> that is never closed.
func brokenPage(s *scenario) *page {
	ps := linkPieces(s.g, 4)
	for _, b := range broken {
		ps = append(ps, b(s.g))
	}
	s.g.r.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
	// A comment never closed runs to the end of the page.
	ps = append(ps, piece{markup: "<!-- <a href=\"/" + s.g.name() + "\">after an unclosed comment</a>", about: "a link inside a comment that is never closed (it runs to the end of the page)"})
	return skeleton(s.g.word(), "", ps, false)
}

func checkBroken(t *judge.T) error {
	st, err := start(t, 200, brokenPage)
	if err != nil {
		return err
	}
	r, err := st.call(t)
	if err != nil {
		return err
	}
	return st.judgeLinks(r, "real pages are full of broken markup, and HTML5 says exactly what a browser makes of each kind: an unclosed tag, a '<' in text, an entity in an attribute, a '/>' on <a>, an attribute given twice. A tokenizer built on that standard reads them all as a browser does; a pattern cannot.",
		"Use golang.org/x/net/html's tokenizer for the whole page: it decodes entities in attribute values, lowercases names, and gives <a .../> as SelfClosingTagToken; take the first href, and trim spaces around it as a browser does.")
}

// errorStatuses are the statuses that are not a page.
var errorStatuses = []int{403, 404, 410, 500, 503}

// errorPage is a page of links a server sends with an error status.
func errorPage(s *scenario) *page {
	return skeleton("Error", "", linkPieces(s.g, 3), true)
}

func checkStatus(t *judge.T) error {
	code := errorStatuses[t.Rand.IntN(len(errorStatuses))]
	st, err := start(t, code, errorPage)
	if err != nil {
		return err
	}
	r, err := st.call(t)
	if err != nil {
		return err
	}
	if r.Err == nil {
		return judge.Fail("Links(%q) returned %d links and no error, but the server answered %d %s", st.page.String(), len(r.Links), code, http.StatusText(code)).With(
			fmt.Sprintf("Links returned %q.", r.Links),
			"an error page has links too (home, search, contact), but they are not the page's links: the page is not there. The status line says so; the caller must be told.",
			"Check resp.StatusCode after http.Get: only http.StatusOK is the page; anything else is an error (http.Get returns none for it).")
	}
	return nil
}

func checkCloses(t *judge.T) error {
	for _, code := range []int{200, errorStatuses[t.Rand.IntN(len(errorStatuses))]} {
		st, err := start(t, code, func(s *scenario) *page {
			if code != 200 {
				return errorPage(s)
			}
			return skeleton(s.g.word(), "", linkPieces(s.g, 4), true)
		})
		if err != nil {
			return err
		}
		if _, err := st.call(t); err != nil {
			return err
		}
		if open := st.srv.WaitReleased(releaseWithin); len(open) > 0 {
			return judge.Fail("after Links returned on a %d response, its connection stayed open for %v: the server had sent the whole response, \"Connection: close\" and its FIN, and your side never closed", code, releaseWithin).With("",
				"a response body holds its connection until it is closed; a body never closed leaks the connection and its file descriptor on every call, on error paths too, until the program runs out.",
				"Write defer resp.Body.Close() right after http.Get succeeds, before you look at the status.")
		}
	}
	return nil
}
