package sessions

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"mime"
	"net/url"
	"strings"
	"time"

	"netcourse/fixtures/httpfake"
	"netcourse/grader/course/2.3-sessions/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// Exercise 2.3: a session with a web site: a login form, a cookie jar,
// basic auth, and redirects that must not carry credentials elsewhere.
var checks = []judge.Check{
	{Name: "Login posts the form and follows the redirect with the new cookie", Points: 3, Run: checkLogin},
	{Name: "keeps the session cookie for the calls after Login", Points: 3, Run: checkKeepsCookie},
	{Name: "sends each cookie only where its Path and host allow", Points: 2, Run: checkCookieScope},
	{Name: "GetBasic sends the user and password with basic auth", Points: 2, Run: checkBasic},
	{Name: "follows a redirect to another host without sending it the credentials", Points: 3, Run: checkCrossHost},
	{Name: "a status outside 2xx is an error naming the code", Points: 1, Run: checkStatus},
}

const (
	stepWithin = 2 * time.Second // each call, against servers that answer at once
	hangHint   = "Each method must return once the last answer's body is read: read it to its end, close it and return."
)

// run makes a Session in one child and takes the steps with it.
func run(t *judge.T, steps ...contract.Step) (contract.Result, error) {
	within := stepWithin * time.Duration(1+len(steps))
	_, r, err := harness.Call(t, contract.Session, contract.Script{Steps: steps}, within)
	if err != nil {
		return r, harness.TimedOut(err, fmt.Sprintf("the calls %s did not all return within %v, although the servers answered at once", showSteps(steps), within), hangHint)
	}
	if r.New != nil {
		return r, judge.Fail("NewSession returned the error %q", r.New.Text).With("", "", "NewSession only builds the client and its cookie jar; cookiejar.New(nil) cannot fail.")
	}
	return r, nil
}

func showSteps(steps []contract.Step) string {
	var s []string
	for _, st := range steps {
		s = append(s, st.Do)
	}
	return strings.Join(s, ", ")
}

func (s *site) login(password string) contract.Step {
	return contract.Step{Do: contract.Login, URL: s.url("/login"), User: s.user, Password: password}
}

func get(u string) contract.Step { return contract.Step{Do: contract.Get, URL: u} }

// returned is the problem with what a call returned, "" if it is page
// and no error.
func returned(call string, r wire.Return, page string) string {
	switch {
	case r.Err != nil:
		return fmt.Sprintf("%s returned the error %q; the page it ends on is %q", call, r.Err.Text, page)
	case !bytes.Equal(r.Data, []byte(page)):
		return fmt.Sprintf("%s returned %s, not the page it ends on, %q", call, judge.Quote(r.Data), page)
	}
	return ""
}

// failed is the check's failure for the problems found, with every
// request both servers saw.
func (s *site) failed(what string, probs []string, why, hint string) error {
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("%s:\n  - %s", what, strings.Join(probs, "\n  - ")).With(s.showAll(), why, hint)
}

// loginProblems judges the POST to /login: its form, and that it came.
func (s *site) loginProblems(password string) []string {
	posts := requests(s.main, "/login")
	if len(posts) == 0 {
		return []string{"no request reached /login: Login must send the form to the URL it is given"}
	}
	r := posts[0]
	var probs []string
	if r.Method != "POST" {
		probs = append(probs, fmt.Sprintf("the request to /login is a %s; a login form is sent with POST", r.Method))
	}
	if mt, _, _ := mime.ParseMediaType(r.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		probs = append(probs, fmt.Sprintf("the Content-Type of the login is %q, want \"application/x-www-form-urlencoded\"", r.Get("Content-Type")))
	}
	f, err := url.ParseQuery(string(r.Body))
	if err != nil || f.Get("user") != s.user || f.Get("password") != password {
		want := url.Values{"user": {s.user}, "password": {password}}.Encode()
		probs = append(probs, fmt.Sprintf("the login form is %s; want the fields user=%q and password=%q, escaped once (%q)", judge.Quote(r.Body), s.user, password, want))
	}
	return probs
}

const (
	whyJar  = "HTTP itself forgets everything between requests: the session lives in the cookie the site sets at login, and only a client that sends it back on each request is logged in. A cookie comes with the answer to the POST, often a redirect, before any page."
	hintJar = "Give the session one http.Client with a cookie jar (net/http/cookiejar) and use that client for every call: it stores the cookies of every answer, redirects included, and sends them back."
)

func checkLogin(t *judge.T) error {
	s, err := newSite(t, false, false)
	if err != nil {
		return err
	}
	r, err := run(t, s.login(s.password))
	if err != nil {
		return err
	}
	probs := s.loginProblems(s.password)
	home := requests(s.main, "/app/home")
	hint := hintJar
	switch {
	case len(home) == 0:
		if len(probs) == 0 {
			probs = append(probs, "the site answered the login with 303 See Other to /app/home, and no request for /app/home came: Login must follow the redirect")
			hint = "Let the session's client follow redirects: http.Client does by default; a CheckRedirect that returns http.ErrUseLastResponse stops it."
		}
	case home[0].Method != "GET":
		probs = append(probs, fmt.Sprintf("the redirect (303 See Other) to /app/home was followed with a %s; after a 303 the next request is a GET", home[0].Method))
	case !s.hasCookie(home[0], sessionCookie, s.token):
		probs = append(probs, fmt.Sprintf("the request for /app/home did not carry the cookie %s=%s that the 303 answer set", sessionCookie, s.token))
	}
	if len(probs) == 0 {
		if p := returned("Login", r.Returns[0], s.page(s.main.URL(), "/app/home")); p != "" {
			probs = append(probs, p)
		}
	}
	return s.failed("the login did not end on the home page, logged in", probs, whyJar, hint)
}

func checkKeepsCookie(t *judge.T) error {
	s, err := newSite(t, false, false)
	if err != nil {
		return err
	}
	paths := []string{"/app/orders", "/app/orders/" + harness.Word(t.Rand, 3)}
	r, err := run(t, s.login(s.password), get(s.url(paths[0])), get(s.url(paths[1])))
	if err != nil {
		return err
	}
	if len(requests(s.main, "/login")) == 0 {
		return s.failed("nothing was judged", []string{"no request reached /login; the login check says more"}, "", "Make Login work first.")
	}
	var probs []string
	for i, p := range paths {
		reqs := requests(s.main, p)
		switch {
		case len(reqs) == 0:
			probs = append(probs, fmt.Sprintf("Get(%q) sent no request for %s", s.url(p), p))
		case !s.hasCookie(reqs[0], sessionCookie, s.token):
			probs = append(probs, fmt.Sprintf("the request for %s did not carry the cookie %s=%s that the login set (the site answered 401)", p, sessionCookie, s.token))
		default:
			if pr := returned(fmt.Sprintf("Get(%q)", s.url(p)), r.Returns[1+i], s.page(s.main.URL(), p)); pr != "" {
				probs = append(probs, pr)
			}
		}
	}
	return s.failed("the session was lost after Login", probs, whyJar, hintJar)
}

func checkCookieScope(t *judge.T) error {
	s, err := newSite(t, true, false)
	if err != nil {
		return err
	}
	w := harness.Word(t.Rand, 4)
	app, apps, settings, other := "/app/profile/"+w, "/apps/list", "/settings/theme", "/hello/"+w
	_, err = run(t, s.login(s.password), get(s.url(app)), get(s.url(apps)), get(s.url(settings)), get(s.other.URL()+other))
	if err != nil {
		return err
	}
	if len(requests(s.main, "/login")) == 0 {
		return s.failed("nothing was judged", []string{"no request reached /login; the login check says more"}, "", "Make Login work first.")
	}
	type rule struct {
		srv       *httpfake.Server
		path      string
		want, not []string
		because   string
	}
	rules := []rule{
		{s.main, app, []string{sessionCookie}, []string{prefCookie, trackCookie}, "session has Path=/app, pref has Path=/settings; track was set for another host"},
		{s.main, apps, nil, []string{sessionCookie, prefCookie, trackCookie}, "Path=/app matches /app and /app/..., not /apps"},
		{s.main, settings, []string{prefCookie}, []string{sessionCookie, trackCookie}, "pref has Path=/settings, session has Path=/app"},
		{s.other, other, nil, []string{sessionCookie, prefCookie, trackCookie}, "every cookie came from " + s.main.Addr() + "; the one that named Domain=" + otherHost + " must be refused: a site cannot set cookies for another host"},
	}
	var probs []string
	for _, ru := range rules {
		reqs := requests(ru.srv, ru.path)
		if len(reqs) == 0 {
			probs = append(probs, fmt.Sprintf("no request for %s reached %s", ru.path, ru.srv.Addr()))
			continue
		}
		got := cookies(reqs[0])
		var missing, extra []string
		for _, c := range ru.want {
			if len(got[c]) == 0 {
				missing = append(missing, c)
			}
		}
		for _, c := range ru.not {
			if len(got[c]) > 0 {
				extra = append(extra, c)
			}
		}
		if len(missing) > 0 {
			probs = append(probs, fmt.Sprintf("the request for %s on %s did not carry the cookie %s (%s)", ru.path, ru.srv.Addr(), strings.Join(missing, ", "), ru.because))
		}
		if len(extra) > 0 {
			probs = append(probs, fmt.Sprintf("the request for %s on %s carried %s, which do not belong there (%s)", ru.path, ru.srv.Addr(), strings.Join(extra, ", "), ru.because))
		}
	}
	return s.failed("cookies went where they do not belong, or not where they do", probs,
		"a cookie belongs to the host that set it and to the paths under its Path attribute (RFC 6265): a cookie sent elsewhere hands your session to another site, or to another application on the same host. Ports do not count (servers on 127.0.0.1 share their cookies whatever their ports); 127.0.0.2 is another host.",
		"Do not copy Set-Cookie into Cookie yourself: net/http/cookiejar applies the domain and path rules for you.")
}

func checkBasic(t *judge.T) error {
	s, err := newSite(t, false, false)
	if err != nil {
		return err
	}
	path := "/basic/report-" + harness.Word(t.Rand, 3)
	r, err := run(t, contract.Step{Do: contract.GetBasic, URL: s.url(path), User: s.buser, Password: s.bpassword})
	if err != nil {
		return err
	}
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte(s.buser+":"+s.bpassword))
	reqs := requests(s.main, path)
	var probs []string
	switch {
	case len(reqs) == 0:
		probs = append(probs, fmt.Sprintf("no request for %s came", path))
	case reqs[len(reqs)-1].Get("Authorization") == "":
		probs = append(probs, fmt.Sprintf("the request for %s had no Authorization header (the site answered 401 with WWW-Authenticate: Basic); want %q", path, want))
	case !s.basicOK(reqs[len(reqs)-1]):
		a := reqs[len(reqs)-1].Get("Authorization")
		if u := basicUser(a); u != "" {
			probs = append(probs, fmt.Sprintf("the Authorization header is %q, which decodes to %q; want %q, the base64 of %q", a, u, want, s.buser+":"+s.bpassword))
		} else {
			probs = append(probs, fmt.Sprintf("the Authorization header is %q, which is not \"Basic \" and base64; want %q, the base64 of %q", a, want, s.buser+":"+s.bpassword))
		}
	default:
		if p := returned(fmt.Sprintf("GetBasic(%q, ...)", s.url(path)), r.Returns[0], s.page(s.main.URL(), path)); p != "" {
			probs = append(probs, p)
		}
	}
	return s.failed("basic auth did not get through", probs,
		"basic auth sends the user and password with the request, in the header Authorization: Basic followed by base64 of user:password (the password may hold a colon; the user may not).",
		"Set the header with req.SetBasicAuth(user, password) on a request made with http.NewRequest, and send it with the session's client.")
}

func checkCrossHost(t *judge.T) error {
	s, err := newSite(t, true, true)
	if err != nil {
		return err
	}
	r, err := run(t, s.login(s.password),
		contract.Step{Do: contract.GetBasic, URL: s.url("/basic/moved"), User: s.buser, Password: s.bpassword},
		get(s.url("/app/home")))
	if err != nil {
		return err
	}
	if len(requests(s.main, "/login")) == 0 {
		return s.failed("nothing was judged", []string{"no request reached /login; the login check says more"}, "", "Make Login work first.")
	}
	b64 := base64.StdEncoding.EncodeToString([]byte(s.buser + ":" + s.bpassword))
	var probs []string
	for _, c := range []struct {
		path, after, call string
		ret               wire.Return
	}{
		{"/welcome", "the login's 302 to " + s.other.URL() + "/welcome?from=login", "Login", r.Returns[0]},
		{"/files/report", "the 302 of /basic/moved to " + s.other.URL() + "/files/report", "GetBasic", r.Returns[1]},
	} {
		reqs := requests(s.other, c.path)
		if len(reqs) == 0 {
			if why := s.noRedirect(c.call); why != "" {
				probs = append(probs, why)
			} else {
				probs = append(probs, fmt.Sprintf("no request for %s reached %s after %s: the redirect was not followed", c.path, s.other.Addr(), c.after))
			}
			continue
		}
		q := reqs[0]
		if a := q.Get("Authorization"); a != "" {
			probs = append(probs, fmt.Sprintf("after %s the request to the other host carried Authorization: %s: the basic auth password went to a host it was not meant for", c.after, a))
		}
		for _, name := range []string{sessionCookie, prefCookie, trackCookie} {
			if len(cookies(q)[name]) > 0 {
				probs = append(probs, fmt.Sprintf("after %s the request to the other host carried the cookie %s, which %s set", c.after, name, s.main.Addr()))
			}
		}
		if strings.Contains(string(q.Raw), b64) || strings.Contains(string(q.Raw), url.QueryEscape(s.password)) {
			if q.Get("Authorization") == "" {
				probs = append(probs, fmt.Sprintf("after %s the request to the other host carried a password", c.after))
			}
		}
		if p := returned(c.call, c.ret, s.page(s.other.URL(), c.path)); p != "" {
			probs = append(probs, p)
		}
	}
	if home := requests(s.main, "/app/home"); len(home) == 0 || !s.hasCookie(home[0], sessionCookie, s.token) {
		probs = append(probs, fmt.Sprintf("the Get of /app/home after the login did not carry %s=%s, which the login's 302 answer set", sessionCookie, s.token))
	}
	return s.failed("a redirect to another host went wrong", probs,
		"a redirect can send your client anywhere, and a site you logged in to may send you to one you do not trust. Cookies and Authorization belong to the host you gave them to: net/http drops Authorization when a redirect leaves the host, and a cookie jar sends each cookie only to its own host.",
		"Let the client follow redirects with its default policy; if you write a CheckRedirect, never copy headers or credentials into a request for another host.")
}

// noRedirect says why the site never redirected call (its login or basic
// auth did not get through), "" if it did.
func (s *site) noRedirect(call string) string {
	if call == "Login" {
		for _, r := range requests(s.main, "/login") {
			if f, _ := url.ParseQuery(string(r.Body)); r.Method == "POST" && f.Get("user") == s.user && f.Get("password") == s.password {
				return ""
			}
		}
		return "the site answered the login with 401, so there was no redirect to follow (the login check says why)"
	}
	for _, r := range requests(s.main, "/basic/moved") {
		if s.basicOK(r) {
			return ""
		}
	}
	return "the site answered 401 to GetBasic of /basic/moved, so there was no redirect to follow (the basic auth check says why)"
}

func checkStatus(t *judge.T) error {
	s, err := newSite(t, false, false)
	if err != nil {
		return err
	}
	wrong := s.password + "x"
	r, err := run(t, s.login(wrong), get(s.url("/app/home")),
		contract.Step{Do: contract.GetBasic, URL: s.url("/basic/report"), User: s.buser, Password: s.bpassword + "x"})
	if err != nil {
		return err
	}
	var probs []string
	for i, call := range []string{"Login with a wrong password", "Get of /app/home before any login", "GetBasic with a wrong password"} {
		switch e := r.Returns[i].Err; {
		case e == nil:
			probs = append(probs, fmt.Sprintf("%s returned no error for the answer 401 Unauthorized (and the data %s)", call, judge.Quote(r.Returns[i].Data)))
		case !strings.Contains(e.Text, "401"):
			probs = append(probs, fmt.Sprintf("%s returned the error %q, which does not name the code 401", call, e.Text))
		}
	}
	return s.failed("a refusal was not reported as an error", probs,
		"net/http returns an error only when no answer came; 401 Unauthorized is an answer, and says you are not logged in. A caller that takes the 401 page for the page it asked for goes on as if it were.",
		"After each request look at resp.StatusCode; outside 200–299 return an error that contains resp.Status.")
}
