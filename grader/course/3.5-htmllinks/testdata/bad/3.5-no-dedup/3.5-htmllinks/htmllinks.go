// Package htmllinks is exercise 3.5: fetch a web page and list the links
// on it, as a browser sees them. Read README.md in this folder first.
package htmllinks

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// Links fetches pageURL with an HTTP GET and returns the absolute URLs
// of the page's links (the href of every <a> and <area> element),
// resolved against the page's URL or its <base href>, each once, in the
// order they first appear. A response whose status is not 200 OK is an
// error.
func Links(pageURL string) ([]string, error) {
	page, err := url.Parse(pageURL)
	if err != nil {
		return nil, err
	}
	resp, err := http.Get(pageURL)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", pageURL, resp.Status)
	}
	hrefs, base, err := scan(resp.Body)
	if err != nil {
		return nil, err
	}
	// The first <base href> is the document's base URL, itself resolved
	// against the page's URL.
	if base != "" {
		if b, err := url.Parse(base); err == nil {
			page = page.ResolveReference(b)
		}
	}
	var links []string
	seen := map[string]bool{}
	for _, h := range hrefs {
		ref, err := url.Parse(h)
		if err != nil {
			continue // a browser cannot follow it either
		}
		u := page.ResolveReference(ref).String()
		seen[u] = true
		links = append(links, u)
	}
	return links, nil
}

// scan tokenizes the page as a browser does, from a stream: the
// tokenizer reads as much as it needs, so a tag split across reads is
// one token. It returns the href of every <a> and <area>, in document
// order (entities decoded, surrounding whitespace trimmed as a browser
// does), and the first <base href>. Comments, and the text of <script>,
// <style>, <title> and <textarea>, are single tokens: no tag is seen
// inside them.
func scan(r io.Reader) (hrefs []string, base string, err error) {
	z := html.NewTokenizer(r)
	baseSeen := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() == io.EOF {
				return hrefs, base, nil
			}
			return nil, "", z.Err()
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			href, ok := attr(t, "href")
			if !ok {
				continue
			}
			switch t.Data {
			case "a", "area":
				hrefs = append(hrefs, href)
			case "base":
				if !baseSeen {
					base, baseSeen = href, true
				}
			}
		}
	}
}

// attr is the first value of the attribute key: a browser ignores an
// attribute given twice.
func attr(t html.Token, key string) (string, bool) {
	for _, a := range t.Attr {
		if a.Namespace == "" && a.Key == key {
			return strings.TrimSpace(a.Val), true
		}
	}
	return "", false
}
