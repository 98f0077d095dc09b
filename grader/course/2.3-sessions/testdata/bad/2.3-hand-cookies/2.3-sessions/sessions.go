// Package sessions is exercise 2.3: Sessions: cookies, basic auth, redirects.
package sessions

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Session keeps the cookies itself: every Set-Cookie it sees goes into a
// map, and every request carries all of them.
type Session struct {
	client *http.Client
	mu     sync.Mutex
	jar    map[string]string
}

// NewSession returns a Session that holds no cookies yet.
func NewSession() (*Session, error) {
	s := &Session{jar: map[string]string{}}
	s.client = &http.Client{Timeout: 10 * time.Second, Transport: s}
	return s, nil
}

// RoundTrip adds the cookies to each request, redirects included, and
// keeps the ones each answer sets.
func (s *Session) RoundTrip(req *http.Request) (*http.Response, error) {
	s.mu.Lock()
	var pairs []string
	for k, v := range s.jar {
		pairs = append(pairs, k+"="+v)
	}
	s.mu.Unlock()
	if len(pairs) > 0 {
		req = req.Clone(req.Context())
		req.Header.Set("Cookie", strings.Join(sorted(pairs), "; "))
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	for _, c := range resp.Cookies() {
		s.jar[c.Name] = c.Value
	}
	s.mu.Unlock()
	return resp, nil
}

func sorted(p []string) []string {
	for i := range p {
		for j := i + 1; j < len(p); j++ {
			if p[j] < p[i] {
				p[i], p[j] = p[j], p[i]
			}
		}
	}
	return p
}

// Login posts the form and follows the redirects.
func (s *Session) Login(loginURL, user, password string) ([]byte, error) {
	resp, err := s.client.PostForm(loginURL, url.Values{"user": {user}, "password": {password}})
	return body(resp, err)
}

// Get fetches rawURL with the session's cookies.
func (s *Session) Get(rawURL string) ([]byte, error) {
	resp, err := s.client.Get(rawURL)
	return body(resp, err)
}

// GetBasic fetches rawURL with basic auth.
func (s *Session) GetBasic(rawURL, user, password string) ([]byte, error) {
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(user, password)
	resp, err := s.client.Do(req)
	return body(resp, err)
}

func body(resp *http.Response, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		return data, fmt.Errorf("%s", resp.Status)
	}
	return data, nil
}
