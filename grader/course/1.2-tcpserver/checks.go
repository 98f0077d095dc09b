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
	{Name: "keeps serving after a client resets", Points: 1, Run: checkServerAfterReset},
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
	afterReset    = 3   // clients that must be greeted after the one that reset
	greetingLimit = 256 // bytes a fake client reads at most
)

const (
	whyOwnAddress = "a server learns who is calling from the accepted connection: conn.RemoteAddr() is the address and port the client connects from, as the kernel saw them. Every client has its own; the listener's address and any fixed string are the same for all."
	whyLoop       = "the listening socket only accepts: each Accept hands you a new socket for one client, and the data goes over that one. To serve the next client you must call Accept again, in a loop, until the listener is closed."
	hintLoop      = "Put Accept, the greeting and the close in a for loop; leave the loop only when Accept returns an error."
	hintClose     = "Call conn.Close() on each accepted connection once the greeting is written (defer conn.Close() in a function that handles one client); the listener stays open for the next one."
	whyAbort      = "a close with SO_LINGER 0 (SetLinger(0)) aborts the connection: the kernel sends RST instead of FIN and throws away whatever was not yet delivered, and the client reads \"connection reset by peer\" where the end of the greeting (EOF) should be. A client cannot tell that from a crash, and its own connect may fail with that error before it reads a byte."
	hintAbort     = "End each connection with a plain conn.Close() once the greeting is written, without SetLinger(0): the kernel then delivers the greeting and ends it with FIN."
	whyReset      = "a client may hang up at any moment, even before its greeting: a port scanner, a health check, someone pressing Ctrl-C. Writing to it then fails (\"connection reset by peer\", or \"broken pipe\" after that); that is this one client's problem, and the server must go on serving the others."
	hintReset     = "When the greeting's write fails, close that connection and go back to Accept: only an error from Accept ends Serve (returning a write error, panicking or log.Fatal stops the server for everyone)."
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
	return startServer(t, contract.ServeArgs{Network: network, Addr: addr})
}

func startServer(t *judge.T, args contract.ServeArgs) (*greetServer, error) {
	s, err := harness.StartServer(t, server, args)
	if err != nil {
		return nil, err
	}
	return &greetServer{t: t, Server: s}, nil
}

// client is a fake client's connection. reset says the server reset it
// (RST) before the dial completed: the dial took the kernel's one report of
// that reset, so reading gives what arrived before it, then io.EOF, which
// the client's reads turn back into the reset.
type client struct {
	*net.TCPConn
	reset bool
}

// dial connects a fake client from source address src. A connection the
// server resets at once is kept, with what it sent (fixtures.DialFromKeep):
// what the client got is then judged the same however the connect and the
// RST raced.
func (s *greetServer) dial(src string) (client, error) {
	ctx, cancel := context.WithTimeout(s.t.Ctx, dialWithin)
	defer cancel()
	c, reset, err := fixtures.DialFromKeep(ctx, src, s.Listening.Addr)
	if err != nil {
		return client{}, err
	}
	s.t.Cleanup(func() { c.Close() })
	return client{TCPConn: c, reset: reset}, nil
}

// errResetAtDial is the reset a dial took: see client.
var errResetAtDial = fmt.Errorf("the connection was reset (RST) as it was made: %w", syscall.ECONNRESET)

// ended is err, or the reset the dial took in place of a clean end.
func (c client) ended(err error) error {
	if c.reset && (err == nil || errors.Is(err, io.EOF)) {
		return errResetAtDial
	}
	return err
}

// isReset says whether a client's read or dial saw a reset.
func isReset(err error) bool { return errors.Is(err, syscall.ECONNRESET) }

// why explains a client that got nothing: what the client saw, and what
// Serve had done. abortive says the server reset the connection itself
// after accepting it. A panic, a crash or the stub come back as the error.
func (s *greetServer) why(cause error) (detail string, abortive bool, err error) {
	r, err := s.Stop()
	if err != nil {
		return "", false, err
	}
	var b strings.Builder
	switch {
	case isReset(cause) && !r.Early:
		// Serve still runs and the listener is open: a connection reset
		// before anything came is one Serve accepted and aborted.
		abortive = true
		b.WriteString("The server reset the connection (RST) after accepting it, before anything arrived: an abortive close throws away what was sent.")
	case errors.Is(cause, syscall.ECONNREFUSED), isReset(cause):
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
	return b.String(), abortive, nil
}

// readGreeting reads up to the first newline, the peer's close or
// greetWithin, and returns everything read; err says why it stopped early
// (a reset wraps syscall.ECONNRESET, a clean close io.EOF).
func readGreeting(c client) ([]byte, error) {
	got, err := fixtures.ReadUntil(c.TCPConn, []byte("\n"), greetingLimit, greetWithin)
	if err != nil {
		err = c.ended(err)
	}
	return got, err
}

// waitClosed reads what follows the greeting until the server's close or
// eofWithin; err is the reset when the server reset the connection.
func waitClosed(c client) (extra []byte, closed bool, err error) {
	extra, closed, err = fixtures.WaitClosed(c.TCPConn, eofWithin)
	if closed {
		err = c.ended(err)
	}
	return extra, closed, err
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
		extra, _, _ := waitClosed(c)
		got = append(got, extra...)
	}
	return greetingProblem(got, "127.0.0.1")
}

// noGreeting is the failure of a client that got nothing.
func noGreeting(s *greetServer, summary string, cause error) error {
	detail, abortive, err := s.why(cause)
	if err != nil {
		return err
	}
	if abortive {
		return judge.Fail("%s", summary).With(detail, whyAbort, hintAbort)
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
		if len(got) == 0 && !isReset(err) {
			if i == 1 {
				return noGreeting(s, "a client from 127.0.0.1 got no greeting", err)
			}
			return nil
		}
		closed := false
		switch {
		case isReset(err):
		case errors.Is(err, io.EOF):
			closed = true // before a newline: the greeting's text is another check's business
		case errors.Is(err, os.ErrDeadlineExceeded):
			// Some bytes but no newline, and no close for greetWithin.
		default:
			var extra []byte
			extra, closed, err = waitClosed(c)
			got = append(got, extra...)
		}
		c.Close()
		if isReset(err) {
			if len(got) == 0 && i > 1 {
				// Reset before a byte came: when Serve has returned,
				// no one accepted this client, and the listener's close
				// reset it; serving more clients is another check's
				// business.
				if r, err := s.Stop(); err != nil {
					return err
				} else if r.Early {
					return nil
				}
			}
			// An RST is no close: it throws away what was not yet
			// delivered, so only a FIN says the greeting came whole.
			return resetNotClosed(s, i, got)
		}
		if !closed {
			return judge.Fail("client %d of %d got its greeting %s, but the connection was still open %v later (no EOF)", i, closeClients, judge.Quote(harness.FirstLine(got)), eofWithin).With("",
				"here the close (FIN, which the client reads as EOF) is what tells the client the greeting is complete; until then it waits for more. And each connection left open holds a socket and a file descriptor in the server.",
				hintClose)
		}
	}
	return nil
}

// resetNotClosed is the failure of client i of closeClients, which read got
// and then a reset where the server's close should have been.
func resetNotClosed(s *greetServer, i int, got []byte) error {
	detail := fmt.Sprintf("The client read %s, then \"connection reset by peer\" where the close (FIN, read as EOF) should have ended the greeting.", judge.Quote(got))
	if len(got) == 0 {
		detail = "The client read nothing, then \"connection reset by peer\": the server accepted the connection and aborted it."
	}
	if r, err := s.Stop(); err != nil {
		return err
	} else if r.Early {
		detail += fmt.Sprintf("\nServe had already returned (%s) while the listener was still open.", harness.Returned(r.Err))
	}
	return judge.Fail("client %d of %d: the server reset the connection (RST) instead of closing it", i, closeClients).With(detail, whyAbort, hintAbort)
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
			err = c.ended(err)
			c.Close()
			if n > 0 {
				continue
			}
		}
		detail, abortive, werr := s.why(err)
		if werr != nil {
			return werr
		}
		switch {
		case i == 2:
			detail = "Client 1 was greeted.\n" + detail
		case i > 2:
			detail = fmt.Sprintf("Clients 1 to %d, one after another, were greeted.\n%s", i-1, detail)
		}
		why, hint := whyLoop, hintLoop
		if abortive {
			why, hint = whyAbort, hintAbort
		}
		return judge.Fail("client %d of %d got no greeting", i, manyClients).With(detail, why, hint)
	}
	return nil
}

// checkServerAfterReset stages a client that connects and resets before its
// greeting, then wants the next clients greeted. The reset happens while
// the connection waits in the accept queue, Serve held back (contract's
// Hold), so Serve accepts a connection that is already reset and its
// greeting's write fails, on every run.
func checkServerAfterReset(t *judge.T) error {
	s, err := startServer(t, contract.ServeArgs{Network: "tcp4", Addr: "127.0.0.1:0", Hold: true})
	if err != nil {
		return err
	}
	r, err := s.dial("127.0.0.1")
	if err != nil {
		return fmt.Errorf("the client that resets: %w", err) // the kernel queues it: the grader's failure
	}
	if err := fixtures.ResetSeen(r.TCPConn, dialWithin); err != nil {
		if errors.Is(err, errors.ErrUnsupported) {
			return t.Skip("this system cannot tell when a reset has reached the server (no sock_diag)")
		}
		return err
	}
	if err := harness.Tell(s.Child, contract.Begin, wire.None{}); err != nil {
		return err
	}
	for i := 1; i <= afterReset; i++ {
		c, err := s.dial("127.0.0.1")
		if err == nil {
			var got []byte
			got, err = readGreeting(c)
			c.Close()
			if len(got) > 0 {
				continue // its text is judged by the other checks
			}
		}
		summary := fmt.Sprintf("after a client reset its connection before its greeting, client %d of %d got no greeting", i, afterReset)
		before := "A client connected and reset its connection (RST) before Serve accepted it; then Serve was started."
		if i > 1 {
			before += fmt.Sprintf(" Clients 1 to %d after it were greeted.", i-1)
		}
		st, serr := s.Stop()
		if serr != nil {
			return serr
		}
		if st.Early {
			why, hint := whyReset, hintReset
			if st.Err == nil || !st.Err.Reset {
				// Not the reset client's write error: Serve has no loop,
				// or leaves it for another reason; "serves many clients
				// one after another" is about that.
				why, hint = whyLoop, hintLoop
			}
			return judge.Fail("%s", summary).With(fmt.Sprintf("%s\nServe then returned (%s) while the listener was still open, so no one accepted the clients after it.", before, harness.Returned(st.Err)),
				why, hint)
		}
		detail, abortive, werr := s.why(err)
		if werr != nil {
			return werr
		}
		why, hint := whyReset, hintReset
		if abortive {
			why, hint = whyAbort, hintAbort // the server resets every client: the close is the cause
		}
		return judge.Fail("%s", summary).With(before+"\n"+detail, why, hint)
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
	// Two clients at least: after one, a Serve that returns on its own
	// may not have returned yet when the listener is closed.
	greeted := serveSome(s, 2+t.Rand.IntN(2))
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
