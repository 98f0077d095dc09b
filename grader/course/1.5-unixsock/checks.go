package unixsock

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/course/1.5-unixsock/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/sandbox"
	"netcourse/grader/wire"
)

// Exercise 1.5: a server and a client over a Unix domain socket: a path
// in the file system instead of an address and port.
var checks = []judge.Check{
	{Name: "listens on the path and answers a request", Points: 2, Run: checkAnswers},
	{Name: "answers each client in turn", Points: 1, Run: checkClients},
	{Name: "reads the whole request across fragments", Points: 2, Run: checkRequestFragments},
	{Name: "replaces a stale socket file", Points: 2, Run: checkStale},
	{Name: "leaves a regular file at the path alone", Points: 2, Run: checkRegularFile},
	{Name: "leaves a directory at the path alone", Points: 1, Run: checkDirectory},
	{Name: "returns after the listener is closed", Points: 1, Run: harness.ReturnsAfterStop(stopWords, serveAndStop)},
	{Name: "removes its socket file when it stops", Points: 2, Run: checkCleanup},
	{Name: "closes each client's connection", Points: 1, Run: checkServerCloses},
	{Name: "returns the server's reply", Points: 2, Run: checkRequest},
	{Name: "sends its message, then half-closes", Points: 2, Run: checkHalfClose},
	{Name: "reads the whole reply across fragments", Points: 2, Run: checkReplyFragments},
	{Name: "closes its connection", Points: 1, Run: checkRequestCloses},
	{Name: "reports a stale socket file as an error", Points: 1, Run: checkRequestStale},
}

const (
	startWithin   = 5 * time.Second // the child starts and Listen returns
	dialWithin    = time.Second     // a fake client connects
	answerWithin  = time.Second     // the reply and the close follow the request's end
	dripWait      = time.Second     // a reader consumes one fragment
	requestWithin = time.Second     // the fake server waits for the request's end (half-close)
	callWithin    = 2 * time.Second // Request returns once the fake server has closed
	resultWithin  = wire.ReturnWithin + 3*time.Second
	goneWithin    = 200 * time.Millisecond // the socket file may go a moment after Serve returned
	closedWithin  = time.Second            // a close may trail the end of data the peer saw (CloseWrite, then Close)
	replyLimit    = 1 << 20                // bytes a fake client reads at most
)

const (
	whyStream   = "a Unix stream socket is a byte stream, like TCP: one Read returns whatever has arrived so far, which may be any part of what the other side wrote. Only the end of data (io.EOF, when the other side closes its write side) says the message is complete."
	whyProtocol = "the client sends its request and closes its write side; the server reads the request to that end (io.EOF), writes the request in upper case, and closes. The close is what tells the client the reply is complete."
	hintServe   = "In a loop: conn, err := ln.Accept(); req, err := io.ReadAll(conn) (it reads until io.EOF); conn.Write(bytes.ToUpper(req)); conn.Close(). Leave the loop when Accept fails."
	whyStale    = "a socket file outlives its socket: a server that crashed, or closed without removing its file, leaves it behind, and bind fails with EADDRINUSE (\"address already in use\") for as long as it is there, although nothing listens any more (a connection to it is refused)."
	hintStale   = "Before listening: fi, err := os.Lstat(path); if the path exists and fi.Mode().Type() == fs.ModeSocket, remove it with os.Remove(path); if it does not exist (errors.Is(err, fs.ErrNotExist)), go on; then net.Listen(\"unix\", path)."
	hintDial    = "Dial network \"unix\" with the path you were given as the address: net.Dial(\"unix\", path)."
)

// What was at the path before Listen, for messages.
const (
	wasNothing = "nothing existed"
	wasStale   = "a stale socket file was (left by a server that is gone)"
)

// socketPath returns a fresh socket path in a temporary directory that is
// removed when the check ends; it skips the check on a machine without
// Unix domain sockets.
func socketPath(t *judge.T) (string, error) {
	if err := fixtures.UnixSockets(); err != nil {
		return "", t.Skip("this machine has no Unix domain sockets (AF_UNIX): " + err.Error())
	}
	dir, err := fixtures.SocketDir("netcourse-unix-")
	if err != nil {
		return "", err
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	t.Share(dir) // the submission's children see it, and only it, of the machine's files
	return filepath.Join(dir, harness.Word(t.Rand, 6)+".sock"), nil
}

// scrub replaces the check's temporary path in s (an error's text) by a
// placeholder, so that messages read the same from run to run.
func scrub(s, path string) string {
	s = strings.ReplaceAll(s, path, "<socket path>")
	return strings.ReplaceAll(s, filepath.Dir(path), "<dir>")
}

// newRequest is a request the server cannot guess, with lower-case letters
// for it to turn to upper case.
func newRequest(t *judge.T, n int) []byte {
	return append([]byte("hello "+harness.Word(t.Rand, 5)+" "), fixtures.Body(t.Rand, n)...)
}

// ---- the server ----

// stopWords are this exercise's words for harness.ReturnsAfterStop.
var stopWords = harness.StopWords{
	Closed: "the listener", Thing: "listener", Wait: "Accept",
	Served: "served a few clients", Loop: hintServe,
}

// server is the submission's Listen and Serve running in a child, on the
// check's path.
type server struct {
	*harness.Server[contract.PathArgs, contract.Listener, contract.ServeResult]
	t    *judge.T
	path string
}

// startServer runs Listen and Serve on path, where before says what the
// path held.
func startServer(t *judge.T, path, before string) (*server, error) {
	return startServerWith(t, contract.PathArgs{Path: path}, before)
}

// startServerWith runs Listen and Serve with args.
func startServerWith(t *judge.T, args contract.PathArgs, before string) (*server, error) {
	path := args.Path
	spec := harness.ServerSpec[contract.PathArgs, contract.Listener, contract.ServeResult]{
		Op: contract.Serve, Listening: contract.Listening,
		StartWithin: startWithin, ResultWithin: resultWithin, Stopping: "closing the listener",
		NotListening: func(r contract.ServeResult) error { return listenFailed(r.Listen, path, before) },
		OpenFunc:     contract.Listen.Func,
	}
	s, err := harness.StartServer(t, spec, args)
	if err != nil {
		return nil, harness.TimedOut(err, fmt.Sprintf("Listen did not return within %v", startWithin), "Listen must not wait for anything: check the path, then listen or return an error.")
	}
	return &server{Server: s, t: t, path: path}, nil
}

// listenFailed is the verdict on a Listen that returned no listener (the
// stub's error is told by the harness).
func listenFailed(l contract.Listener, path, before string) error {
	if l.Nil {
		return judge.Fail("Listen returned a nil listener and a nil error").With("", "", "Return the listener from net.Listen(\"unix\", path), or the error that stopped you.")
	}
	f := judge.Fail("Listen failed on a path where %s: %s", before, scrub(l.Err.Text, path))
	if before == wasStale {
		return f.With("", whyStale, hintStale)
	}
	return f.With("",
		"a fresh path is the normal case: there is nothing to remove, and net.Listen(\"unix\", path) creates the socket file.",
		"When you look for a stale file, a missing one (errors.Is(err, fs.ErrNotExist) from os.Lstat or os.Remove) is not an error: go on and listen.")
}

// describeReturn says what Serve returned, for messages.
func describeReturn(e *wire.Err, path string) string {
	if e == nil {
		return "with a nil error"
	}
	return fmt.Sprintf("the error %q", scrub(e.Text, path))
}

// why explains a client that got nothing: what it saw, what Listen had
// returned and what Serve had done. A panic, a crash or the stub come
// back as the error.
func (s *server) why(cause error) (string, error) {
	r, err := s.Stop()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	switch {
	case errors.Is(cause, syscall.ENOENT):
		b.WriteString("There was no socket file at the path to connect to.")
	case errors.Is(cause, syscall.ECONNREFUSED):
		b.WriteString("Its connection was refused: a socket file was at the path, but nothing listened on it any more.")
	case errors.Is(cause, syscall.ECONNRESET):
		b.WriteString("Its connection was reset before anything arrived.")
	case errors.Is(cause, io.EOF) || cause == nil:
		b.WriteString("The server closed the connection without sending anything.")
	case errors.Is(cause, os.ErrDeadlineExceeded):
		b.WriteString(fmt.Sprintf("Nothing arrived within %v, and the connection stayed open.", answerWithin))
	default:
		b.WriteString("The client saw: " + scrub(cause.Error(), s.path) + ".")
	}
	if s.Listening.Network != "unix" {
		b.WriteString(fmt.Sprintf("\nListen returned a %q listener, not a Unix domain socket.", s.Listening.Network))
	} else if !s.Listening.AtPath {
		b.WriteString("\nListen returned a Unix socket listener bound to another path than the one it was given.")
	}
	if r.Early {
		b.WriteString(fmt.Sprintf("\nServe had already returned (%s) while the listener was still open, so no one accepted this client.", describeReturn(r.Err, s.path)))
	}
	return b.String(), nil
}

// noAnswer is the failure of a client that got nothing.
func (s *server) noAnswer(summary string, cause error) error {
	detail, err := s.why(cause)
	if err != nil {
		return err
	}
	if s.Listening.Network != "unix" || !s.Listening.AtPath {
		return judge.Fail("%s", summary).With(detail,
			"clients find a Unix domain socket by its path: connecting looks up the socket file there, and only a listener on network \"unix\" at that very path creates it. A TCP listener has an address and port instead, which a client of the path never tries.",
			"Listen with net.Listen(\"unix\", path), on the path you were given.")
	}
	return judge.Fail("%s", summary).With(detail, whyProtocol, hintServe)
}

// clientSaw is what a fake client saw.
type clientSaw struct {
	dialErr error
	dripErr error // the server stopped reading the request
	got     []byte
	readErr error // nil: the reply ended with a clean close
}

// ask connects to path, sends req (in lockstep fragments of sizes, or in
// one write when sizes is nil), closes its write side and reads the reply
// to its end.
func ask(path string, req []byte, sizes []int) clientSaw {
	var x clientSaw
	// Only the socket file itself, never what a link there points to: the
	// child may have put anything at the path, and the grader's rights
	// are not the child's.
	c, err := fixtures.DialSocketIn(filepath.Dir(path), filepath.Base(path), dialWithin)
	if err != nil {
		x.dialErr = err
		return x
	}
	defer c.Close()
	if sizes == nil {
		_, x.dripErr = c.Write(req)
	} else {
		_, x.dripErr = fixtures.DripUnix(c, req, sizes, dripWait)
	}
	c.CloseWrite()
	x.got, x.readErr = fixtures.ReadToEOF(c, replyLimit, answerWithin)
	return x
}

// notSocket is the failure of a server whose socket path held something
// the grader will not connect to.
func notSocket(e *fixtures.NotSocketError, path string) error {
	return judge.Fail("the socket path held %s, not the socket file of a listener; the grader did not connect", scrub(e.Found, path)).With("",
		"clients connect to the socket file at the path, and the grader connects only to that file itself: it never follows a link to another socket, which could be anyone's.",
		"Listen with net.Listen(\"unix\", path), which creates the socket file at the path, and leave the path alone while you serve.")
}

// exchange has a fake client ask req and judges the reply; who names the
// client in messages.
func (s *server) exchange(who string, req []byte, sizes []int) error {
	x := ask(s.path, req, sizes)
	want := bytes.ToUpper(req)
	var nse *fixtures.NotSocketError
	if errors.As(x.dialErr, &nse) {
		return notSocket(nse, s.path)
	}
	if x.dialErr != nil {
		return s.noAnswer(who+" could not connect to the socket path", x.dialErr)
	}
	if len(x.got) == 0 {
		return s.noAnswer(who+" got no reply", x.readErr)
	}
	sent := fmt.Sprintf("The client sent %d bytes in one write and closed its write side.", len(req))
	if sizes != nil {
		sent = fmt.Sprintf("The client sent %d bytes in %d fragments (%s), each only after the server had read the one before, then closed its write side.", len(req), len(sizes), harness.SizesText(sizes))
	}
	if !bytes.Equal(x.got, want) {
		detail := sent + "\n" + judge.ShowBytes(x.got, want)
		if sizes != nil {
			if k := harness.FragmentsCovered(x.got, want, sizes); k > 0 && k < len(sizes) {
				return judge.Fail("%s got a reply to only %d of the %d fragments of its request: %d of %d bytes", who, k, len(sizes), len(x.got), len(want)).With(detail, whyStream,
					"Read the request until io.EOF (io.ReadAll(conn) does exactly that), then reply to all of it.")
			}
		}
		return judge.Fail("%s got a wrong reply", who).With(detail, whyProtocol, "Reply with bytes.ToUpper(request), nothing more, then close the connection.")
	}
	if x.readErr != nil {
		what := fmt.Sprintf("the connection was still open %v later (no EOF)", answerWithin)
		if errors.Is(x.readErr, syscall.ECONNRESET) {
			what = "then the connection was reset instead of closed cleanly: the server closed with part of the request still unread"
		}
		return judge.Fail("%s got the right reply, but %s", who, what).With(sent, whyProtocol,
			"Read the whole request (until io.EOF) before you reply, and call conn.Close() on each accepted connection once the reply is written.")
	}
	return nil
}

func checkAnswers(t *judge.T) error {
	path, err := socketPath(t)
	if err != nil {
		return err
	}
	s, err := startServer(t, path, wasNothing)
	if err != nil {
		return err
	}
	return s.exchange("a client", newRequest(t, 20+t.Rand.IntN(200)), nil)
}

func checkClients(t *judge.T) error {
	path, err := socketPath(t)
	if err != nil {
		return err
	}
	s, err := startServer(t, path, wasNothing)
	if err != nil {
		return err
	}
	n := 3 + t.Rand.IntN(3)
	for i := 1; i <= n; i++ {
		err := s.exchange(fmt.Sprintf("client %d of %d", i, n), newRequest(t, 10+t.Rand.IntN(100)), nil)
		var f *judge.Failure
		if i > 1 && errors.As(err, &f) && f.Hint == hintServe {
			// Got nothing, after others were answered: no loop.
			answered := "Client 1 was answered."
			if i > 2 {
				answered = fmt.Sprintf("Clients 1 to %d, one after another, were answered.", i-1)
			}
			f.Detail = answered + "\n" + f.Detail
			f.Why = "the listening socket only accepts: each Accept hands you a new connection to one client. To serve the next client you must call Accept again, in a loop, until the listener is closed."
			f.Hint = "Put Accept, the reply and the close in a for loop; leave the loop only when Accept returns an error."
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func checkRequestFragments(t *judge.T) error {
	path, err := socketPath(t)
	if err != nil {
		return err
	}
	s, err := startServer(t, path, wasNothing)
	if err != nil {
		return err
	}
	req := newRequest(t, 800+t.Rand.IntN(800))
	return s.exchange("a client", req, fixtures.Split(t.Rand, len(req), 20, len(req)/4))
}

func checkStale(t *judge.T) error {
	path, err := socketPath(t)
	if err != nil {
		return err
	}
	if err := fixtures.StaleUnixSocket(path); err != nil {
		return err
	}
	s, err := startServer(t, path, wasStale)
	if err != nil {
		return err
	}
	return s.exchange("a client", newRequest(t, 20+t.Rand.IntN(100)), nil)
}

// giveToChild hands what a check planted at path to the child's user, so
// that the child could really harm it: under the sandbox a root grader's
// children run as sandbox.Nobody, and a file they may not write refuses
// their connect with EACCES where the owner's gets ECONNREFUSED (a Listen
// that removes whatever refuses a connection must be caught either way).
// A grader that is not root runs its children as itself.
func giveToChild(path string) error {
	if os.Geteuid() != 0 {
		return nil
	}
	return os.Lchown(path, sandbox.Nobody, sandbox.Nobody)
}

// taken is something that is not a socket, planted at the path before
// Listen, which Listen must leave alone and refuse.
type taken struct {
	what    string                            // "a regular file", "a directory"
	plant   func(path string) (string, error) // puts it at the path; says what it put, for messages: "a regular file of 52 bytes"
	same    func(fi fs.FileInfo) bool         // it is still of its kind
	changed func(path string) (string, bool)  // what changed inside it, if anything
}

func checkRegularFile(t *judge.T) error {
	var content []byte
	return leavesAlone(t, taken{
		what: "a regular file",
		plant: func(path string) (string, error) {
			content = append([]byte("notes "+harness.Word(t.Rand, 6)+"\n"), fixtures.Body(t.Rand, 40+t.Rand.IntN(100))...)
			return fmt.Sprintf("a regular file of %d bytes", len(content)), os.WriteFile(path, content, 0o644)
		},
		same: func(fi fs.FileInfo) bool { return fi.Mode().IsRegular() },
		changed: func(path string) (string, bool) {
			now, err := readNoFollow(path, len(content)+64)
			if err == nil && bytes.Equal(now, content) {
				return "", false
			}
			return fmt.Sprintf("its content changed:\n%s", judge.ShowBytes(now, content)), true
		},
	})
}

// checkDirectory plants an empty directory, the one a careless Listen can
// remove with os.Remove as easily as os.RemoveAll.
func checkDirectory(t *judge.T) error {
	return leavesAlone(t, taken{
		what:  "a directory",
		plant: func(path string) (string, error) { return "an empty directory", os.Mkdir(path, 0o755) },
		same:  func(fi fs.FileInfo) bool { return fi.IsDir() },
		changed: func(path string) (string, bool) {
			ents, err := os.ReadDir(path)
			if err != nil || len(ents) == 0 {
				return "", false
			}
			return fmt.Sprintf("%d entries appeared in it, the first %q", len(ents), ents[0].Name()), true
		},
	})
}

// leavesAlone plants k at a fresh path, owned by the child's user, runs
// Listen there, and wants an error and k untouched.
func leavesAlone(t *judge.T, k taken) error {
	path, err := socketPath(t)
	if err != nil {
		return err
	}
	before, err := k.plant(path)
	if err != nil {
		return err
	}
	if err := giveToChild(path); err != nil {
		return err
	}
	_, l, err := harness.Call(t, contract.Listen, contract.PathArgs{Path: path}, startWithin)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("Listen did not return within %v", startWithin), "Listen must not wait for anything: check the path, then listen or return an error.")
	}
	var probs []string
	summary := "Listen returned a listener although " + k.what + " is at the path"
	deleted := "Listen deleted " + k.what + " that was at the path"
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		summary = deleted
		probs = append(probs, "it is gone")
	case err != nil:
		return err
	case fi.Mode().Type() == fs.ModeSocket:
		summary = deleted
		probs = append(probs, "it is gone: a socket file took its place")
	case !k.same(fi):
		summary = deleted
		probs = append(probs, fmt.Sprintf("it is gone: the path now holds a %v", fi.Mode().Type()))
	default:
		if what, ok := k.changed(path); ok {
			summary = "Listen changed " + k.what + " that was at the path"
			probs = append(probs, what)
		}
	}
	if l.Err == nil {
		probs = append(probs, "Listen returned a listener and no error; want an error, since the path is taken by something that is not a socket")
	}
	if len(probs) == 0 {
		return controlListen(t, path, k.what, l.Err)
	}
	return judge.Fail("%s", summary).With(
		fmt.Sprintf("Before Listen, the path held %s, which your program's user could remove.\n  - %s", before, strings.Join(probs, "\n  - ")),
		"only a socket file can be stale. Anything else at the path (a log, a database, a folder of someone's files, a typo in a path) is someone's data: removing whatever is there destroys it without a word, and a refused connection proves nothing, since connecting to any file that is not a listening socket is refused. Binding fails with EADDRINUSE there, and returning that error, or one of your own, is the right answer.",
		"Look before you remove: fi, err := os.Lstat(path); remove the file only if fi.Mode().Type() == fs.ModeSocket, and return an error when something else is there.")
}

// controlListen runs Listen on a fresh path beside path, for a check that
// saw Listen refuse path, taken by what, with e, as it must: the error
// counts only from a Listen that listens where it can.
func controlListen(t *judge.T, path, what string, e *wire.Err) error {
	fresh := filepath.Join(filepath.Dir(path), harness.Word(t.Rand, 7)+".sock")
	_, l, err := harness.Call(t, contract.Listen, contract.PathArgs{Path: fresh}, startWithin)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("Listen did not return within %v", startWithin), "Listen must not wait for anything: check the path, then listen or return an error.")
	}
	if l.Err == nil && !l.Nil {
		return nil
	}
	got := "a nil listener and a nil error"
	if l.Err != nil {
		got = fmt.Sprintf("the error %q", scrub(l.Err.Text, fresh))
	}
	return judge.Fail("Listen refused the path that held %s (%q), but it refuses a fresh path too: there it returned %s", what, scrub(e.Text, path), got).With("",
		"refusing a path taken by someone's file only means something from a Listen that listens where the path is free.",
		"When nothing is at the path, listen: net.Listen(\"unix\", path).")
}

// readNoFollow reads up to limit bytes of the regular file at path, never
// through a link, and never waiting on a named pipe: the child may swap the
// file after the grader looked at it.
func readNoFollow(path string, limit int) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is no longer a regular file", path)
	}
	return io.ReadAll(io.LimitReader(f, int64(limit)))
}

// serveSome has up to n clients ask one after another; it stops at the
// first that gets nothing, and returns how many got a reply.
func (s *server) serveSome(n int) int {
	for i := 0; i < n; i++ {
		x := ask(s.path, newRequest(s.t, 10+s.t.Rand.IntN(50)), nil)
		if x.dialErr != nil || len(x.got) == 0 {
			return i
		}
	}
	return n
}

// serveAndStop has a few clients ask, then stops the server, for
// harness.ReturnsAfterStop. Serve's error names the check's temporary
// path: scrubbed, it reads the same from run to run.
func serveAndStop(t *judge.T) (wire.Stopped, string, error) {
	path, err := socketPath(t)
	if err != nil {
		return wire.Stopped{}, "", err
	}
	s, err := startServer(t, path, wasNothing)
	if err != nil {
		return wire.Stopped{}, "", err
	}
	answered := s.serveSome(1 + t.Rand.IntN(3))
	r, err := s.Stop()
	st := r.Stopped
	if st.Err != nil {
		e := *st.Err
		e.Text = scrub(e.Text, path)
		st.Err = &e
	}
	return st, "it answered " + clientsText(answered), err
}

func checkCleanup(t *judge.T) error {
	path, err := socketPath(t)
	if err != nil {
		return err
	}
	s, err := startServer(t, path, wasNothing)
	if err != nil {
		return err
	}
	n := 1 + t.Rand.IntN(2)
	s.serveSome(n)
	r, err := s.Stop()
	if err != nil {
		return err
	}
	// Serve has returned, or had its time: the file must be gone now. A
	// moment's grace for a removal that trails the return.
	deadline := time.Now().Add(goneWithin)
	var fi fs.FileInfo
	for {
		fi, err = os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	what := "the socket file"
	if fi.Mode().Type() != fs.ModeSocket {
		what = fmt.Sprintf("a file (%v)", fi.Mode().Type())
	}
	detail := fmt.Sprintf("The grader sent %s, then closed the listener, and Serve returned (%s).", requestsText(n), describeReturn(r.Err, path))
	switch {
	case !r.Returned:
		detail = fmt.Sprintf("The grader sent %s, then closed the listener; Serve had not returned %v later.", requestsText(n), wire.ReturnWithin)
	case r.Early:
		detail = fmt.Sprintf("Serve returned (%s) before the listener was closed; then the grader closed it.", describeReturn(r.Err, path))
	}
	return judge.Fail("%s was still at the path after the listener was closed and Serve had stopped", what).With(detail,
		"closing a socket does not remove its file: the name stays in the directory until someone unlinks it. The next server to start there finds a stale file (and bind fails with \"address already in use\"), and clients are refused instead of being told that nothing is there.",
		"The listener from net.Listen(\"unix\", path) removes its file on Close: keep it that way (no SetUnlinkOnClose(false)). If you build the listener another way (syscall, net.FileListener), remove the file yourself when Serve stops: os.Remove(ln.Addr().String()).")
}

// requestsText counts requests in words.
func requestsText(n int) string {
	if n == 1 {
		return "one request"
	}
	return fmt.Sprintf("%d requests", n)
}

// socketsHeld counts the sockets c holds, waiting up to closedWithin for
// them to fall to want: a program that half-closes first and closes a
// moment later is not leaking. A leak stays, whatever the wait. A child
// that has ended holds none (its exit is reported elsewhere).
func socketsHeld(c *judge.Child, want int) (int, error) {
	deadline := time.Now().Add(closedWithin)
	for {
		n, err := c.Sockets()
		if err != nil {
			if c.Exited() {
				return 0, nil
			}
			return 0, err
		}
		if n <= want || time.Now().After(deadline) {
			return n, nil
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// checkServerCloses counts the sockets the server holds while it waits
// for its first client, then after a few clients had their replies: the
// count must be back where it was. A connection only half-closed
// (CloseWrite) gave its client the end of the reply, but still holds its
// descriptor.
func checkServerCloses(t *judge.T) error {
	path, err := socketPath(t)
	if err != nil {
		return err
	}
	s, err := startServerWith(t, contract.PathArgs{Path: path, KeepGarbage: true}, wasNothing)
	if err != nil {
		return err
	}
	before, err := s.Child.Sockets()
	if err != nil {
		return err
	}
	n := 3 + t.Rand.IntN(3)
	answered := 0
	for i := 1; i <= n; i++ {
		if err := s.exchange(fmt.Sprintf("client %d of %d", i, n), newRequest(t, 10+t.Rand.IntN(100)), nil); err != nil {
			if i == 1 {
				return err
			}
			break // "answers each client in turn" is about the others
		}
		answered++
	}
	held, err := socketsHeld(s.Child, before)
	if err != nil {
		return err
	}
	if held <= before {
		return nil
	}
	return judge.Fail("after %s had their replies and the end of data, your server still held %d sockets, %d more than while it waited for the first", clientsText(answered), held, held-before).With(
		fmt.Sprintf("While it waited for the first client, your server held %d (its listener). Each client read its reply to the end (EOF) and closed its side; the grader then waited %v for your server to let go.", before, closedWithin),
		"each Accept returns a new connection with its own file descriptor, and only Close releases it: CloseWrite (shutdown) sends the client the end of data but keeps the socket. A server that keeps one per client runs out of descriptors (\"too many open files\") after a few thousand clients and stops accepting.",
		"Call conn.Close() on each accepted connection once the reply is written (defer conn.Close() at the top of the code that handles it).")
}

// ---- the client ----

// fakeServer starts a fake server at path for the check.
func fakeServer(t *judge.T, path string, h fixtures.UnixHandler) (*fixtures.UnixServer, error) {
	srv, err := fixtures.NewUnixServer(path, h)
	if err != nil {
		return nil, err
	}
	t.Cleanup(srv.Close)
	return srv, nil
}

// readMsg reads n bytes of a request (or until the client's half-close),
// waiting at most requestWithin.
func readMsg(c *net.UnixConn, n int) []byte {
	c.SetReadDeadline(time.Now().Add(requestWithin))
	defer c.SetReadDeadline(time.Time{})
	buf := make([]byte, n)
	k, _ := io.ReadFull(c, buf)
	return buf[:k]
}

// newReply is a reply the client cannot guess.
func newReply(t *judge.T, n int) []byte {
	return append([]byte("REPLY "+harness.Word(t.Rand, 6)+" "), fixtures.Body(t.Rand, n)...)
}

// neverConnected is the failure of a Request that did not reach the fake
// server at the socket path.
func neverConnected(r wire.Return, path string) error {
	hint := hintDial
	detail := "The fake server listening on the socket path accepted no connection."
	summary := fmt.Sprintf("Request returned %d bytes and no error without connecting to the socket path", len(r.Data))
	if r.Err != nil {
		summary = fmt.Sprintf("Request never connected to the socket path and returned the error %q", scrub(r.Err.Text, path))
		if strings.Contains(r.Err.Text, "tcp") {
			hint = "Your client dialed TCP. A Unix domain socket is not a port on localhost: it is named by a path in the file system. " + hintDial
		}
	}
	return judge.Fail("%s", summary).With(detail,
		"a Unix domain socket has a file name for an address, and the kernel connects you to whoever listens on that file. A TCP address (host:port) reaches another kind of socket altogether, and a path is not one.",
		hint)
}

// callRequest runs Request(path, msg) in a child.
func callRequest(t *judge.T, path string, msg []byte, within time.Duration) (wire.Return, error) {
	_, r, err := harness.Call(t, contract.Request, contract.RequestArgs{Path: path, Msg: msg}, within)
	return r, err
}

const hangHint = "Request must return once the server closes the connection (Read returns io.EOF)."

func checkRequest(t *judge.T) error {
	path, err := socketPath(t)
	if err != nil {
		return err
	}
	msg := newRequest(t, 20+t.Rand.IntN(200))
	reply := newReply(t, 40+t.Rand.IntN(200))
	srv, err := fakeServer(t, path, func(c *net.UnixConn) {
		readMsg(c, len(msg))
		c.Write(reply)
		fixtures.FinishWriteUnix(c, time.Second)
	})
	if err != nil {
		return err
	}
	r, err := callRequest(t, path, msg, requestWithin+callWithin)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("Request did not return within %v, although the server answered and closed", requestWithin+callWithin), hangHint)
	}
	if srv.Accepted() == 0 {
		return neverConnected(r, path)
	}
	if r.Err != nil {
		return judge.Fail("Request returned an error for a good reply: %s", scrub(r.Err.Text, path)).With(
			fmt.Sprintf("The server read the %d-byte request, wrote a %d-byte reply in one write, and closed.", len(msg), len(reply)),
			"io.EOF is how the server's close shows up: it is the normal end of the reply, not an error.",
			"Treat io.EOF as the end of the reply and return what you read with a nil error (io.ReadAll does this).")
	}
	if !bytes.Equal(r.Data, reply) {
		return judge.Fail("Request returned %d bytes that are not the server's reply (%d bytes)", len(r.Data), len(reply)).With(
			fmt.Sprintf("The server read the request, wrote its reply in one write, and closed.\n%s", judge.ShowBytes(r.Data, reply)),
			"Request returns the reply exactly as the server sent it, from its first byte to the server's close.",
			"Return everything you read after sending, and nothing else.")
	}
	return nil
}

func checkHalfClose(t *judge.T) error {
	path, err := socketPath(t)
	if err != nil {
		return err
	}
	msg := newRequest(t, 200+t.Rand.IntN(2000))
	reply := newReply(t, 20+t.Rand.IntN(100))
	type seen struct {
		req []byte
		eof bool
	}
	got := harness.NewObserved[seen]()
	srv, err := fakeServer(t, path, func(c *net.UnixConn) {
		req, err := fixtures.ReadToEOF(c, replyLimit, requestWithin)
		got.Add(seen{req, err == nil})
		c.Write(reply)
		fixtures.FinishWriteUnix(c, time.Second)
	})
	if err != nil {
		return err
	}
	r, err := callRequest(t, path, msg, requestWithin+callWithin)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("Request did not return within %v, although the server answered and closed", requestWithin+callWithin), hangHint)
	}
	if srv.Accepted() == 0 {
		return neverConnected(r, path)
	}
	s, err := got.First(t, time.Second, func() *judge.Failure {
		return judge.Fail("Request returned, but the server at the socket path received no request: nothing came within %v of the connection", requestWithin)
	})
	if err != nil {
		return err
	}
	var probs []string
	if !bytes.Equal(s.req, msg) {
		probs = append(probs, fmt.Sprintf("the server received other bytes than msg:\n%s", judge.ShowBytes(s.req, msg)))
	}
	if !s.eof {
		probs = append(probs, fmt.Sprintf("the request never ended: %v after it connected, the server was still waiting for the end of data (EOF), so it answered anyway", requestWithin))
	}
	if len(probs) == 0 {
		return nil
	}
	summary := "Request did not send exactly msg"
	switch {
	case !s.eof && len(probs) == 2:
		summary = "Request did not send exactly msg, nor close its write side after sending"
	case !s.eof:
		summary = "Request did not close its write side after sending"
	}
	return judge.Fail("%s", summary).With(
		fmt.Sprintf("Request was asked to send %d bytes.\n  - %s", len(msg), strings.Join(probs, "\n  - ")),
		"the server reads the request until io.EOF, and over a socket the end of data comes only when the client shuts down its write side (CloseWrite, which sends EOF but keeps the connection open for the reply). A client that waits for the reply without it waits for a server that waits for it.",
		"Write all of msg, then call conn.(*net.UnixConn).CloseWrite() before you read the reply.")
}

func checkReplyFragments(t *judge.T) error {
	path, err := socketPath(t)
	if err != nil {
		return err
	}
	msg := newRequest(t, 20+t.Rand.IntN(100))
	reply := newReply(t, 1500+t.Rand.IntN(1500))
	sizes := fixtures.Split(t.Rand, len(reply), 40, len(reply)/4)
	srv, err := fakeServer(t, path, func(c *net.UnixConn) {
		readMsg(c, len(msg))
		fixtures.DripUnix(c, reply, sizes, dripWait)
		fixtures.FinishWriteUnix(c, time.Second)
	})
	if err != nil {
		return err
	}
	within := requestWithin + callWithin + 2*dripWait // a reader that keeps up takes milliseconds
	r, err := callRequest(t, path, msg, within)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("Request did not return within %v after the server sent its reply in %d fragments and closed", within, len(sizes)), hangHint)
	}
	if srv.Accepted() == 0 {
		return neverConnected(r, path)
	}
	detail := fmt.Sprintf("The server sent a %d-byte reply in %d fragments (%s), each only after you had read the one before, then closed.", len(reply), len(sizes), harness.SizesText(sizes))
	if r.Err != nil {
		return judge.Fail("Request returned an error for a good reply: %s", scrub(r.Err.Text, path)).With(detail,
			"io.EOF is how the server's close shows up: it is the normal end of the reply, not an error.",
			"Treat io.EOF as the end of the reply and return what you read with a nil error (io.ReadAll does this).")
	}
	if bytes.Equal(r.Data, reply) {
		return nil
	}
	detail += "\n" + judge.ShowBytes(r.Data, reply)
	hint := "Read in a loop until Read returns io.EOF, appending each chunk (io.ReadAll does exactly this)."
	if k := harness.FragmentsCovered(r.Data, reply, sizes); k > 0 {
		return judge.Fail("Request returned after %d of %d fragments: %d of %d bytes", k, len(sizes), len(r.Data), len(reply)).With(detail, whyStream, hint)
	}
	return judge.Fail("Request returned %d bytes that are not the server's reply (%d bytes)", len(r.Data), len(reply)).With(detail, whyStream, hint)
}

// checkRequestCloses calls Request a few times in one child against a
// server that answers and closes at once: once the calls have returned,
// the child must hold no socket. A connection only half-closed
// (CloseWrite) is still open and holds its descriptor.
func checkRequestCloses(t *judge.T) error {
	path, err := socketPath(t)
	if err != nil {
		return err
	}
	msg := newRequest(t, 20+t.Rand.IntN(100))
	reply := newReply(t, 20+t.Rand.IntN(100))
	srv, err := fakeServer(t, path, func(c *net.UnixConn) {
		fixtures.ReadToEOF(c, replyLimit, requestWithin)
		c.Write(reply)
		fixtures.FinishWriteUnix(c, time.Second)
	})
	if err != nil {
		return err
	}
	n := 3 + t.Rand.IntN(3)
	within := time.Duration(n) * (requestWithin + callWithin)
	args := contract.RequestsArgs{RequestArgs: contract.RequestArgs{Path: path, Msg: msg}, Times: n}
	c, res, err := harness.Call(t, contract.Requests, args, within)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("%d calls of Request, one after another, did not return within %v, although the server answered each and closed", n, within), hangHint)
	}
	// Every call has returned and the child is idle: what it holds now,
	// it holds for good (its collector is off, so no finalizer closes a
	// forgotten connection meanwhile).
	held, err := socketsHeld(c, 0)
	if err != nil {
		return err
	}
	if !harness.Connected(srv, time.Second) && len(res.Returns) > 0 {
		// What the child says is a claim; the server saw nothing to close.
		return neverConnected(res.Returns[0], path)
	}
	if held == 0 {
		return nil
	}
	leak := ""
	if held >= n {
		leak = ": one for each call"
	}
	return judge.Fail("after %d calls of Request had returned, your program still held %d open sockets%s", n, held, leak).With(
		fmt.Sprintf("The server at the socket path accepted %d connections; on each it read the request to its end, wrote a reply and closed.", srv.Accepted()),
		"a half-close is not a close: CloseWrite (shutdown) ends your side of the stream but keeps the socket, and its file descriptor, until Close. A client that leaks one per call runs out of descriptors (\"too many open files\") in a program that lives long.",
		"Call defer conn.Close() right after a successful net.Dial: CloseWrite is what ends the request, but it does not replace Close.")
}

func checkRequestStale(t *judge.T) error {
	path, err := socketPath(t)
	if err != nil {
		return err
	}
	if err := fixtures.StaleUnixSocket(path); err != nil {
		return err
	}
	r, err := callRequest(t, path, newRequest(t, 20), callWithin)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("Request did not return within %v, though nothing listens on the socket file and the kernel refuses at once", callWithin), "Return the error from net.Dial.")
	}
	if r.Err == nil {
		return judge.Fail("Request returned %d bytes and no error, but nothing listens on the socket file at the path", len(r.Data)).With(
			"The path held a stale socket file: a socket was bound there and closed without removing the file.",
			"connecting to a socket file that no one listens on is refused (ECONNREFUSED), just as a TCP port with no server is: the caller must be told, so that it can retry or report it.",
			"Check the error from net.Dial and return it.")
	}
	// A refused connection leaves nothing to see: the error counts only
	// from a Request that connects when a server listens.
	fresh := filepath.Join(filepath.Dir(path), harness.Word(t.Rand, 7)+".sock")
	srv, err := fakeServer(t, fresh, func(c *net.UnixConn) {
		readMsg(c, 1)
		c.Write([]byte("ok"))
		fixtures.FinishWriteUnix(c, time.Second)
	})
	if err != nil {
		return err
	}
	cr, err := callRequest(t, fresh, newRequest(t, 20), requestWithin+callWithin)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("Request did not return within %v, although the server answered and closed", requestWithin+callWithin), hangHint)
	}
	if harness.Connected(srv, time.Second) {
		if r.Err.Refused {
			return nil
		}
		return judge.Fail("Request returned the error %q for the stale socket file, which is not the refusal: errors.Is(err, syscall.ECONNREFUSED) is false", scrub(r.Err.Text, path)).With(
			"The path held a stale socket file: a socket was bound there and closed without removing the file, so the kernel refused the connection.",
			"the caller decides what to do by what the error is: a refused connection (nothing listens: start the server, or retry) is not a timeout or a bad reply. An error made up in its place, or net.Dial's error wrapped with %v, hides which it was.",
			"Return the error from net.Dial as it is, or wrap it with fmt.Errorf(\"...: %w\", err).")
	}
	got := fmt.Sprintf("%d bytes and no error", len(cr.Data))
	if cr.Err != nil {
		got = fmt.Sprintf("the error %q", scrub(cr.Err.Text, fresh))
	}
	return judge.Fail("Request returned an error for the stale socket file (%q), but it never connects where a server listens either: there it returned %s", scrub(r.Err.Text, path), got).With("",
		"an error for a refused connection only means something from a Request that connects when it can.",
		hintDial)
}

// clientsText counts clients in words.
func clientsText(n int) string {
	if n == 1 {
		return "one client"
	}
	return fmt.Sprintf("%d clients", n)
}
