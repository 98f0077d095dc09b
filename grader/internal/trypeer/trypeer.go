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
	Kind   string  // "tcp" (fixtures/cmd/fakepeer), "udp", "unix", "dns", "smtp", "ftp" or "http" (fixtures/httpfake)
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
	Mode  string // fakepeer's -mode, for tcp peers; "accept" or "refuse" for smtp; the answer, for http peers (http.go)
	Body  string // fakepeer's -body, when not its default
	// BodyHex is fakepeer's -body-hex: a binary body, which a command
	// line cannot hold as it is.
	BodyHex string
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
	case "ftp":
		return runFTP(ctx, p, f, opt, lw)
	case "smtp":
		return runSMTP(ctx, p, f, opt, lw)
	case "http":
		return runHTTP(ctx, p, f, opt, lw)
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

// SplitAddr splits a "host:port" for a peer's Usage text.
func SplitAddr(addr string) (host, port string) {
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
