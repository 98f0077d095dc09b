// Package httppost is exercise 2.2: HTTP POST: a form and JSON.
package httppost

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

func PostForm(rawURL string, form url.Values) ([]byte, error) {
	return post(rawURL, "application/x-www-form-urlencoded", []byte(form.Encode()))
}

func PostJSON(rawURL string, v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return post(rawURL, "application/json", b)
}

func post(rawURL, ct string, body []byte) ([]byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	c, err := net.DialTimeout("tcp", u.Host, 5*time.Second)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "POST %s HTTP/1.0\r\ncontent-length: %d\r\nHost: %s\r\ncontent-type: %s\r\n\r\n", u.RequestURI(), len(body), u.Host, ct)
	c.Write(body)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		return nil, fmt.Errorf("%s", resp.Status)
	}
	return data, nil
}
