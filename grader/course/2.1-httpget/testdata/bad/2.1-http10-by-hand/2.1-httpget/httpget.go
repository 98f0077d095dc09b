// Package httpget is exercise 2.1: an HTTP client that sends a GET with a
// query string and headers, and returns the body.
package httpget

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
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

// Get speaks HTTP/1.0 by hand: the response ends when the server closes.
func Get(base string, params url.Values, headers http.Header) ([]byte, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	q := u.Query()
	for k, vs := range params {
		q[k] = append(q[k], vs...)
	}
	u.RawQuery = q.Encode()
	conn, err := net.DialTimeout("tcp", u.Host, Timeout)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(Timeout)); err != nil {
		return nil, err
	}
	req := "GET " + u.RequestURI() + " HTTP/1.0\r\nHost: " + u.Host + "\r\n"
	for k, vs := range headers {
		req += k + ": " + strings.Join(vs, ", ") + "\r\n"
	}
	if _, err := io.WriteString(conn, req+"\r\n"); err != nil {
		return nil, err
	}
	all, err := io.ReadAll(conn)
	if err != nil {
		return nil, err
	}
	head, body, ok := bytes.Cut(all, []byte("\r\n\r\n"))
	if !ok {
		return nil, errors.New("httpget: response without an end of headers")
	}
	lines := strings.Split(string(head), "\r\n")
	fields := strings.Fields(lines[0])
	if len(fields) < 2 {
		return nil, fmt.Errorf("httpget: bad status line %q", lines[0])
	}
	code, err := strconv.Atoi(fields[1])
	if err != nil {
		return nil, fmt.Errorf("httpget: bad status line %q", lines[0])
	}
	if code < 200 || code > 299 {
		return nil, &StatusError{Code: code}
	}
	for _, l := range lines[1:] {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.EqualFold(k, "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n > len(body) {
				return nil, fmt.Errorf("httpget: body cut short: %w", io.ErrUnexpectedEOF)
			}
			body = body[:n]
		}
	}
	return body, nil
}
