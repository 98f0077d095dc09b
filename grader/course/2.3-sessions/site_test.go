package sessions

import (
	"net/http"
	"testing"

	"netcourse/fixtures/httpfake"
)

// TestCookiesAndBasicAgreeWithNetHTTP: the site reads the Cookie and
// Authorization headers that net/http writes as net/http's server does.
func TestCookiesAndBasicAgreeWithNetHTTP(t *testing.T) {
	req, _ := http.NewRequest("GET", "http://127.0.0.1/", nil)
	req.AddCookie(&http.Cookie{Name: "session", Value: "abc"})
	req.AddCookie(&http.Cookie{Name: "pref", Value: "dark-x"})
	req.SetBasicAuth("ana.x", "s3cr:t é")
	r := &httpfake.Request{}
	for k, vs := range req.Header {
		for _, v := range vs {
			r.Header = append(r.Header, httpfake.Field{Name: k, Value: v})
		}
	}
	got := cookies(r)
	if len(got["session"]) != 1 || got["session"][0] != "abc" || len(got["pref"]) != 1 || got["pref"][0] != "dark-x" {
		t.Errorf("cookies = %q, want session=abc and pref=dark-x", got)
	}
	s := &site{buser: "ana.x", bpassword: "s3cr:t é"}
	if !s.basicOK(r) {
		t.Errorf("basicOK(%q) = false for SetBasicAuth's own header", r.Get("Authorization"))
	}
	s.bpassword = "s3cr:t"
	if s.basicOK(r) {
		t.Error("basicOK is true for another password")
	}
}

// TestUnderIsCookiePathMatch: Path=/app covers /app and /app/..., not
// /apps (RFC 6265, section 5.1.4).
func TestUnderIsCookiePathMatch(t *testing.T) {
	for path, want := range map[string]bool{"/app": true, "/app/": true, "/app/x/y": true, "/apps": false, "/ap": false, "/": false} {
		if got := under(path, "/app"); got != want {
			t.Errorf("under(%q, \"/app\") = %v, want %v", path, got, want)
		}
	}
}
