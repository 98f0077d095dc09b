package tcpclient

import (
	"bytes"
	"fmt"
	"net"
	"slices"
	"strings"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/course/1.1-tcpclient/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
)

// Exercise 1.1: a TCP client that sends an HTTP/1.0 GET and reads the
// response until the server closes.
var checks = []judge.Check{
	{Name: "sends a well-formed HTTP/1.0 request", Points: 3, Run: checkClientRequest},
	{Name: "connects to an IPv6 host given as a literal (::1)", Points: 1, Run: checkClientIPv6},
	{Name: "reads the whole response across fragments", Points: 3, Run: checkClientFragments},
	{Name: "keeps the bytes that arrive with the close", Points: 1, Run: checkClientDataWithFIN},
	{Name: "returns an error when the connection is refused", Points: 1, Run: checkClientRefused},
	{Name: "reports a reset connection as an error", Points: 1, Run: checkClientReset},
	{Name: "closes its connection", Points: 1, Run: checkClientCloses},
}

const (
	getWithin      = 2 * time.Second // a client facing a prompt server answers well within this
	requestWithin  = 2 * time.Second // how long the fake server waits for the request's end
	clientGetHint  = "Read in a loop until Read returns io.EOF, appending each chunk (io.ReadAll does exactly this)."
	whyStream      = "TCP is a byte stream, not a sequence of messages: one Read returns whatever has arrived so far, which may be any part of what the server wrote. For HTTP/1.0 only the server's close (io.EOF) says the response is complete."
	clientHangHint = "Your Get must return once the server closes the connection (Read returns io.EOF)."
)

// httpResponse builds a response whose body the client cannot guess.
func httpResponse(t *judge.T, bodyLen int) []byte {
	body := fixtures.Body(t.Rand, bodyLen)
	return []byte(fmt.Sprintf("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nX-Check: %s\r\n\r\n%s", harness.Word(t.Rand, 8), body))
}

func checkClientRequest(t *judge.T) error {
	path := "/" + harness.Word(t.Rand, 5) + "/" + harness.Word(t.Rand, 6) + ".html"
	type seen struct {
		req      []byte
		complete bool
	}
	got := harness.NewObserved[seen]()
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		req, complete := harness.ReadRequest(c, 8<<10, requestWithin)
		got.Add(seen{req, complete})
		c.Write([]byte("HTTP/1.0 200 OK\r\n\r\nok"))
		fixtures.FinishWrite(c, time.Second)
	})
	if err != nil {
		return err
	}
	args := contract.GetArgs{Host: srv.Host(), Port: srv.Port(), Path: path}
	_, _, err = harness.Call(t, contract.Get, args, getWithin+requestWithin)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("Get(%q, %d, %q) did not return within %v, although the server answered and closed", args.Host, args.Port, path, getWithin+requestWithin), clientHangHint)
	}
	// Judge the request that came: a connection that carried none (a
	// probe, a retry) is not the request.
	all := got.Wait(t, max(srv.Accepted(), 1), time.Second)
	if len(all) == 0 {
		return harness.NotConnected("Get", srv)
	}
	s := all[0]
	for _, o := range all {
		if len(o.req) > 0 {
			s = o
			break
		}
	}
	return requestProblems(s.req, s.complete, args)
}

// requestProblems reports every problem of an HTTP/1.0 request head.
func requestProblems(req []byte, complete bool, a contract.GetArgs) error {
	want := fmt.Sprintf("GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", a.Path, a.Host)
	var probs []string
	if !complete {
		probs = append(probs, fmt.Sprintf("the request never ended with an empty line (\"\\r\\n\\r\\n\"): after %v the server was still waiting for more headers", requestWithin))
	}
	if n := bytes.Count(req, []byte("\n")); n > 0 && bytes.Count(req, []byte("\r\n")) < n {
		probs = append(probs, "lines end in \"\\n\" alone; HTTP requires \"\\r\\n\" (CR LF) at the end of every line")
	}
	text := strings.ReplaceAll(string(req), "\r\n", "\n")
	lines := strings.Split(text, "\n")
	if wantLine := fmt.Sprintf("GET %s HTTP/1.0", a.Path); lines[0] != wantLine {
		probs = append(probs, fmt.Sprintf("the request line is %q, want %q", lines[0], wantLine))
	}
	host := hostHeader(req)
	switch {
	case host == "":
		probs = append(probs, fmt.Sprintf("there is no Host header; want \"Host: %s\"", a.Host))
	case !slices.Contains(hostsFor(a), host):
		probs = append(probs, fmt.Sprintf("the Host header is %q, want %q (or %q)", host, a.Host, net.JoinHostPort(a.Host, fmt.Sprint(a.Port))))
	}
	if complete {
		if i := bytes.Index(req, []byte("\r\n\r\n")); i >= 0 && i+4 < len(req) {
			probs = append(probs, fmt.Sprintf("%d bytes follow the empty line; a GET request has no body", len(req)-i-4))
		}
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("the request is not well-formed HTTP/1.0:\n  - %s", strings.Join(probs, "\n  - ")).With(
		fmt.Sprintf("The server received:\n%s", judge.ShowBytes(req, []byte(want))),
		"a server reads the request line and headers up to the empty line before it answers; a request it cannot parse, or one that never ends, gets no response.",
		`Send "GET <path> HTTP/1.0\r\nHost: <host>\r\n\r\n": every line ends in \r\n and an empty line ends the request.`)
}

// hostHeader is the value of the request's Host header, "" if it has none.
func hostHeader(req []byte) string {
	lines := strings.Split(strings.ReplaceAll(string(req), "\r\n", "\n"), "\n")
	host := ""
	for _, l := range lines[1:] {
		if l == "" {
			break
		}
		if k, v, ok := strings.Cut(l, ":"); ok && strings.EqualFold(k, "Host") {
			host = strings.TrimSpace(v)
		}
	}
	return host
}

// hostsFor are the Host headers that name the host Get was given: the
// host itself (the README's), with the port, and for an IPv6 literal the
// bracketed form HTTP's grammar writes ("[::1]", "[::1]:8080").
func hostsFor(a contract.GetArgs) []string {
	hosts := []string{a.Host, net.JoinHostPort(a.Host, fmt.Sprint(a.Port))}
	if strings.Contains(a.Host, ":") {
		hosts = append(hosts, "["+a.Host+"]")
	}
	return hosts
}

// checkClientIPv6 gives Get the IPv6 loopback as a literal host, "::1": an
// address joined as host+":"+port ("::1:8080") cannot be dialled, and a
// Host header built the same way names no host.
func checkClientIPv6(t *judge.T) error {
	if !fixtures.HasIPv6Loopback() {
		return t.Skip("this machine has no IPv6 loopback (::1)")
	}
	path := "/" + harness.Word(t.Rand, 6) + ".html"
	got := harness.NewObserved[[]byte]()
	srv, err := fixtures.NewServerOn("tcp6", "[::1]:0", func(c *net.TCPConn) {
		req, _ := harness.ReadRequest(c, 8<<10, requestWithin)
		got.Add(req)
		c.Write([]byte("HTTP/1.0 200 OK\r\n\r\nok\r\n"))
		fixtures.FinishWrite(c, time.Second)
	})
	if err != nil {
		return err
	}
	t.Cleanup(srv.Close)
	args := contract.GetArgs{Host: "::1", Port: srv.Port(), Path: path}
	call := fmt.Sprintf("Get(%q, %d, %q)", args.Host, args.Port, args.Path)
	_, r, err := harness.Call(t, contract.Get, args, getWithin+requestWithin)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("%s did not return within %v, although the server on %s answered and closed", call, getWithin+requestWithin, srv.Addr()), clientHangHint)
	}
	if !harness.Connected(srv, time.Second) {
		if r.Err == nil {
			// No error, no connection: made up, not an address problem.
			return harness.NotConnected("Get", srv)
		}
		why := fmt.Sprintf("given the host %q, Get must dial %s, where the server listens: an IPv6 address has colons of its own, so the port can only follow it in brackets.", args.Host, srv.Addr())
		if strings.Contains(r.Err.Text, "too many colons") {
			why = fmt.Sprintf("Dial could not split the address it was given (\"too many colons\"): \"::1\" and the port joined with a bare colon leave no way to tell where the address ends. An IPv6 address has colons of its own, so the port can only follow it in brackets: %q.", srv.Addr())
		}
		return judge.Fail("%s never connected to the server listening on %s; it returned the error %q", call, srv.Addr(), r.Err.Text).With("",
			why,
			"Build the address with net.JoinHostPort(host, strconv.Itoa(port)): it adds the brackets an IPv6 host needs, and works for every host.")
	}
	all := got.Wait(t, srv.Accepted(), requestWithin+time.Second)
	if err := t.Ctx.Err(); err != nil {
		return err
	}
	i := slices.IndexFunc(all, func(req []byte) bool { return len(req) > 0 })
	if i < 0 {
		return judge.Fail("%s connected to %s but sent no request", call, srv.Addr()).With("",
			"the server answers a request; over IPv6 as over IPv4, Get must send one.",
			"Write the request right after Dial, then read the response.")
	}
	// Only the Host header is this check's: the rest of the request is
	// judged by the request check.
	if host := hostHeader(all[i]); host != "" && !slices.Contains(hostsFor(args), host) {
		return judge.Fail("the Host header is %q; for the host %q want %q (or %q)", host, args.Host, args.Host, net.JoinHostPort(args.Host, fmt.Sprint(args.Port))).With(
			fmt.Sprintf("The server on %s received:\n%s", srv.Addr(), judge.ShowBytes(all[i], []byte(fmt.Sprintf("GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", path, args.Host)))),
			"Host names the server you meant; with a port it is written like a dial address, the IPv6 address in brackets, or \"::1:8080\" reads as an address with no port.",
			"Use the host you were given as it is (\"Host: ::1\"), or net.JoinHostPort(host, port) if you add the port.")
	}
	return nil
}

func checkClientFragments(t *judge.T) error {
	resp := httpResponse(t, 1500+t.Rand.IntN(1500))
	sizes := fixtures.Split(t.Rand, len(resp), 40, len(resp)/4)
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		harness.ReadRequest(c, 8<<10, requestWithin)
		fixtures.Drip(c, resp, sizes, time.Second)
		fixtures.FinishWrite(c, time.Second)
	})
	if err != nil {
		return err
	}
	_, r, err := harness.Call(t, contract.Get, contract.GetArgs{Host: srv.Host(), Port: srv.Port(), Path: "/"}, getWithin+time.Duration(len(sizes))*time.Second)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("Get did not return within %v after the server sent the response in %d fragments and closed", getWithin, len(sizes)), clientHangHint)
	}
	if r.Err != nil {
		return judge.Fail("Get returned an error for a good response: %s", r.Err.Text).With(
			fmt.Sprintf("The server sent %d bytes in %d fragments, then closed cleanly (FIN).", len(resp), len(sizes)),
			"io.EOF is how a clean close shows up; it is the normal end of an HTTP/1.0 response, not an error.",
			"Treat io.EOF as the end of the response and return what you read with a nil error.")
	}
	if bytes.Equal(r.Data, resp) {
		return nil
	}
	detail := fmt.Sprintf("The server sent %d bytes in %d fragments (%s), each only after you had read the one before.\n%s",
		len(resp), len(sizes), harness.SizesText(sizes), judge.ShowBytes(r.Data, resp))
	if k := harness.FragmentsCovered(r.Data, resp, sizes); k > 0 {
		return judge.Fail("Get returned after %d of %d fragments: %d of %d bytes", k, len(sizes), len(r.Data), len(resp)).With(detail, whyStream, clientGetHint)
	}
	return judge.Fail("Get returned %d bytes that are not what the server sent (%d bytes)", len(r.Data), len(resp)).With(detail, whyStream, clientGetHint)
}

func checkClientDataWithFIN(t *judge.T) error {
	// No newline at the end: a line-by-line reader that drops the data
	// returned together with io.EOF loses the tail.
	resp := append(httpResponse(t, 200+t.Rand.IntN(200)), "no newline at the end"...)
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		harness.ReadRequest(c, 8<<10, requestWithin)
		fixtures.Coalesce(c, resp)
		fixtures.FinishWrite(c, time.Second)
	})
	if err != nil {
		return err
	}
	_, r, err := harness.Call(t, contract.Get, contract.GetArgs{Host: srv.Host(), Port: srv.Port(), Path: "/"}, getWithin)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("Get did not return within %v after the server sent the response and closed", getWithin), clientHangHint)
	}
	if r.Err != nil {
		return judge.Fail("Get returned an error for a good response: %s", r.Err.Text).With("", "io.EOF is the normal end of an HTTP/1.0 response.", "Return the bytes you read and a nil error at io.EOF.")
	}
	if !bytes.Equal(r.Data, resp) {
		return judge.Fail("Get lost bytes that arrived together with the server's close").With(
			fmt.Sprintf("The server wrote the whole response in one write and closed at once; the last line has no newline.\n%s", judge.ShowBytes(r.Data, resp)),
			"a read may return the last bytes and io.EOF together (bufio's ReadString does: the text before EOF comes with the error). Data first, then the error.",
			"When a read returns n > 0 and an error, keep the n bytes before you look at the error.")
	}
	return nil
}

func checkClientRefused(t *judge.T) error {
	addr, release, err := fixtures.RefusedAddr()
	if err != nil {
		return err
	}
	t.Cleanup(release)
	host, port, _ := net.SplitHostPort(addr)
	var p int
	fmt.Sscan(port, &p)
	_, r, err := harness.Call(t, contract.Get, contract.GetArgs{Host: host, Port: p, Path: "/"}, getWithin)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("Get(%q, %d, \"/\") did not return within %v, though nothing listens there and the kernel refuses at once", host, p, getWithin), "Return the error from net.Dial.")
	}
	if r.Err == nil {
		return judge.Fail("Get returned %d bytes and no error, but nothing listens on %s", len(r.Data), addr).With("",
			"a refused connection (ECONNREFUSED) is an ordinary network outcome: the caller must be told, so it can retry or report it.",
			"Check the error from net.Dial and return it.")
	}
	if !r.Err.Refused {
		return judge.Fail("Get returned the error %q where nothing listens on %s, but errors.Is(err, syscall.ECONNREFUSED) is false: whatever its text says, the error is no longer the refused connection", r.Err.Text, addr).With("",
			"the caller decides what to do with an error by what it is: a refused connection (nothing listens there) may be worth a retry later, a bad address is not. An error made up in its place, or Dial's error wrapped with %v, hides which it was.",
			"Return the error from net.Dial as it is, or wrap it with fmt.Errorf(\"...: %w\", err).")
	}
	// A refused connection leaves nothing to see on the wire: the error
	// counts only from a Get that does connect when a server listens.
	return controlGet(t, r.Err.Text)
}

// controlGet runs Get against a server that answers, for a check that saw
// Get return the error refused: the error counts only if Get connects and
// sends a request when it can.
func controlGet(t *judge.T, refused string) error {
	got := harness.NewObserved[[]byte]()
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		req, _ := harness.ReadRequest(c, 8<<10, requestWithin)
		got.Add(req)
		c.Write([]byte("HTTP/1.0 200 OK\r\n\r\nok"))
		fixtures.FinishWrite(c, time.Second)
	})
	if err != nil {
		return err
	}
	args := contract.GetArgs{Host: srv.Host(), Port: srv.Port(), Path: "/"}
	_, r, err := harness.Call(t, contract.Get, args, getWithin+requestWithin)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("Get(%q, %d, \"/\") did not return within %v, although the server answered and closed", args.Host, args.Port, getWithin+requestWithin), clientHangHint)
	}
	all := got.Wait(t, max(srv.Accepted(), 1), time.Second)
	if slices.ContainsFunc(all, func(req []byte) bool { return len(req) > 0 }) {
		return nil
	}
	what := "no request"
	if len(all) == 0 {
		what = "no connection"
	}
	returned := "no error"
	if r.Err != nil {
		returned = fmt.Sprintf("the error %q", r.Err.Text)
	}
	return judge.Fail("Get returned an error where nothing listens (%q), but it does the same where a server listens: against one at %s it returned %s, and the server received %s", refused, srv.Addr(), returned, what).With("",
		"an error for a refused connection only means something from a Get that connects and sends its request when it can.",
		"Dial the host and port you are given; return Dial's error when it fails, and otherwise send the request.")
}

func checkClientReset(t *judge.T) error {
	resp := httpResponse(t, 800+t.Rand.IntN(400))
	part := resp[:len(resp)/2]
	type seen struct {
		req     bool  // a request came
		dripped error // nil: Get read all that was sent before the reset
	}
	got := harness.NewObserved[seen]()
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		req, _ := harness.ReadRequest(c, 8<<10, requestWithin)
		_, err := fixtures.Drip(c, part, fixtures.Split(t.Rand, len(part), 50, len(part)/2), time.Second)
		got.Add(seen{len(req) > 0, err})
		fixtures.Reset(c)
	})
	if err != nil {
		return err
	}
	_, r, err := harness.Call(t, contract.Get, contract.GetArgs{Host: srv.Host(), Port: srv.Port(), Path: "/"}, getWithin)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("Get did not return within %v after the server reset the connection", getWithin), "A read on a reset connection returns an error at once; return it.")
	}
	if r.Err == nil {
		return judge.Fail("Get returned %d bytes as a complete response, but the server reset the connection (RST) after %d of %d bytes", len(r.Data), len(part), len(resp)).With("",
			"a reset means the connection broke, and the response may be cut anywhere. Only a clean close (FIN, seen as io.EOF) ends an HTTP/1.0 response.",
			"Stop at io.EOF only; any other error from Read must be returned.")
	}
	// The error counts as the answer to the reset only: Get must have
	// asked, and read what came before it.
	all := got.Wait(t, max(srv.Accepted(), 1), requestWithin+time.Second)
	if err := t.Ctx.Err(); err != nil {
		return err
	}
	if len(all) == 0 {
		return harness.NotConnected("Get", srv)
	}
	i := slices.IndexFunc(all, func(s seen) bool { return s.req })
	switch {
	case i < 0:
		return judge.Fail("Get returned the error %q, but the server never received a request from it", r.Err.Text).With("",
			"the server answers a request, and resets the connection only while it sends the response: an error before that answers nothing.",
			"Write the request right after Dial, then read the response.")
	case all[i].dripped != nil:
		return judge.Fail("Get returned the error %q before the server reset the connection: it had not read the first %d bytes of the response the server was sending", r.Err.Text, len(part)).With("",
			"until the reset, the connection was healthy: a read that is not done yet is no reason to give up.",
			clientGetHint)
	case !r.Err.Reset:
		return judge.Fail("Get returned the error %q after the server reset the connection, but errors.Is(err, syscall.ECONNRESET) is false: whatever its text says, the error is no longer the reset", r.Err.Text).With("",
			"the caller decides what to do with an error by what it is: a reset (the peer aborted) is not a timeout or a bad request. An error made up in its place, or Read's error wrapped with %v, hides which it was.",
			"Return the error from Read as it is (io.ReadAll does), or wrap it with fmt.Errorf(\"...: %w\", err).")
	}
	return nil
}

// checkClientCloses calls Get a few times in one child, then looks from
// both ends: the server must see each connection closed (FIN), and the
// child must hold no socket once its calls have returned. A half-close
// (CloseWrite) passes the first and fails the second.
func checkClientCloses(t *judge.T) error {
	const wait = 2 * time.Second
	type outcome struct {
		closed bool
		err    error
	}
	done := harness.NewObserved[outcome]()
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		harness.ReadRequest(c, 8<<10, requestWithin)
		fixtures.Coalesce(c, []byte("HTTP/1.0 200 OK\r\n\r\nbye"))
		c.CloseWrite() // half-close: we can still see when the client closes
		_, closed, err := fixtures.WaitClosed(c, getWithin+wait)
		done.Add(outcome{closed, err})
	})
	if err != nil {
		return err
	}
	n := 3 + t.Rand.IntN(3)
	args := contract.GetsArgs{GetArgs: contract.GetArgs{Host: srv.Host(), Port: srv.Port(), Path: "/"}, Times: n}
	c, _, err := harness.Call(t, contract.Gets, args, time.Duration(n)*getWithin)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("%d calls of Get, one after another, did not return within %v, although the server answered each at once and closed", n, time.Duration(n)*getWithin), clientHangHint)
	}
	// Every call has returned and the child is idle: what it holds now,
	// it holds for good (its collector is off, so no finalizer closes a
	// forgotten connection meanwhile).
	held, err := c.Sockets()
	if err != nil {
		if !c.Exited() {
			return err
		}
		held = 0 // a child that is gone holds nothing; its exit is reported
	}
	if !harness.Connected(srv, time.Second) {
		// What the child says is a claim; the server saw nothing to close.
		return harness.NotConnected("Get", srv)
	}
	// Every connection Get opened must be closed, not only the first.
	all := done.Wait(t, srv.Accepted(), getWithin+wait+time.Second)
	if err := t.Ctx.Err(); err != nil {
		return err
	}
	open := srv.Accepted() - len(all)
	for _, o := range all {
		if !o.closed {
			open++
		}
	}
	if open > 0 {
		return judge.Fail("after Get returned, its connection stayed open: the server never saw your side close (FIN) on %d of the %d connections of %d calls", open, srv.Accepted(), n).With("",
			"every open connection holds a file descriptor and kernel buffers on both ends until it is closed; a client that forgets leaks them, and a long-running program runs out.",
			"Call defer conn.Close() right after a successful net.Dial.")
	}
	if held > 0 {
		return judge.Fail("after %d calls of Get had returned, your program still held %d open sockets, although the server saw each connection end with a FIN", n, held).With("",
			"a FIN is not a close: CloseWrite (shutdown) sends FIN but keeps the socket, and its file descriptor, until Close. A client that leaks one per call runs out of descriptors (\"too many open files\").",
			"Call defer conn.Close() right after a successful net.Dial; CloseWrite does not replace Close.")
	}
	return nil
}
