package trypeer_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/course"
	"netcourse/grader/internal/trypeer"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start runs the peer of id and waits for its introduction.
func start(t *testing.T, id string, opt trypeer.Options) (*syncBuffer, <-chan error) {
	t.Helper()
	p, ok := For(id)
	if !ok {
		t.Fatalf("no peer for %s", id)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx, opt, out) }()
	for !strings.Contains(out.String(), "Traffic, bytes quoted") {
		select {
		case err := <-done:
			t.Fatalf("stopped before it started: %v\n%s", err, out)
		case <-time.After(10 * time.Millisecond):
		}
	}
	return out, done
}

func TestUnixPeerAnswersInUpperCase(t *testing.T) {
	if err := fixtures.UnixSockets(); err != nil {
		t.Skip(err)
	}
	for _, fault := range []string{"upper", "drip"} {
		t.Run(fault, func(t *testing.T) {
			dir, err := fixtures.SocketDir("trypeer-")
			if err != nil {
				t.Fatal(err)
			}
			defer os.RemoveAll(dir)
			path := filepath.Join(dir, "s.sock")
			out, done := start(t, "1.5", trypeer.Options{Fault: fault, Listen: path, N: 1, Seed: 1, Wait: 5 * time.Second})
			c, err := fixtures.DialUnix(path, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.Write([]byte("hello, unix"))
			c.CloseWrite()
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			got, err := io.ReadAll(c)
			if err != nil || string(got) != "HELLO, UNIX" {
				t.Errorf("reply %q, %v", got, err)
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{`received "hello, unix"`, "received EOF: your half-close", "served 1 connection: exiting"} {
				if !strings.Contains(out.String(), want) {
					t.Errorf("no %q in:\n%s", want, out)
				}
			}
		})
	}
}

func TestUnixPeerLeavesAStaleFile(t *testing.T) {
	if err := fixtures.UnixSockets(); err != nil {
		t.Skip(err)
	}
	dir, err := fixtures.SocketDir("trypeer-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "stale.sock")
	p, _ := For("1.5")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	out := &syncBuffer{}
	go func() { done <- p.Run(ctx, trypeer.Options{Fault: "stale", Listen: path}, out) }()
	for !fixtures.IsSocketFile(path) {
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := net.Dial("unix", path); err == nil {
		t.Error("something listens on the stale file")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if fixtures.IsSocketFile(path) {
		t.Error("the stale file outlived the peer")
	}
}

func TestDNSPeerAnswersAndLogs(t *testing.T) {
	out, done := start(t, "1.7", trypeer.Options{Listen: "127.0.0.1:0", N: 3}) // A and AAAA for www, A for nope
	_, rest, _ := strings.Cut(out.String(), "DialContext(ctx, network, \"")
	addr, _, _ := strings.Cut(rest, "\"")
	r := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	addrs, err := r.LookupNetIP(ctx, "ip", "www.netcourse.test")
	if err != nil || len(addrs) != 2 {
		t.Errorf("www: %v, %v", addrs, err)
	}
	if _, err := r.LookupNetIP(ctx, "ip4", "nope.netcourse.test"); err == nil {
		t.Error("nope: no error")
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"www.netcourse.test. A: 192.0.2.10", "www.netcourse.test. AAAA: 2001:db8::10", "nope.netcourse.test. A: NXDOMAIN", "answered 3 queries: exiting"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}

// TestEveryFaultRuns: each UDP fault starts, and the faults' names are
// unique, the default first.
func TestEveryFaultRuns(t *testing.T) {
	p, _ := For("1.4")
	for _, f := range p.Faults {
		ctx, cancel := context.WithCancel(context.Background())
		out := &syncBuffer{}
		done := make(chan error, 1)
		go func() { done <- p.Run(ctx, trypeer.Options{Fault: f.Name, Listen: "127.0.0.1:0", N: 1}, out) }()
		for !strings.Contains(out.String(), "Traffic") && len(done) == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
		if err := <-done; err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
	}
	for _, id := range ids() {
		p, _ := For(id)
		seen := map[string]bool{}
		for _, f := range p.Faults {
			if seen[f.Name] || f.About == "" {
				t.Errorf("%s: fault %q twice or unexplained", id, f.Name)
			}
			seen[f.Name] = true
		}
		if f, err := p.Fault(""); err != nil || f.Name != p.Faults[0].Name {
			t.Errorf("%s: default fault %v, %v", id, f, err)
		}
		if _, err := p.Fault("nope"); err == nil {
			t.Errorf("%s: an unknown fault", id)
		}
	}
}

// For is the try peer of the exercise with this ID.
func For(id string) (*trypeer.Peer, bool) {
	if ex := course.Lookup(id); ex != nil && ex.Try != nil {
		return ex.Try, true
	}
	return nil, false
}

// ids lists the exercises with a try peer.
func ids() []string {
	var out []string
	for _, ex := range course.Exercises {
		if ex.Try != nil {
			out = append(out, ex.ID)
		}
	}
	return out
}
