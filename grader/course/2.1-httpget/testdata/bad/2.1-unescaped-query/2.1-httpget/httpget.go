// Package httpget is exercise 2.1: an HTTP client that sends a GET with a
// query string and headers, and returns the body. Read README.md in this
// folder first.
package httpget

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Timeout is how long one Get may take in all, from the start of the call
// to the last byte of the body.
const Timeout = time.Second

// StatusError is the error Get returns when the server answers with a
// status outside 200–299. It is written for you: return &StatusError{Code:
// resp.StatusCode}, or wrap one with %w.
type StatusError struct {
	Code int // the status code, e.g. 404
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("httpget: server answered %d %s", e.Code, http.StatusText(e.Code))
}

// client is shared by every call, so connections are reused; its Timeout
// covers the whole exchange, body included (http.DefaultClient has none).
var client = &http.Client{Timeout: Timeout}

// Get sends a GET request for base (a URL such as
// "http://127.0.0.1:8080/search") with params added to its query and
// every header in headers, and returns the response's body. A status
// outside 200–299 is a *StatusError; the whole call gives up after Timeout.
func Get(base string, params url.Values, headers http.Header) ([]byte, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	var parts []string
	if u.RawQuery != "" {
		parts = append(parts, u.RawQuery)
	}
	for _, k := range slices.Sorted(maps.Keys(params)) {
		for _, v := range params[k] {
			parts = append(parts, k+"="+v)
		}
	}
	u.RawQuery = strings.Join(parts, "&")
	req, err := http.NewRequest(http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	for k, vs := range headers {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &StatusError{Code: resp.StatusCode}
	}
	return io.ReadAll(resp.Body)
}
