package trypeer

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"time"

	"netcourse/fixtures"
	"netcourse/fixtures/httpfake"
)

// httpModes are the answers of the fake HTTP server (Fault.Mode of an
// "http" peer), each a function of the request.
var httpModes = map[string]func(r *httpfake.Request, rng *rand.Rand) *httpfake.Response{
	// echo: 200, a body that says what the server read.
	"echo": func(r *httpfake.Request, _ *rand.Rand) *httpfake.Response {
		return httpfake.OK(describe(r))
	},
	// status: 404 with an error page.
	"status": func(r *httpfake.Request, _ *rand.Rand) *httpfake.Response {
		return httpfake.Status(404, "no such page: "+r.Target+"\n")
	},
	// chunked: the echo body in chunks of odd sizes, with a trailer.
	"chunked": func(r *httpfake.Request, rng *rand.Rand) *httpfake.Response {
		body := describe(r)
		return &httpfake.Response{Status: 200, Body: []byte(body), Chunks: fixtures.Split(rng, len(body), 1, 40),
			Trailer: []httpfake.Field{{Name: "X-Trailer", Value: "end"}}}
	},
	// stall: reads the request and never answers.
	"stall": func(*httpfake.Request, *rand.Rand) *httpfake.Response {
		return &httpfake.Response{Status: 200, Body: []byte("never sent\n"), Fault: &httpfake.Fault{Kind: httpfake.Stall, Part: httpfake.StatusLine}}
	},
	// stall-body: sends the head and half the body, then nothing more.
	"stall-body": func(r *httpfake.Request, _ *rand.Rand) *httpfake.Response {
		body := describe(r)
		return &httpfake.Response{Status: 200, Body: []byte(body), Fault: &httpfake.Fault{Kind: httpfake.Stall, Part: httpfake.Body, Offset: len(body) / 2}}
	},
}

// describe says, in a body, what the server read of r.
func describe(r *httpfake.Request) string {
	var b strings.Builder
	fmt.Fprintf(&b, "you sent %s %s %s\n", r.Method, r.Target, r.Proto)
	if raw, ok := r.RawQuery(); ok {
		q, err := url.ParseQuery(raw)
		if err != nil {
			fmt.Fprintf(&b, "query %q does not parse: %v\n", raw, err)
		}
		for _, k := range slices.Sorted(func(yield func(string) bool) {
			for k := range q {
				if !yield(k) {
					return
				}
			}
		}) {
			fmt.Fprintf(&b, "query %q = %q\n", k, q[k])
		}
	}
	for _, f := range r.Header {
		fmt.Fprintf(&b, "header %s: %q\n", f.Name, f.Value)
	}
	return b.String()
}

// runHTTP runs the fixtures' fake HTTP server and logs every request as it
// crossed the wire, with the answer.
func runHTTP(ctx context.Context, p *Peer, f Fault, opt Options, w *logWriter) error {
	mode, ok := httpModes[f.Mode]
	if !ok {
		return fmt.Errorf("%s: fault %q: unknown http mode %q", p.ID, f.Name, f.Mode)
	}
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
	srv, err := httpfake.StartOn(opt.Listen, func(r *httpfake.Request) *httpfake.Response {
		resp := mode(r, rng)
		wire, _ := resp.Wire()
		w.logf("request on connection %d: %q", r.Conn, r.Raw)
		if resp.Fault != nil {
			w.logf("answer: %q, then a %v in the %v", wire[:resp.FaultOffset()], resp.Fault.Kind, resp.Fault.Part)
		} else {
			w.logf("answer: %q", wire)
		}
		return resp
	})
	if err != nil {
		return err
	}
	defer srv.Close()
	intro(w, p, f, srv.Addr(), opt, "request")
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if n := len(srv.Requests()); n >= opt.N {
			// Let the last answer (or its stall) play out a little; a
			// client's keep-alive pool may hold its connection for long.
			srv.WaitReleased(min(opt.Wait, time.Second))
			w.logf("answered %d %s: exiting", n, units(n, "request"))
			return nil
		}
		select {
		case <-ctx.Done():
			w.logf("interrupted: closing")
			return nil
		case <-tick.C:
		}
	}
}
