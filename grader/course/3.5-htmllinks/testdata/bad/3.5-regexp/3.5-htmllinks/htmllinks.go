// Package htmllinks is exercise 3.5: fetch a web page and list the links
// on it, as a browser sees them. Read README.md in this folder first.
package htmllinks

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
)

var (
	hrefRE = regexp.MustCompile(`<a\s[^>]*href="([^"]*)"`)
	baseRE = regexp.MustCompile(`<base\s[^>]*href="([^"]*)"`)
)

// Links fetches pageURL with an HTTP GET and returns the absolute URLs
// of the page's links, found with a regular expression.
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
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if m := baseRE.FindSubmatch(body); m != nil {
		if b, err := url.Parse(string(m[1])); err == nil {
			page = page.ResolveReference(b)
		}
	}
	var links []string
	seen := map[string]bool{}
	for _, m := range hrefRE.FindAllSubmatch(body, -1) {
		ref, err := url.Parse(string(m[1]))
		if err != nil {
			continue
		}
		u := page.ResolveReference(ref).String()
		if !seen[u] {
			seen[u] = true
			links = append(links, u)
		}
	}
	return links, nil
}
