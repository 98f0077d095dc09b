// Package sessions is exercise 2.3: Sessions: cookies, basic auth, redirects.
package sessions

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
)

type Session struct {
	c *http.Client
}

func NewSession() (*Session, error) {
	jar, _ := cookiejar.New(&cookiejar.Options{})
	return &Session{c: &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) > 5 {
			return errors.New("too many redirects")
		}
		return nil
	}}}, nil
}

func (s *Session) do(req *http.Request) ([]byte, error) {
	resp, err := s.c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return b, err
}

func (s *Session) Login(loginURL, user, password string) ([]byte, error) {
	req, err := http.NewRequest("POST", loginURL, strings.NewReader(url.Values{"password": {password}, "user": {user}}.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	return s.do(req)
}

func (s *Session) Get(rawURL string) ([]byte, error) {
	req, err := http.NewRequest("GET", rawURL, nil)
	if err != nil {
		return nil, err
	}
	return s.do(req)
}

// GetBasic asks first without the password, and sends it only when the
// server asks for it (401 with WWW-Authenticate: Basic).
func (s *Session) GetBasic(rawURL, user, password string) ([]byte, error) {
	resp, err := s.c.Get(rawURL)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode == 401 && strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Basic") {
		req, _ := http.NewRequest("GET", rawURL, nil)
		req.SetBasicAuth(user, password)
		return s.do(req)
	}
	req, _ := http.NewRequest("GET", rawURL, nil)
	return s.do(req)
}
