package sessions

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"netcourse/fixtures/httpfake"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
)

// site is a check's fake web site: the server on 127.0.0.1 with a login
// form, pages behind it (/app), a cookie of its own (/settings) and pages
// behind basic auth (/basic); and another host, on 127.0.0.2, that a
// redirect may lead to. Cookies do not tell ports apart, so the other host
// is another address, not another port.
type site struct {
	main, other      *httpfake.Server
	user, password   string // the login form's
	buser, bpassword string // basic auth's
	token, pref      string // the session cookie's value, the /settings cookie's
	track            string // a cookie the site sets for the other host, which it may not
	nonce            string // in every page, so a page cannot be made up
	loginTo          string // where a good login redirects
	loginStatus      int
}

const (
	sessionCookie = "session"
	prefCookie    = "pref"
	trackCookie   = "track"
	otherHost     = "127.0.0.2"
)

// newSite starts the site, and with other the other host too, closed when
// the check ends; where the machine has no 127.0.0.2 (macOS has only
// 127.0.0.1 unless told), a check that needs it is skipped. A good login
// answers 303 to /app/home, or with crossHost 302 to the other host.
func newSite(t *judge.T, other, crossHost bool) (*site, error) {
	w := func(n int) string { return harness.Word(t.Rand, n) }
	s := &site{
		user: w(5) + ".ñ", password: "p@ss w&rd=" + w(4) + "+%é",
		buser: "ana." + w(4), bpassword: "s3cr:" + w(4) + " é",
		token: w(16), pref: "dark-" + w(4), track: w(8), nonce: w(10),
		loginTo: "/app/home", loginStatus: 303,
	}
	var err error
	if s.main, err = httpfake.Start(s.serveMain); err != nil {
		return nil, err
	}
	t.Cleanup(s.main.Close)
	if !other {
		return s, nil
	}
	if s.other, err = httpfake.StartOn(otherHost+":0", s.serveOther); err != nil {
		return nil, t.Skip(fmt.Sprintf("this machine cannot listen on a second loopback address, %s, for the other host: %v", otherHost, err))
	}
	t.Cleanup(s.other.Close)
	if crossHost {
		s.loginTo, s.loginStatus = s.other.URL()+"/welcome?from=login", 302
	}
	return s, nil
}

func (s *site) url(path string) string { return s.main.URL() + path }

// page is what the site answers for path: the host, the path and the
// nonce.
func (s *site) page(host, path string) string {
	return fmt.Sprintf("%s%s: page %s\n", host, path, s.nonce)
}

func (s *site) serveMain(r *httpfake.Request) *httpfake.Response {
	path := r.Path()
	switch {
	case path == "/login" && r.Method == "POST":
		f, _ := url.ParseQuery(string(r.Body))
		if f.Get("user") != s.user || f.Get("password") != s.password {
			return httpfake.Status(401, "wrong user or password\n")
		}
		return httpfake.Redirect(s.loginStatus, s.loginTo).
			With("Set-Cookie", sessionCookie+"="+s.token+"; Path=/app; HttpOnly; SameSite=Lax").
			With("Set-Cookie", prefCookie+"="+s.pref+"; Path=/settings").
			With("Set-Cookie", trackCookie+"="+s.track+"; Domain="+otherHost+"; Path=/")
	case under(path, "/app"):
		if !s.hasCookie(r, sessionCookie, s.token) {
			return httpfake.Status(401, "log in first\n")
		}
	case under(path, "/basic"):
		if !s.basicOK(r) {
			return httpfake.Status(401, "who are you?\n").With("WWW-Authenticate", `Basic realm="reports"`)
		}
		if path == "/basic/moved" && s.other != nil {
			return httpfake.Redirect(302, s.other.URL()+"/files/report")
		}
	}
	return httpfake.OK(s.page(s.main.URL(), path))
}

func (s *site) serveOther(r *httpfake.Request) *httpfake.Response {
	return httpfake.OK(s.page(s.other.URL(), r.Path()))
}

// under says whether path is dir or below it, as a cookie's Path matches.
func under(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, dir+"/")
}

// cookies are the name=value pairs of the request's Cookie headers.
func cookies(r *httpfake.Request) map[string][]string {
	out := map[string][]string{}
	for _, line := range r.Values("Cookie") {
		for _, kv := range strings.Split(line, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(kv), "=")
			if k != "" {
				out[k] = append(out[k], v)
			}
		}
	}
	return out
}

func (s *site) hasCookie(r *httpfake.Request, name, value string) bool {
	for _, v := range cookies(r)[name] {
		if v == value {
			return true
		}
	}
	return false
}

// basicOK says whether the request carries the basic auth credentials.
func (s *site) basicOK(r *httpfake.Request) bool {
	return r.Get("Authorization") != "" && basicUser(r.Get("Authorization")) == s.buser+":"+s.bpassword
}

// basicUser decodes "Basic base64(user:password)" to "user:password", ""
// if it is not that.
func basicUser(auth string) string {
	scheme, enc, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Basic") {
		return ""
	}
	p, err := base64.StdEncoding.DecodeString(strings.TrimSpace(enc))
	if err != nil {
		return ""
	}
	return string(p)
}

// requests are the requests srv read for path (the target's path), in
// order.
func requests(srv *httpfake.Server, path string) []*httpfake.Request {
	var out []*httpfake.Request
	for _, r := range srv.Requests() {
		if r.Path() == path {
			out = append(out, r)
		}
	}
	return out
}

// show is a request's line and the headers that carry credentials, as
// sent.
func show(r *httpfake.Request) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  %s %s %s", r.Method, judge.Quote([]byte(r.Target)), r.Proto)
	n := 0
	for _, f := range r.Header {
		if strings.EqualFold(f.Name, "Cookie") || strings.EqualFold(f.Name, "Authorization") {
			fmt.Fprintf(&b, "\n    %s: %s", f.Name, judge.Quote([]byte(f.Value)))
			n++
		}
	}
	if n == 0 {
		b.WriteString("\n    (no Cookie, no Authorization)")
	}
	return b.String()
}

// showAll shows every request both servers read, in the order they came.
func (s *site) showAll() string {
	type sent struct {
		to string
		r  *httpfake.Request
	}
	var all []sent
	for _, srv := range []*httpfake.Server{s.main, s.other} {
		if srv == nil {
			continue
		}
		for _, r := range srv.Requests() {
			all = append(all, sent{srv.Addr(), r})
		}
	}
	slices.SortStableFunc(all, func(a, b sent) int { return a.r.At.Compare(b.r.At) })
	var lines []string
	for _, x := range all {
		lines = append(lines, fmt.Sprintf("to %s:\n%s", x.to, show(x.r)))
	}
	if len(lines) == 0 {
		return "No request reached either server."
	}
	return "The servers received:\n" + strings.Join(lines, "\n")
}
