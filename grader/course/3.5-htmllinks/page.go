package htmllinks

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"netcourse/grader/internal/harness"
)

// A page is built from pieces of markup, each knowing the links a browser
// finds in it: the checks' expectations come from how the page was made,
// never from a solution's answer (TestPagesAsBrowsersRead holds the
// generator to x/net/html's parser).
type piece struct {
	markup string
	links  []string // absolute URLs, in document order, duplicates kept
	tags   []span   // where its link tags are in markup, for cuts inside them
	about  string   // what it is, for a failure's message
}

// span is a byte range [from, to) of markup.
type span struct{ from, to int }

// page is a whole document and what a browser finds in it.
type page struct {
	html   string
	links  []string // every link, duplicates kept
	tags   []span   // link tags, in html
	pieces []piece
}

// want is the answer Links must give: each link once, at its first place.
func (p *page) want() []string {
	var out []string
	for _, l := range p.links {
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// loc is the URL relative references are resolved against: the page's, or
// its <base href>. dir holds the path's folders; file may be "".
type loc struct {
	origin string // "http://127.0.0.1:4321"
	dir    []string
	file   string
}

func (l loc) path() string {
	if len(l.dir) == 0 {
		return "/" + l.file
	}
	return "/" + strings.Join(l.dir, "/") + "/" + l.file
}

func (l loc) String() string { return l.origin + l.path() }

// gen makes pieces with random, unguessable names.
type gen struct {
	r    *rand.Rand
	base loc // what links resolve against
	n    int // names made so far, so that no two targets meet by chance
}

// name is a new file name no other link of the page has.
func (g *gen) name() string {
	g.n++
	return fmt.Sprintf("%s%d.html", harness.Word(g.r, 4+g.r.IntN(4)), g.n)
}

func (g *gen) word() string { return harness.Word(g.r, 3+g.r.IntN(6)) }

// ref is one way to write a link: as written in the href, and the absolute
// URL a browser makes of it.
type ref struct{ written, target string }

// refKinds are the ways of writing a reference; each builds the target by
// hand, so that the expectation does not depend on net/url.
var refKinds = []func(g *gen) ref{
	func(g *gen) ref { // a file beside the page
		n := g.name()
		return ref{n, g.base.origin + loc{dir: g.base.dir, file: n}.path()}
	},
	func(g *gen) ref { // ./file
		n := g.name()
		return ref{"./" + n, g.base.origin + loc{dir: g.base.dir, file: n}.path()}
	},
	func(g *gen) ref { // a folder below
		d, n := g.word(), g.name()
		return ref{d + "/" + n, g.base.origin + loc{dir: append(slices.Clip(g.base.dir), d), file: n}.path()}
	},
	func(g *gen) ref { // ../file
		n := g.name()
		up := g.base.dir[:max(len(g.base.dir)-1, 0)]
		return ref{"../" + n, g.base.origin + loc{dir: up, file: n}.path()}
	},
	func(g *gen) ref { // from the root
		d, n := g.word(), g.name()
		return ref{"/" + d + "/" + n, g.base.origin + "/" + d + "/" + n}
	},
	func(g *gen) ref { // another host, the same scheme
		h, n := g.word(), g.name()
		scheme, _, _ := strings.Cut(g.base.origin, ":")
		return ref{"//" + h + ".example/" + n, scheme + "://" + h + ".example/" + n}
	},
	func(g *gen) ref { // absolute
		h, d, n := g.word(), g.word(), g.name()
		u := "https://" + h + ".example/" + d + "/" + n
		return ref{u, u}
	},
	func(g *gen) ref { // a query on the page itself
		q := g.word() + "=" + fmt.Sprint(g.n)
		g.n++
		return ref{"?" + q, g.base.String() + "?" + q}
	},
	func(g *gen) ref { // a fragment of the page
		f := g.word() + fmt.Sprint(g.n)
		g.n++
		return ref{"#" + f, g.base.String() + "#" + f}
	},
	func(g *gen) ref { // not http at all
		u := "mailto:" + g.word() + fmt.Sprint(g.n) + "@example.com"
		g.n++
		return ref{u, u}
	},
}

// ref is a reference of a random kind.
func (g *gen) ref() ref { return refKinds[g.r.IntN(len(refKinds))](g) }

// quoted writes an attribute value as HTML allows: double, single or no
// quotes (only for values that need none).
func (g *gen) quoted(v string) string {
	switch k := g.r.IntN(4); {
	case k == 0 && !strings.ContainsAny(v, " \t\n\"'=<>`"):
		return v
	case k == 1 && !strings.Contains(v, "'"):
		return "'" + v + "'"
	}
	return `"` + v + `"`
}

// anchor is a link written in one of the legal forms of the tag.
func (g *gen) anchor(href string) (markup string, tag span) {
	v := g.quoted(href)
	var open string
	switch g.r.IntN(6) {
	case 0:
		open = "<a href=" + v + ">"
	case 1:
		open = "<A HREF=" + v + ">"
	case 2:
		open = fmt.Sprintf(`<a class="%s" href=%s title='%s'>`, g.word(), v, g.word())
	case 3:
		open = "<a\n   href = " + v + "\n   rel=\"nofollow\">"
	case 4:
		open = "<a id=" + g.word() + " href=" + v + ">"
	default:
		open = "<a href=" + v + " target=\"_blank\">"
	}
	return open + g.word() + " " + g.word() + "</a>", span{0, len(open)}
}

// linkPiece is a paragraph with a link to r.
func (g *gen) linkPiece(r ref) piece {
	a, tag := g.anchor(r.written)
	pre := "<p>" + g.word() + " " + g.word() + " "
	return piece{markup: pre + a + " " + g.word() + ".</p>", links: []string{r.target},
		tags: []span{{tag.from + len(pre), tag.to + len(pre)}}, about: fmt.Sprintf("<a> to %q", r.written)}
}

// areaPiece is an image map with two areas.
func (g *gen) areaPiece() piece {
	r1, r2 := g.ref(), g.ref()
	m := g.word()
	pre := fmt.Sprintf("<map name=%q>\n  ", m)
	a1 := "<area shape=\"rect\" coords=\"0,0,10,10\" href=" + g.quoted(r1.written) + " alt=\"" + g.word() + "\">"
	mid := "\n  "
	a2 := "<AREA HREF=" + g.quoted(r2.written) + " alt=\"" + g.word() + "\">"
	markup := pre + a1 + mid + a2 + "\n</map>"
	return piece{markup: markup, links: []string{r1.target, r2.target},
		tags:  []span{{len(pre), len(pre) + len(a1)}, {len(pre) + len(a1) + len(mid), len(pre) + len(a1) + len(mid) + len(a2)}},
		about: fmt.Sprintf("<area> to %q and %q", r1.written, r2.written)}
}

// text is a paragraph without links.
func (g *gen) text() piece {
	var w []string
	for range 4 + g.r.IntN(8) {
		w = append(w, g.word())
	}
	return piece{markup: "<p>" + strings.Join(w, " ") + "</p>"}
}

// decoys are markup with URLs in it that are not links.
var decoys = []func(g *gen) piece{
	func(g *gen) piece {
		return piece{markup: "<!-- <a href=\"/" + g.name() + "\">an old link</a> -->", about: "a link in a comment"}
	},
	func(g *gen) piece {
		return piece{markup: "<!--\n  <p><a href='" + g.name() + "'>gone</a></p>\n  <a href=/" + g.name() + ">also gone</a>\n-->", about: "links in a comment of several lines"}
	},
	func(g *gen) piece {
		return piece{markup: "<script>\n  document.write('<a href=\"/" + g.name() + "\">written by a script</a>');\n  var end = \"</scr\" + \"ipt>\";\n</script>", about: "a link a script writes"}
	},
	func(g *gen) piece {
		return piece{markup: "<script type=\"text/template\"><a href=\"" + g.name() + "\">{{.}}</a></script>", about: "a link in a script template"}
	},
	func(g *gen) piece {
		return piece{markup: "<style>a[href=\"/" + g.name() + "\"] { color: red }</style>", about: "a URL in a style sheet"}
	},
	func(g *gen) piece {
		return piece{markup: "<img src=\"/img/" + g.name() + "\" alt=\"" + g.word() + "\">", about: "an <img src>"}
	},
	func(g *gen) piece {
		return piece{markup: "<script src=\"/js/" + g.name() + "\"></script>", about: "a <script src>"}
	},
	func(g *gen) piece {
		return piece{markup: "<iframe src=\"/" + g.name() + "\"></iframe>", about: "an <iframe src>"}
	},
	func(g *gen) piece {
		return piece{markup: "<link rel=\"stylesheet\" href=\"/css/" + g.name() + "\">", about: "a <link href> (a style sheet, not a link to follow)"}
	},
	func(g *gen) piece {
		return piece{markup: "<a name=\"" + g.word() + "\" data-href=\"/" + g.name() + "\">an anchor without href</a>", about: "an <a> with data-href and no href"}
	},
	func(g *gen) piece {
		return piece{markup: "<form action=\"/" + g.name() + "\" method=\"post\"><button formaction=\"/" + g.name() + "\">go</button></form>", about: "a form's action"}
	},
	func(g *gen) piece {
		return piece{markup: "<textarea><a href=\"/" + g.name() + "\">typed, not a tag</a></textarea>", about: "a link as text in a <textarea>"}
	},
	func(g *gen) piece {
		return piece{markup: "<p>Write href=\"/" + g.name() + "\" in your tag.</p>", about: "href=\"...\" as plain text"}
	},
	func(g *gen) piece {
		return piece{markup: "<title>a <a href=\"/" + g.name() + "\">title</a> is text</title>", about: "a link as text in a <title>"}
	},
}

// broken are pieces of broken or unusual markup and what a browser makes
// of them.
var broken = []func(g *gen) piece{
	func(g *gen) piece { // an <a> never closed, then another
		r1, r2 := g.ref(), g.ref()
		a1 := "<a href=" + g.quoted(r1.written) + ">"
		a2 := "<a href=" + g.quoted(r2.written) + ">"
		pre := "<p>" + g.word() + " "
		mid := g.word() + " <b>" + g.word() + " "
		return piece{markup: pre + a1 + mid + a2 + g.word() + "</p>", links: []string{r1.target, r2.target},
			tags:  []span{{len(pre), len(pre) + len(a1)}, {len(pre) + len(a1) + len(mid), len(pre) + len(a1) + len(mid) + len(a2)}},
			about: fmt.Sprintf("an unclosed <a> to %q, then one to %q", r1.written, r2.written)}
	},
	func(g *gen) piece { // stray < in text
		r := g.ref()
		pre := "<p>if 1 < 2 and 3 <4 then x<= y < "
		a := "<a href=\"" + r.written + "\">"
		return piece{markup: pre + a + "it</a> holds; 5 > 4</p>", links: []string{r.target}, tags: []span{{len(pre), len(pre) + len(a)}},
			about: fmt.Sprintf("a link after stray '<' in text, to %q", r.written)}
	},
	func(g *gen) piece { // entities in the URL
		d, n := g.word(), g.name()
		k := g.word()
		written := "/" + d + "/" + n + "?" + k + "=1&amp;b=2&#38;c&#x3D;3"
		a := "<a href=\"" + written + "\">"
		return piece{markup: "<p>" + a + g.word() + "</a></p>", links: []string{g.base.origin + "/" + d + "/" + n + "?" + k + "=1&b=2&c=3"},
			tags: []span{{3, 3 + len(a)}}, about: fmt.Sprintf("entities in an href: %q", written)}
	},
	func(g *gen) piece { // a legacy entity with no ';' before '=' stays as it is in an attribute
		n := g.name()
		written := n + "?x=1&copy=2"
		a := "<a href=\"" + written + "\">"
		return piece{markup: "<p>" + a + "&copy; " + g.word() + "</a></p>", links: []string{g.base.origin + loc{dir: g.base.dir, file: n}.path() + "?x=1&copy=2"},
			tags: []span{{3, 3 + len(a)}}, about: fmt.Sprintf("\"&copy=\" in an href (a browser keeps it: no ';' and '=' follows): %q", written)}
	},
	func(g *gen) piece { // self-closing syntax on <a>: still a start tag
		r := g.ref()
		a := "<a href=\"" + r.written + "\"/>"
		return piece{markup: "<p>" + a + g.word() + "</p>", links: []string{r.target}, tags: []span{{3, 3 + len(a)}},
			about: fmt.Sprintf("<a href=%q/> (a browser ignores the '/')", r.written)}
	},
	func(g *gen) piece { // an attribute given twice: the first counts
		r, other := g.ref(), g.ref()
		a := "<a href=\"" + r.written + "\" href=\"" + other.written + "\">"
		return piece{markup: "<p>" + a + g.word() + "</a></p>", links: []string{r.target}, tags: []span{{3, 3 + len(a)}},
			about: fmt.Sprintf("href given twice, %q then %q (the first counts)", r.written, other.written)}
	},
	func(g *gen) piece { // spaces around the URL
		r := g.ref()
		a := "<a href=\"  " + r.written + "\n \">"
		return piece{markup: "<p>" + a + g.word() + "</a></p>", links: []string{r.target}, tags: []span{{3, 3 + len(a)}},
			about: fmt.Sprintf("spaces and a newline around an href (a browser strips them): %q", "  "+r.written+"\n ")}
	},
	func(g *gen) piece { // an end tag with attributes is no link
		r := g.ref()
		a := "<a href=" + g.quoted(r.written) + ">"
		return piece{markup: "<p>" + a + g.word() + "</a href=\"/" + g.name() + "\"></p>", links: []string{r.target}, tags: []span{{3, 3 + len(a)}},
			about: fmt.Sprintf("an end tag </a href=...> after a link to %q (an end tag's attributes are ignored)", r.written)}
	},
	func(g *gen) piece { // an href net/url cannot parse is skipped
		r := g.ref()
		bad := "http://[::1" + g.word()
		a := "<a href=\"" + bad + "\">"
		mid := g.word() + "</a> "
		b := "<a href=" + g.quoted(r.written) + ">"
		at := 3 + len(a) + len(mid)
		return piece{markup: "<p>" + a + mid + b + g.word() + "</a></p>", links: []string{r.target}, tags: []span{{3, 3 + len(a)}, {at, at + len(b)}},
			about: fmt.Sprintf("an href url.Parse rejects (%q, skipped), then a link to %q", bad, r.written)}
	},
	func(g *gen) piece { // a bare attribute before href, a tab between
		r := g.ref()
		a := "<a download\thref=" + g.quoted(r.written) + ">"
		return piece{markup: "<p>" + a + g.word() + "</a></p>", links: []string{r.target}, tags: []span{{3, 3 + len(a)}},
			about: fmt.Sprintf("<a download href=%q>", r.written)}
	},
}

// skeleton wraps pieces in a document; head goes into <head>. A broken
// page has no <html>, <head> or <body> tags and is not closed.
func skeleton(title, head string, pieces []piece, tidy bool) *page {
	var b strings.Builder
	if tidy {
		b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
		fmt.Fprintf(&b, "<title>%s</title>\n%s</head>\n<body>\n", title, head)
	} else {
		fmt.Fprintf(&b, "<title>%s</title>\n%s<p>", title, head)
	}
	p := &page{pieces: pieces}
	for _, pc := range pieces {
		at := b.Len()
		b.WriteString(pc.markup)
		b.WriteString("\n")
		p.links = append(p.links, pc.links...)
		for _, t := range pc.tags {
			p.tags = append(p.tags, span{at + t.from, at + t.to})
		}
	}
	if tidy {
		b.WriteString("</body>\n</html>\n")
	}
	p.html = b.String()
	return p
}

// cuts are fragment sizes for a body sent after head bytes of headers:
// each link tag is cut somewhere inside, so that no read holds a whole
// one, and the rest is split at random into pieces of at most 64 bytes.
func cuts(r *rand.Rand, head int, p *page) []int {
	at := []int{head}
	for _, t := range p.tags {
		at = append(at, head+t.from+1+r.IntN(t.to-t.from-1))
	}
	total := head + len(p.html)
	for i := 0; i < len(at); i++ {
		next := total
		if i+1 < len(at) {
			next = at[i+1]
		}
		for at[i]+64 < next {
			at = slices.Insert(at, i+1, at[i]+8+r.IntN(56))
			i++
		}
	}
	sizes := []int{at[0]}
	for i := 1; i < len(at); i++ {
		sizes = append(sizes, at[i]-at[i-1])
	}
	return append(sizes, total-at[len(at)-1])
}
