// Package httppost is exercise 2.2: HTTP POST: a form and JSON.
package httppost

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// client has a timeout: the default client waits forever for a server
// that never answers.
var client = &http.Client{Timeout: 10 * time.Second}

// PostForm sends form to rawURL in a POST request, encoded as
// application/x-www-form-urlencoded, and returns the body of the answer.
// A status outside 2xx is an error that names the status code.
func PostForm(rawURL string, form url.Values) ([]byte, error) {
	// Encode escapes every name and value once; strings.Reader gives
	// net/http the length, so it sends Content-Length.
	return post(rawURL, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

// PostJSON sends v to rawURL in a POST request, encoded as JSON
// (application/json), and returns the body of the answer. A status
// outside 2xx is an error that names the status code.
func PostJSON(rawURL string, v any) ([]byte, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return post(rawURL, "application/x-www-form-urlencoded", bytes.NewReader(body))
}

func post(rawURL, contentType string, body io.Reader) ([]byte, error) {
	resp, err := client.Post(rawURL, contentType, body)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return data, fmt.Errorf("POST %s: %s", rawURL, resp.Status)
	}
	return data, nil
}
