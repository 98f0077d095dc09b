// Package sessions is exercise 2.3: Sessions: cookies, basic auth, redirects.
package sessions

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"time"
)

// Session is a conversation with a web site that remembers the cookies
// the site sets, as a browser does.
type Session struct {
	client *http.Client
}

// NewSession returns a Session that holds no cookies yet.
func NewSession() (*Session, error) {
	// The jar keeps each cookie with the host and path it belongs to, and
	// sends it only there; it sees the cookies set on redirects too.
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	// The client's default redirect policy follows up to 10 redirects and
	// drops Authorization (and the Cookie header set by hand) when one
	// leads to another host.
	// Redirects are answers too: return them as they are.
	noFollow := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &Session{client: &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: noFollow}}, nil
}

// Login posts the form user=<user>&password=<password> to loginURL,
// follows the redirects the site answers with, and returns the body of
// the page it ends on. The cookies the site sets are kept for later calls.
func (s *Session) Login(loginURL, user, password string) ([]byte, error) {
	resp, err := s.client.PostForm(loginURL, url.Values{"user": {user}, "password": {password}})
	return body(resp, err)
}

// Get fetches rawURL with the session's cookies, following redirects,
// and returns the body.
func (s *Session) Get(rawURL string) ([]byte, error) {
	resp, err := s.client.Get(rawURL)
	return body(resp, err)
}

// GetBasic fetches rawURL with HTTP basic authentication (user and
// password), following redirects, and returns the body.
func (s *Session) GetBasic(rawURL, user, password string) ([]byte, error) {
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(user, password)
	resp, err := s.client.Do(req)
	return body(resp, err)
}

// body reads and closes the answer; a status outside 2xx is an error.
func body(resp *http.Response, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return data, fmt.Errorf("%s %s: %s", resp.Request.Method, resp.Request.URL, resp.Status)
	}
	return data, nil
}
