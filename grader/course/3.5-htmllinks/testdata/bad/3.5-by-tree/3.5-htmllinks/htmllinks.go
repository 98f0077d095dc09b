// Package htmllinks is exercise 3.5, solved with the tree builder
// (html.Parse) instead of the tokenizer.
package htmllinks

import (
	"errors"
	"net/http"
	"strings"

	"golang.org/x/net/html"
)

func Links(pageURL string) ([]string, error) {
	resp, err := http.Get(pageURL)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return nil, errors.New(resp.Status)
	}
	doc, err := html.Parse(resp.Body)
	if err != nil {
		return nil, err
	}
	base := resp.Request.URL
	var hrefs []string
	baseDone := false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "href" {
					v := strings.TrimSpace(a.Val)
					if n.Data == "a" || n.Data == "area" {
						hrefs = append(hrefs, v)
					} else if n.Data == "base" && !baseDone {
						baseDone = true
						if b, err := base.Parse(v); err == nil {
							base = b
						}
					}
					break
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	out := []string{}
	seen := map[string]bool{}
	for _, h := range hrefs {
		u, err := base.Parse(h)
		if err != nil {
			continue
		}
		if s := u.String(); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out, nil
}
