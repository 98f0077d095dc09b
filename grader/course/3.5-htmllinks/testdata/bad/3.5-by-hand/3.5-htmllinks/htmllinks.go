// Package htmllinks is exercise 3.5, solved over a raw TCP socket
// (HTTP/1.0 by hand) with the tokenizer's low-level TagName/TagAttr API.
package htmllinks

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

func Links(pageURL string) ([]string, error) {
	page, err := url.Parse(pageURL)
	if err != nil {
		return nil, err
	}
	host := page.Host
	if page.Port() == "" {
		host += ":80"
	}
	c, err := net.Dial("tcp", host)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	fmt.Fprintf(c, "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", page.RequestURI(), page.Host)
	br := bufio.NewReader(c)
	status, err := br.ReadString('\n')
	if err != nil {
		return nil, err
	}
	if f := strings.Fields(status); len(f) < 2 || f[1] != "200" {
		return nil, fmt.Errorf("status %q", status)
	}
	for {
		l, err := br.ReadString('\n')
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(l) == "" {
			break
		}
	}
	z := html.NewTokenizer(br)
	base := page
	baseSet := false
	var out []string
	seen := map[string]bool{}
	var pending []string
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				return nil, z.Err()
			}
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, more := z.TagName()
		var href []byte
		found := false
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			if !found && bytes.Equal(k, []byte("href")) {
				href, found = v, true
			}
		}
		if !found {
			continue
		}
		h := strings.TrimSpace(string(href))
		switch string(name) {
		case "a", "area":
			pending = append(pending, h)
		case "base":
			if !baseSet {
				baseSet = true
				if b, err := page.Parse(h); err == nil {
					base = b
				}
			}
		}
	}
	for _, h := range pending {
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
