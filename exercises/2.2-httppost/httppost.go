// Package httppost is exercise 2.2: HTTP POST: a form and JSON. Read README.md in this
// folder first.
package httppost

import (
	"errors"
	"net/url"
)

// PostForm sends form to rawURL in a POST request, encoded as
// application/x-www-form-urlencoded, and returns the body of the answer.
// A status outside 2xx is an error that names the status code.
func PostForm(rawURL string, form url.Values) ([]byte, error) {
	// TODO: your code here. Delete the line below when you start.
	return nil, errors.ErrUnsupported
}

// PostJSON sends v to rawURL in a POST request, encoded as JSON
// (application/json), and returns the body of the answer. A status
// outside 2xx is an error that names the status code.
func PostJSON(rawURL string, v any) ([]byte, error) {
	// TODO: your code here. Delete the line below when you start.
	return nil, errors.ErrUnsupported
}
