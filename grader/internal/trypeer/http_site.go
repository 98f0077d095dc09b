package trypeer

import (
	"math/rand/v2"
	"net/url"
	"strings"

	"netcourse/fixtures/httpfake"
)

// The "site" mode of http peers (2.3): a small web site with a login
// form, pages behind its session cookie, and pages behind basic auth.
// It keeps no state: the cookie's value is fixed, so each request is
// judged alone.
const (
	siteUser, sitePassword = "ana", "s3cret pass"
	siteCookie             = "session=try-0123456789"
)

func init() { httpModes["site"] = site }

func site(r *httpfake.Request, _ *rand.Rand) *httpfake.Response {
	path := r.Path()
	switch {
	case path == "/login" && r.Method == "POST":
		f, _ := url.ParseQuery(string(r.Body))
		if f.Get("user") != siteUser || f.Get("password") != sitePassword {
			return httpfake.Status(401, "wrong user or password: the form must hold user="+siteUser+" and password="+sitePassword+"\n")
		}
		return httpfake.Redirect(303, "/app/home").With("Set-Cookie", siteCookie+"; Path=/app; HttpOnly")
	case path == "/app" || strings.HasPrefix(path, "/app/"):
		for _, c := range r.Values("Cookie") {
			if strings.Contains(c, siteCookie) {
				return httpfake.OK("welcome back, " + siteUser + ": you are logged in (" + path + ")\n")
			}
		}
		return httpfake.Status(401, "log in first: POST the form to /login\n")
	case path == "/basic" || strings.HasPrefix(path, "/basic/"):
		if r.Get("Authorization") != "Basic YW5hOnMzY3JldCBwYXNz" { // base64 of "ana:s3cret pass"
			return httpfake.Status(401, "who are you? (basic auth: "+siteUser+" / "+sitePassword+")\n").With("WWW-Authenticate", `Basic realm="try"`)
		}
		return httpfake.OK("the report, for " + siteUser + " (" + path + ")\n")
	}
	return httpfake.OK(describe(r))
}
