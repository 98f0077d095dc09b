// Package sessions is exercise 2.3: Sessions: cookies, basic auth, redirects. Read README.md in this
// folder first.
package sessions

import "errors"

// Session is a conversation with a web site that remembers the cookies
// the site sets, as a browser does. Put in it what you need (an
// *http.Client, most likely).
type Session struct {
}

// NewSession returns a Session that holds no cookies yet.
func NewSession() (*Session, error) {
	// TODO: your code here. Delete the line below when you start.
	return nil, errors.ErrUnsupported
}

// Login posts the form user=<user>&password=<password> to loginURL,
// follows the redirects the site answers with, and returns the body of
// the page it ends on. The cookies the site sets are kept for later calls.
func (s *Session) Login(loginURL, user, password string) ([]byte, error) {
	// TODO: your code here. Delete the line below when you start.
	return nil, errors.ErrUnsupported
}

// Get fetches rawURL with the session's cookies, following redirects,
// and returns the body.
func (s *Session) Get(rawURL string) ([]byte, error) {
	// TODO: your code here. Delete the line below when you start.
	return nil, errors.ErrUnsupported
}

// GetBasic fetches rawURL with HTTP basic authentication (user and
// password), following redirects, and returns the body.
func (s *Session) GetBasic(rawURL, user, password string) ([]byte, error) {
	// TODO: your code here. Delete the line below when you start.
	return nil, errors.ErrUnsupported
}
