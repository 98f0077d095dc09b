package tcpserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/course/1.2-tcpserver/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// Exercise 1.2: a TCP server that greets each client with its address.
var checks = []judge.Check{
	{Name: "greets a client from 127.0.0.1 exactly", Points: 2, Run: checkServerGreeting},
	{Name: "greets each client with its own address", Points: 2, Run: checkServerOwnAddress},
	{Name: "greets IPv6 clients from ::1", Points: 1, Run: checkServerIPv6},
	{Name: "closes each client's connection", Points: 1, Run: checkServerCloses},
	{Name: "serves many clients one after another", Points: 2, Run: checkServerMany},
	{Name: "returns promptly after the listener is closed", Points: 1, Run: harness.ReturnsAfterStop(stopWords, serveAndStop)},
	{Name: "leaks no connections", Points: 1, Run: checkServerLeaks},
}

const (
	startWithin   = 5 * time.Second // the child starts and listens
	dialWithin    = time.Second     // a fake client connects
	greetWithin   = time.Second     // a greeting arrives after the connect
	eofWithin     = time.Second     // the close (EOF) follows the greeting
	resultWithin  = wire.ReturnWithin + 3*time.Second
	manyClients   = 20
	closeClients  = 3
	greetingLimit = 256 // bytes a fake client reads at most
)

const (
	whyOwnAddress = "a server learns who is calling from the accepted connection: conn.RemoteAddr() is the address and port the client connects from, as the kernel saw them. Every client has its own; the listener's address and any fixed string are the same for all."
	whyLoop       = "the listening socket only accepts: each Accept hands you a new socket for one client, and the data goes over that one. To serve the next client you must call Accept again, in a loop, until the listener is closed."
	hintLoop      = "Put Accept, the greeting and the close in a for loop; leave the loop only when Accept returns an error."
	hintClose     = "Call conn.Close() on each accepted connection once the greeting is written (defer conn.Close() in a function that handles one client); the listener stays open for the next one."
)

// server is how the checks run the submission's Serve: in a child, on a
// listener the child opened.
var server = harness.ServerSpec[contract.ServeArgs, contract.Addr, contract.ServeResult]{
	Op: contract.Serve, Listening: contract.Listening,
	StartWithin: startWithin, ResultWithin: resultWithin, Stopping: "closing the listener",
}

// stopWords are this exercise's words for harness.ReturnsAfterStop.
var stopWords = harness.StopWords{
	Closed: "the listener", Thing: "listener", Wait: "Accept",
	Served: "served a few clients", Loop: hintLoop,
}

// greetServer is the submission's Serve running in a child, on a listener
// the child opened.
type greetServer struct {
	t *judge.T
	*harness.Server[contract.ServeArgs, contract.Addr, contract.ServeResult]
}

func startGreetServer(t *judge.T, network, addr string) (*greetServer, error) {
	s, err := harness.StartServer(t, server, contract.ServeArgs{Network: network, Addr: addr})
	if err != nil {
		return nil, err
	}
	return &greetServer{t: t, Server: s}, nil
}

// dial connects a fake client from source address src.
func (s *greetServer) dial(src string) (*net.TCPConn, error) {
	ctx, cancel := context.WithTimeout(s.t.Ctx, dialWithin)
	defer cancel()
	c, err := fixtures.DialFrom(ctx, src, s.Listening.Addr)
	if err != nil {
		return nil, err
	}
	s.t.Cleanup(func() { c.Close() })
	return c, nil
}

// why explains a client that got nothing: what the client saw, and what
// Serve had done. A panic, a crash or the stub come back as the error.
func (s *greetServer) why(cause error) (string, error) {
	r, err := s.Stop()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	switch {
	case errors.Is(cause, syscall.ECONNREFUSED), errors.Is(cause, syscall.ECONNRESET):
		// Refused or reset is a race with the listener's close: one message.
		b.WriteString("Its connection was refused or reset before anything arrived: nothing was accepting connections any more.")
	case errors.Is(cause, io.EOF):
		b.WriteString("The server closed the connection without sending anything.")
	case errors.Is(cause, os.ErrDeadlineExceeded):
		b.WriteString(fmt.Sprintf("Nothing arrived within %v, and the connection stayed open.", greetWithin))
	case cause != nil:
		b.WriteString(fmt.Sprintf("The client saw: %v.", cause))
	}
	if r.Early {
		b.WriteString(fmt.Sprintf("\nServe had already returned (%s) while the listener was still open, so no one accepted this client.", harness.Returned(r.Err)))
	}
	return b.String(), nil
}

// readGreeting reads up to the first newline, the peer's close or
// greetWithin, and returns everything read; err says why it stopped early.
func readGreeting(c *net.TCPConn) ([]byte, error) {
	return fixtures.ReadUntil(c, []byte("\n"), greetingLimit, greetWithin)
}

// greetingProblem compares a greeting with the one src should get.
func greetingProblem(got []byte, src string) error {
	want := "Hello " + src + "\n"
	if string(got) == want {
		return nil
	}
	hint := "Build the greeting from the accepted connection: the IP of conn.RemoteAddr(), followed by \"\\n\"."
	line := strings.TrimSuffix(string(harness.FirstLine(got)), "\n")
	why := whyOwnAddress
	host, port, err := net.SplitHostPort(strings.TrimPrefix(line, "Hello "))
	switch {
	case string(got) == strings.TrimSuffix(want, "\n"):
		why = "the greeting is a line of text: a client reading lines (bufio's ReadString('\\n'), a terminal) knows it is complete only at the newline."
		hint = "End the greeting with a newline: \"Hello <ip>\\n\"."
	case err == nil && host == src && port != "":
		hint = "RemoteAddr().String() is \"ip:port\" ([ip]:port for IPv6). Take the IP alone: net.SplitHostPort(conn.RemoteAddr().String()), or conn.RemoteAddr().(*net.TCPAddr).IP.String()."
	case line == "Hello 127.0.0.1" && src != "127.0.0.1":
		hint = "\"127.0.0.1\" is the same for every client: a fixed string, or the server's own address (LocalAddr). Use the accepted connection's RemoteAddr() instead."
	case strings.Contains(src, ":"):
		hint = "An IPv6 RemoteAddr looks like \"[::1]:54321\": cutting it at a ':' breaks it. Use net.SplitHostPort(conn.RemoteAddr().String()), or conn.RemoteAddr().(*net.TCPAddr).IP.String()."
	}
	return judge.Fail("a client from %s got a wrong greeting", src).With(
		fmt.Sprintf("A client connected from %s and received:\n%s", src, judge.ShowBytes(got, []byte(want))),
		why, hint)
}

func checkServerGreeting(t *judge.T) error {
	s, err := startGreetServer(t, "tcp4", "127.0.0.1:0")
	if err != nil {
		return err
	}
	c, err := s.dial("127.0.0.1")
	if err != nil {
		return noGreeting(s, "a client from 127.0.0.1 could not connect", err)
	}
	got, err := readGreeting(c)
	if len(got) == 0 {
		return noGreeting(s, "a client from 127.0.0.1 got no greeting", err)
	}
	if err == nil {
		// A whole line came: take whatever follows it until the close,
		// so extra bytes count too. A server that never closes is
		// judged by "closes each client's connection".
		extra, _, _ := fixtures.WaitClosed(c, eofWithin)
		got = append(got, extra...)
	}
	return greetingProblem(got, "127.0.0.1")
}

// noGreeting is the failure of a client that got nothing.
func noGreeting(s *greetServer, summary string, cause error) error {
	detail, err := s.why(cause)
	if err != nil {
		return err
	}
	return judge.Fail("%s", summary).With(detail,
		"the client connects, then waits for the server to speak first; a server that accepts nothing, or accepts and stays silent, leaves it hanging.",
		"Accept a connection on the listener, write \"Hello <client-ip>\\n\" on that connection, then close it.")
}

// greetsFrom starts a server on network and addr and checks the greeting
// of one client from src.
func greetsFrom(t *judge.T, network, addr, src string) error {
	s, err := startGreetServer(t, network, addr)
	if err != nil {
		return err
	}
	c, err := s.dial(src)
	if err != nil {
		return noGreeting(s, fmt.Sprintf("a client from %s could not connect", src), err)
	}
	got, err := readGreeting(c)
	if len(got) == 0 {
		return noGreeting(s, fmt.Sprintf("a client from %s got no greeting", src), err)
	}
	got = harness.FirstLine(got)
	return greetingProblem(got, src)
}

func checkServerOwnAddress(t *judge.T) error {
	// A new server for each client: this check is about addresses, not
	// about serving more than one client.
	srcs := []string{"127.0.0.2", fmt.Sprintf("127.0.0.%d", 3+t.Rand.IntN(252))}
	if t.Rand.IntN(2) == 0 {
		srcs[0], srcs[1] = srcs[1], srcs[0]
	}
	var errs []error
	for _, src := range srcs {
		if err := greetsFrom(t, "tcp4", "127.0.0.1:0", src); err != nil {
			var f *judge.Failure
			if !errors.As(err, &f) {
				return err
			}
			errs = append(errs, f)
		}
	}
	return joinFailures(errs)
}

// joinFailures reports every failure, not only the first.
func joinFailures(errs []error) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	var sum, detail []string
	var first *judge.Failure
	for _, e := range errs {
		f := e.(*judge.Failure)
		if first == nil {
			first = f
		}
		sum = append(sum, f.Summary)
		detail = append(detail, f.Detail)
	}
	return judge.Fail("%s", strings.Join(sum, "\n")).With(strings.Join(detail, "\n"), first.Why, first.Hint)
}

func checkServerIPv6(t *judge.T) error {
	if !fixtures.HasIPv6Loopback() {
		return t.Skip("this machine has no IPv6 loopback (::1)")
	}
	return greetsFrom(t, "tcp6", "[::1]:0", "::1")
}

func checkServerCloses(t *judge.T) error {
	s, err := startGreetServer(t, "tcp4", "127.0.0.1:0")
	if err != nil {
		return err
	}
	for i := 1; i <= closeClients; i++ {
		c, err := s.dial("127.0.0.1")
		if err != nil {
			if i == 1 {
				return noGreeting(s, "a client from 127.0.0.1 could not connect", err)
			}
			return nil // serving more clients is another check's business
		}
		got, err := readGreeting(c)
		if len(got) == 0 {
			if i == 1 {
				return noGreeting(s, "a client from 127.0.0.1 got no greeting", err)
			}
			return nil
		}
		closed := false
		switch {
		case errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET):
			closed = true // before a newline: the greeting's text is another check's business
		case errors.Is(err, os.ErrDeadlineExceeded):
			// Some bytes but no newline, and no close for greetWithin.
		default:
			_, closed, _ = fixtures.WaitClosed(c, eofWithin)
		}
		c.Close()
		if !closed {
			return judge.Fail("client %d of %d got its greeting %s, but the connection was still open %v later (no EOF)", i, closeClients, judge.Quote(harness.FirstLine(got)), eofWithin).With("",
				"here the close (FIN, which the client reads as EOF) is what tells the client the greeting is complete; until then it waits for more. And each connection left open holds a socket and a file descriptor in the server.",
				hintClose)
		}
	}
	return nil
}

func checkServerMany(t *judge.T) error {
	s, err := startGreetServer(t, "tcp4", "127.0.0.1:0")
	if err != nil {
		return err
	}
	buf := make([]byte, greetingLimit)
	for i := 1; i <= manyClients; i++ {
		c, err := s.dial("127.0.0.1")
		if err == nil {
			// One read: any greeting will do here, its text is judged
			// by the other checks.
			c.SetReadDeadline(time.Now().Add(greetWithin))
			var n int
			n, err = c.Read(buf)
			c.Close()
			if n > 0 {
				continue
			}
		}
		detail, werr := s.why(err)
		if werr != nil {
			return werr
		}
		switch {
		case i == 2:
			detail = "Client 1 was greeted.\n" + detail
		case i > 2:
			detail = fmt.Sprintf("Clients 1 to %d, one after another, were greeted.\n%s", i-1, detail)
		}
		return judge.Fail("client %d of %d got no greeting", i, manyClients).With(detail, whyLoop, hintLoop)
	}
	return nil
}

// serveSome greets up to n clients one after another, each reading its
// greeting and closing; it stops at the first that gets nothing, and
// returns how many were greeted.
func serveSome(s *greetServer, n int) int {
	for i := 0; i < n; i++ {
		c, err := s.dial("127.0.0.1")
		if err != nil {
			return i
		}
		got, _ := readGreeting(c)
		c.Close()
		if len(got) == 0 {
			return i
		}
	}
	return n
}

// serveAndStop greets a few clients, then stops the server, for
// harness.ReturnsAfterStop.
func serveAndStop(t *judge.T) (wire.Stopped, string, error) {
	s, err := startGreetServer(t, "tcp4", "127.0.0.1:0")
	if err != nil {
		return wire.Stopped{}, "", err
	}
	greeted := serveSome(s, 1+t.Rand.IntN(3))
	r, err := s.Stop()
	return r.Stopped, fmt.Sprintf("it greeted %d of the clients", greeted), err
}

func checkServerLeaks(t *judge.T) error {
	s, err := startGreetServer(t, "tcp4", "127.0.0.1:0")
	if err != nil {
		return err
	}
	n := 3 + t.Rand.IntN(3)
	greeted := serveSome(s, n)
	r, err := s.Stop()
	if err != nil {
		return err
	}
	switch {
	case r.LeakedSockets < 0:
		return t.Skip("this system cannot count a process's open sockets (no /proc/self/fd)")
	case greeted == 0:
		// No connection was served: none could leak, and none was closed.
		return judge.Fail("Serve greeted none of the clients, so it had no connection to close").With("",
			"this check counts the connections left open after clients were served; a server that serves nobody shows nothing about closing them.",
			hintLoop)
	case r.LeakedSockets == 0:
		return nil
	}
	conns := "connections"
	if r.LeakedSockets == 1 {
		conns = "connection"
	}
	return judge.Fail("%d client %s still open in your server after it greeted %d clients and the listener was closed", r.LeakedSockets, conns, n).With(
		"The clients had read their greetings and closed their own ends.",
		"each accepted connection is a socket holding a file descriptor and kernel buffers until Close. CloseWrite (shutdown) only sends FIN: the client sees EOF, yet the socket stays. A server that leaks one per client runs out of descriptors (\"too many open files\") and stops accepting.",
		hintClose+" CloseWrite does not replace Close.")
}
