package httppost

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// serveOnce reads one request with readRequest and answers 200 "ok".
func serveOnce(t *testing.T) (url string, got <-chan *request) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	ch := make(chan *request, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			close(ch)
			return
		}
		defer c.Close()
		ch <- readRequest(c.(*net.TCPConn), 2*time.Second, time.Second, func(*request) []byte {
			return response(200, "text/plain", []byte("ok"))
		})
	}()
	return "http://" + ln.Addr().String() + "/p?q=1", ch
}

// TestReadRequestAgreesWithNetHTTP: what Go's client sends, with
// Content-Length and chunked (and a trailer), the fake reads as the
// same body with no framing problem, and Go's client reads its answer.
func TestReadRequestAgreesWithNetHTTP(t *testing.T) {
	body := strings.Repeat("é & x=1+2 ", 500)
	for _, tc := range []struct {
		name    string
		framing string
		req     func(url string) *http.Request
	}{
		{"content-length", "Content-Length", func(u string) *http.Request {
			r, _ := http.NewRequest("POST", u, strings.NewReader(body))
			return r
		}},
		{"chunked", "chunked", func(u string) *http.Request {
			pr, pw := io.Pipe()
			go func() { io.WriteString(pw, body[:100]); io.WriteString(pw, body[100:]); pw.Close() }()
			r, _ := http.NewRequest("POST", u, pr)
			r.Trailer = http.Header{"X-Sum": nil}
			return r
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, got := serveOnce(t)
			req := tc.req(u)
			req.Header.Set("Content-Type", "text/plain")
			resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			answer, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(answer) != "ok" {
				t.Errorf("client read %q, want \"ok\"", answer)
			}
			r := <-got
			if r == nil {
				t.Fatal("no request")
			}
			if r.method != "POST" || r.target != "/p?q=1" || r.get("content-type") != "text/plain" {
				t.Errorf("read %q %q Content-Type %q", r.method, r.target, r.get("Content-Type"))
			}
			if r.framing != tc.framing || r.frameErr != "" || len(r.extra) != 0 {
				t.Errorf("framing %q, problem %q, extra %q; want %q and none", r.framing, r.frameErr, r.extra, tc.framing)
			}
			if string(r.body) != body {
				t.Errorf("body of %d bytes, want the %d sent", len(r.body), len(body))
			}
		})
	}
}

// TestReadRequestFramingFaults: lengths that lie and broken chunks are
// each reported, as net/http's server would fail to read them.
func TestReadRequestFramingFaults(t *testing.T) {
	for _, tc := range []struct{ name, raw, want string }{
		{"short", "POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcdef", ""},
		{"long", "POST / HTTP/1.1\r\nContent-Length: 9\r\n\r\nabc", "only 3 came"},
		{"none", "POST / HTTP/1.1\r\n\r\nabc", "neither Content-Length"},
		{"raw chunked", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", "where a chunk's size should come"},
		{"no last chunk", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", "never came"},
		{"both", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n", "both"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, got := serveOnce(t)
			c, err := net.Dial("tcp", strings.TrimSuffix(strings.TrimPrefix(u, "http://"), "/p?q=1"))
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			io.WriteString(c, tc.raw)
			c.(*net.TCPConn).CloseWrite()
			r := <-got
			if tc.want == "" {
				if r.frameErr != "" || string(r.extra) != "def" {
					t.Errorf("problem %q, extra %q; want none and \"def\"", r.frameErr, r.extra)
				}
				return
			}
			if !strings.Contains(r.frameErr, tc.want) {
				t.Errorf("problem %q, want it to say %q", r.frameErr, tc.want)
			}
		})
	}
}
