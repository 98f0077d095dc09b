// Package httppost is exercise 2.2: HTTP POST: a form and JSON.
package httppost

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

func PostForm(rawURL string, form url.Values) ([]byte, error) {
	resp, err := http.PostForm(rawURL, form)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return b, err
}

func PostJSON(rawURL string, v any) ([]byte, error) {
	pr, pw := io.Pipe()
	go func() {
		enc := json.NewEncoder(pw)
		enc.SetEscapeHTML(false)
		pw.CloseWithError(enc.Encode(v))
	}()
	req, err := http.NewRequest(http.MethodPost, rawURL, pr)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "*/*")
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("server said %s", resp.Status)
	}
	return b, err
}
