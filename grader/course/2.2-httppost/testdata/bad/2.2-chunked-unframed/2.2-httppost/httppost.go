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

// PostForm sends form to rawURL in a POST request, encoded as
// application/x-www-form-urlencoded, and returns the body of the answer.
func PostForm(rawURL string, form url.Values) ([]byte, error) {
	return post(rawURL, "application/x-www-form-urlencoded", form.Encode())
}

// PostJSON sends v to rawURL in a POST request, encoded as JSON.
func PostJSON(rawURL string, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return post(rawURL, "application/json", string(b))
}

// post writes the request by hand; chunked, so there is no length to count.
func post(rawURL, contentType, body string) ([]byte, error) {
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
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n%s",
		u.RequestURI(), u.Host, contentType, body)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		return data, fmt.Errorf("POST %s: %s", rawURL, resp.Status)
	}
	return data, nil
}
