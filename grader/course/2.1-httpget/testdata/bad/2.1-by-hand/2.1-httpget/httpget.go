// Package httpget is exercise 2.1: an HTTP client that sends a GET with a
// query string and headers, and returns the body.
package httpget

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

const Timeout = time.Second

type StatusError struct {
	Code int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("httpget: server answered %d %s", e.Code, http.StatusText(e.Code))
}

// Get writes the request itself on a net.Conn, with one deadline for the
// whole exchange, and lets http.ReadResponse parse the answer.
func Get(base string, params url.Values, headers http.Header) ([]byte, error) {
	deadline := time.Now().Add(Timeout)
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	query := u.RawQuery
	if extra := params.Encode(); extra != "" {
		if query != "" {
			query += "&"
		}
		query += extra
	}
	target := u.EscapedPath()
	if target == "" {
		target = "/"
	}
	if query != "" {
		target += "?" + query
	}
	conn, err := net.DialTimeout("tcp", u.Host, Timeout)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	conn.SetDeadline(deadline)
	var b strings.Builder
	fmt.Fprintf(&b, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n", target, u.Host)
	for k, vs := range headers {
		for _, v := range vs {
			fmt.Fprintf(&b, "%s: %s\r\n", k, v)
		}
	}
	b.WriteString("\r\n")
	if _, err := io.WriteString(conn, b.String()); err != nil {
		return nil, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("GET %s: %w", base, &StatusError{Code: resp.StatusCode})
	}
	return io.ReadAll(resp.Body)
}
