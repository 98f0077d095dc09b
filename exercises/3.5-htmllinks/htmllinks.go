// Package htmllinks is exercise 3.5: fetch a web page and list the links
// on it, as a browser sees them. Read README.md in this folder first.
package htmllinks

import "errors"

// Links fetches pageURL with an HTTP GET and returns the absolute URLs
// of the page's links (the href of every <a> and <area> element),
// resolved against the page's URL or its <base href>, each once, in the
// order they first appear. A response whose status is not 200 OK is an
// error.
func Links(pageURL string) ([]string, error) {
	// TODO: your code here. Delete the line below when you start.
	return nil, errors.ErrUnsupported
}
