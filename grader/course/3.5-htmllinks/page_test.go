package htmllinks

import (
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
)

// browserLinks is what the HTML5 tree builder (x/net/html's Parse, the
// algorithm browsers follow) makes of a page: the href of every <a> and
// <area>, resolved against the first <base href>, each once. It shares no
// code with the generator, whose expectations it holds.
func browserLinks(t *testing.T, pageURL, doc string) []string {
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		t.Fatal(err)
	}
	var hrefs []string
	baseSet := false
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		for _, a := range n.Attr {
			if a.Key != "href" {
				continue
			}
			href := strings.Trim(a.Val, " \t\n\f\r")
			switch n.Data {
			case "a", "area":
				hrefs = append(hrefs, href)
			case "base":
				if !baseSet {
					b, err := url.Parse(href)
					if err != nil {
						t.Fatal(err)
					}
					base, baseSet = base.ResolveReference(b), true
				}
			}
			break // Parse keeps the first of attributes given twice
		}
	}
	var out []string
	for _, h := range hrefs {
		u, err := url.Parse(h)
		if err != nil {
			continue // no URL: nothing to follow
		}
		if s := base.ResolveReference(u).String(); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// TestPagesAsBrowsersRead holds every page the checks make to the HTML5
// parser: the links each page says it has are the links a browser finds,
// and its cuts fall inside every link tag.
func TestPagesAsBrowsersRead(t *testing.T) {
	builds := map[string]func(*scenario) *page{
		"links": linksPage, "base": basePage, "once": oncePage, "not links": notLinksPage, "broken": brokenPage, "error": errorPage,
	}
	for name, build := range builds {
		for seed := range uint64(300) {
			r := rand.New(rand.NewPCG(seed, 35))
			g := &gen{r: r}
			s := &scenario{g: g, page: loc{origin: "http://127.0.0.1:4321", dir: []string{g.word(), g.word()}, file: g.word() + ".html"}}
			g.base = s.page
			p := build(s)
			if diff := cmp.Diff(browserLinks(t, s.page.String(), p.html), p.want()); diff != "" {
				t.Fatalf("%s, seed %d: the page's links (-browser +generator):\n%s\n%s", name, seed, diff, p.html)
			}
			sizes := cuts(r, 100, p)
			sum := 0
			var ends []int
			for _, n := range sizes {
				if n <= 0 {
					t.Fatalf("%s, seed %d: a fragment of %d bytes in %v", name, seed, n, sizes)
				}
				sum += n
				ends = append(ends, sum)
			}
			if sum != 100+len(p.html) {
				t.Fatalf("%s, seed %d: cuts add up to %d, want %d", name, seed, sum, 100+len(p.html))
			}
			for _, tag := range p.tags {
				if !strings.HasPrefix(strings.ToLower(p.html[tag.from:tag.to]), "<a") {
					t.Fatalf("%s, seed %d: tag span %q is not a link tag", name, seed, p.html[tag.from:tag.to])
				}
				if !slices.ContainsFunc(ends, func(e int) bool { return e > 100+tag.from && e < 100+tag.to }) {
					t.Fatalf("%s, seed %d: no cut inside %q", name, seed, p.html[tag.from:tag.to])
				}
			}
		}
	}
}
