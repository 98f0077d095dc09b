// Package trypeer runs an exercise's fake peer stand-alone, for `grader
// try`: the student points their code (or nc) at it, chooses a fault, and
// reads every byte that crosses the socket, quoted as a Go string. TCP
// peers are fixtures/cmd/fakepeer, built and run as it is; UDP, Unix socket
// and DNS peers are the fixtures the checks use.
package trypeer

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"
)

// Peer is the fake peer of one exercise.
type Peer struct {
	ID     string
	Kind   string  // "tcp" (fixtures/cmd/fakepeer), "udp", "unix" or "dns"
	Listen string  // default address: the README's, so its commands work as written
	Faults []Fault // the first is the default
	// Usage says, for the address listened on, how to point code or a
	// tool at the peer.
	Usage func(addr string) string
}

// Fault is one behaviour of a peer.
type Fault struct {
	Name  string
	About string
	mode  string // fakepeer's -mode, for tcp peers
	body  string // fakepeer's -body, when not its default
}

// Options say how to run a peer.
type Options struct {
	Root   string        // the course's root folder, to build fixtures/cmd/fakepeer
	Fault  string        // a Fault's name; "" for the default
	Listen string        // the address (a path for Unix sockets); "" for the default
	N      int           // stop after this many connections, datagrams or queries
	Seed   uint64        // fragment sizes and padding
	Wait   time.Duration // how long the peer waits for a request, or a read of each fragment
}

// For returns the fake peer of the exercise with this ID. Exercises whose
// student code is the server (1.2, 1.6) have none: the student plays the
// client with nc.
func For(id string) (*Peer, bool) {
	for _, p := range peers {
		if p.ID == id {
			return p, true
		}
	}
	return nil, false
}

// IDs lists the exercises that have a fake peer.
func IDs() []string {
	var ids []string
	for _, p := range peers {
		ids = append(ids, p.ID)
	}
	return ids
}

// Fault finds a fault by name ("" is the default).
func (p *Peer) Fault(name string) (Fault, error) {
	if name == "" {
		return p.Faults[0], nil
	}
	for _, f := range p.Faults {
		if f.Name == name {
			return f, nil
		}
	}
	return Fault{}, fmt.Errorf("%s has no fault %q (faults: %s)", p.ID, name, p.FaultNames())
}

// FaultNames lists the peer's faults, the default first.
func (p *Peer) FaultNames() string {
	var names []string
	for _, f := range p.Faults {
		names = append(names, f.Name)
	}
	return strings.Join(names, ", ")
}

// Run runs the peer until it has served opt.N connections (datagrams,
// queries) or ctx ends, writing what to run and then the traffic to w.
func (p *Peer) Run(ctx context.Context, opt Options, w io.Writer) error {
	f, err := p.Fault(opt.Fault)
	if err != nil {
		return err
	}
	if opt.Listen == "" {
		opt.Listen = p.Listen
	}
	opt.N = max(opt.N, 1)
	if opt.Wait <= 0 {
		opt.Wait = 10 * time.Second
	}
	lw := &logWriter{w: w}
	switch p.Kind {
	case "tcp":
		return runTCP(ctx, p, f, opt, lw)
	case "udp":
		return runUDP(ctx, p, f, opt, lw)
	case "unix":
		return runUnix(ctx, p, f, opt, lw)
	case "dns":
		return runDNS(ctx, p, f, opt, lw)
	}
	return fmt.Errorf("%s: unknown kind of peer %q", p.ID, p.Kind)
}

// intro writes what the peer is and how to use it.
func intro(w *logWriter, p *Peer, f Fault, addr string, opt Options, unit string) {
	var others []string
	for _, o := range p.Faults {
		if o.Name != f.Name {
			others = append(others, o.Name)
		}
	}
	w.printf("Fake peer of exercise %s on %s, fault %q: %s\n\n", p.ID, addr, f.Name, f.About)
	w.printf("%s\n\n", strings.TrimRight(p.Usage(addr), "\n"))
	if len(others) > 0 {
		w.printf("Other faults: %s (grader try %s --fault %s).\n", strings.Join(others, ", "), p.ID, others[0])
	}
	w.printf("It stops after %d %s, or at Ctrl-C. Traffic, bytes quoted as Go strings:\n\n", opt.N, units(opt.N, unit))
}

// logWriter serialises the lines of concurrent connections.
type logWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *logWriter) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, format, args...)
}

// logf writes one timestamped traffic line, as fakepeer does.
func (l *logWriter) logf(format string, args ...any) {
	l.printf("%s %s\n", time.Now().Format("15:04:05.000000"), fmt.Sprintf(format, args...))
}

var peers = []*Peer{
	{
		ID: "1.1", Kind: "tcp", Listen: "127.0.0.1:8080",
		Faults: []Fault{
			{Name: "http", mode: "http", About: "reads a request up to its empty line, then sends an HTTP/1.0 response in small fragments, each after you read the last, and closes"},
			{Name: "rst", mode: "rst", body: httpResponse, About: "reads the request, sends the first half of a response, then resets the connection (RST): Get must return an error"},
			{Name: "fin", mode: "fin", body: httpResponse, About: "reads the request, sends the first half of a response, then closes cleanly (FIN)"},
			{Name: "stall", mode: "stall", About: "reads whatever you send and never answers"},
		},
		Usage: func(addr string) string {
			host, port := splitAddr(addr)
			return fmt.Sprintf("Point your code at it, from a small main (README, \"Try it by hand\"):\n"+
				"    tcpclient.Get(%q, %s, \"/\")\n"+
				"or by hand:\n"+
				"    printf 'GET / HTTP/1.0\\r\\nHost: %s\\r\\n\\r\\n' | nc %s %s", host, port, host, host, port)
		},
	},
	{
		ID: "1.3", Kind: "tcp", Listen: "127.0.0.1:9000",
		Faults: []Fault{
			{Name: "drip", mode: "drip", About: "reads a request up to an empty line, sends its reply in small fragments, each after you read the last, then closes"},
			{Name: "coalesce", mode: "coalesce", About: "reads a request, sends the whole reply in one write, then closes"},
			{Name: "stall", mode: "stall", About: "reads whatever you send and never answers: Fetch must time out"},
			{Name: "fin", mode: "fin", About: "reads a request, sends half the reply, then closes cleanly (FIN): a good end for RecvAll, a cut record for RecvExactly"},
			{Name: "rst", mode: "rst", About: "reads a request, sends half the reply, then resets the connection (RST): an error, not a short reply"},
		},
		Usage: func(addr string) string {
			host, port := splitAddr(addr)
			return fmt.Sprintf("Point your code at it, from a small main (README, \"Try it by hand\"):\n"+
				"    sockets.Fetch(%q, []byte(\"hello\\n\\n\"), 2*time.Second)\n"+
				"or by hand:\n"+
				"    printf 'hello\\n\\n' | nc %s %s", addr, host, port)
		},
	},
	{
		ID: "1.4", Kind: "udp", Listen: "127.0.0.1:9999",
		Faults: []Fault{
			{Name: "echo", About: "answers each datagram at once, to its sender: its first 4 bytes (the ID), then \" re:\" and the rest"},
			{Name: "drop", About: "loses the first 2 datagrams, then answers: Request must try again"},
			{Name: "duplicate", About: "sends every reply twice"},
			{Name: "stale", About: "sends its reply to your previous datagram again, just before the reply to this one"},
			{Name: "forged", About: "sends a forged reply with the right ID from another port, just before the real one"},
			{Name: "oversize", About: "pads every reply to 5000 bytes: more than a 1024-byte buffer holds"},
			{Name: "silent", About: "never answers: Request must give up after retries+1 tries"},
		},
		Usage: func(addr string) string {
			host, port := splitAddr(addr)
			return fmt.Sprintf("Point your code at it, from a small main:\n"+
				"    udp.Request(%q, []byte(\"ab12 hello\"), time.Second, 2)\n"+
				"or by hand (each line you type is one datagram):\n"+
				"    nc -u %s %s", addr, host, port)
		},
	},
	{
		ID: "1.5", Kind: "unix",
		Faults: []Fault{
			{Name: "upper", About: "reads a request until your half-close, answers it in upper case, and closes"},
			{Name: "drip", About: "reads a request until your half-close, answers it in upper case in small fragments, each after you read the last, and closes"},
			{Name: "stale", About: "leaves a stale socket file at the path, with nothing listening: Request must fail (connection refused), and your Listen must replace it"},
		},
		Usage: func(path string) string {
			return fmt.Sprintf("Point your code at it, from a small main (README, \"Try it by hand\"):\n"+
				"    unixsock.Request(%q, []byte(\"hello, unix\"))\n"+
				"or by hand (-N sends the half-close when the input ends):\n"+
				"    printf 'hello, unix' | nc -N -U %s", path, path)
		},
	},
	{
		ID: "1.7", Kind: "dns", Listen: "127.0.0.1:5353",
		Faults: []Fault{
			{Name: "names", About: "answers A and AAAA queries for www.netcourse.test (192.0.2.10, 2001:db8::10) and big.netcourse.test (30 A records; over UDP only 2, with the TC bit, so the resolver asks again over TCP), never answers slow.netcourse.test, and says NXDOMAIN for every other name"},
		},
		Usage: func(addr string) string {
			host, port := splitAddr(addr)
			return fmt.Sprintf("Point a resolver at it, in a small main (README, \"Try it by hand\"):\n"+
				"    r := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {\n"+
				"        return (&net.Dialer{}).DialContext(ctx, network, %q)\n"+
				"    }}\n"+
				"    netutil.LookupHost(ctx, r, \"www.netcourse.test\")\n"+
				"or by hand:\n"+
				"    dig @%s -p %s www.netcourse.test", addr, host, port)
		},
	},
}

// httpResponse is the body 1.1's rst and fin faults cut in half.
const httpResponse = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello from the fake server, a line long enough to be cut\n"

func splitAddr(addr string) (host, port string) {
	i := strings.LastIndex(addr, ":")
	if i < 0 {
		return addr, ""
	}
	return strings.Trim(addr[:i], "[]"), addr[i+1:]
}

// sortedBy orders datagrams or queries by when they happened.
func sortedBy[T any](xs []T, at func(T) time.Time) []T {
	slices.SortStableFunc(xs, func(a, b T) int { return at(a).Compare(at(b)) })
	return xs
}

// units is unit, in the plural unless n is 1.
func units(n int, unit string) string {
	if n == 1 {
		return unit
	}
	if strings.HasSuffix(unit, "y") {
		return strings.TrimSuffix(unit, "y") + "ies"
	}
	return unit + "s"
}
