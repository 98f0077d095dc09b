package trypeer_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"netcourse/grader/internal/trypeer"
)

var onAddr = regexp.MustCompile(` on (\S+), fault `)

// TestHTTPPeerEveryFault: each fault of 2.1's HTTP peer answers a stdlib
// client as it says, logs the request as sent, and the peer stops after
// one request.
func TestHTTPPeerEveryFault(t *testing.T) {
	p, _ := For("2.1")
	for _, f := range p.Faults {
		t.Run(f.Name, func(t *testing.T) {
			out, done := start(t, "2.1", trypeer.Options{Fault: f.Name, Listen: "127.0.0.1:0", N: 1, Wait: time.Second})
			m := onAddr.FindStringSubmatch(out.String())
			if m == nil {
				t.Fatalf("no address in:\n%s", out)
			}
			c := &http.Client{Timeout: 300 * time.Millisecond}
			resp, err := c.Get("http://" + m[1] + "/search?q=fish+%26+chips")
			var body []byte
			if err == nil {
				body, err = io.ReadAll(resp.Body)
				resp.Body.Close()
			}
			stalls := strings.HasPrefix(f.Name, "stall")
			switch {
			case stalls && err == nil:
				t.Errorf("no error from a stalled peer")
			case !stalls && err != nil:
				t.Errorf("error: %v", err)
			case f.Name == "status" && resp.StatusCode != 404:
				t.Errorf("status %d", resp.StatusCode)
			case (f.Name == "echo" || f.Name == "chunked") && !strings.Contains(string(body), `query "q" = ["fish & chips"]`):
				t.Errorf("body %q", body)
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), `request on connection 0: "GET /search?q=fish+%26+chips HTTP/1.1\r\n`) || !strings.Contains(out.String(), "answered 1 request: exiting") {
				t.Errorf("log:\n%s", out)
			}
		})
	}
}
