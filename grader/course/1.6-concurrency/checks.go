package concurrency

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/course/1.6-concurrency/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// Exercise 1.6: a line-reversing server that serves many clients at once,
// each in its own goroutine, and shuts down gracefully.
var checks = []judge.Check{
	{Name: "answers each line reversed", Points: 2, Run: checkConcLines},
	{Name: "answers a line sent one byte at a time", Points: 2, Run: checkConcByteByByte},
	{Name: "answers several lines sent in one write", Points: 1, Run: checkConcCoalesced},
	{Name: "serves a client while another is idle", Points: 3, Run: checkConcIdle},
	{Name: "serves over 100 clients at once", Points: 2, Run: checkConcMany},
	{Name: "stops gracefully when ctx is cancelled", Points: 3, Run: checkConcCancel},
	{Name: "stops gracefully when the listener is closed", Points: 2, Run: checkConcClose},
	{Name: "leaks no goroutines or connections", Points: 2, Run: checkConcLeaks},
}

const (
	concStartWithin  = 5 * time.Second                       // the child starts and listens
	concDialWithin   = time.Second                           // a fake client connects
	concAnswerWithin = time.Second                           // an answer follows a complete line
	concReplyWithin  = time.Second                           // the driver answers a command
	concIdleFor      = contract.Grace + contract.Grace/4     // before the stop, how long clients stay silent: longer than the grace
	concRestAfter    = contract.Grace * 6 / 10               // after the stop, when a client in mid-line sends the rest: late, inside the grace
	concLateGuard    = contract.Grace / 10                   // the rest must go out this long before the grace ends for its verdict to stand
	concTalkEvery    = contract.Grace / 10                   // after the stop, how often a client that keeps talking sends a line
	concStopBound    = contract.Grace + time.Second          // after the stop, Serve returns and idle clients are closed within this
	concReturnWaits  = contract.Grace + contract.ReturnSlack // after the stop, the driver's own wait for Serve's return
	concResultWithin = concReturnWaits + 3*time.Second       // that wait (a brief count follows it), and a margin
	concManyMin      = 101                                   // clients connected at once, at least
	concManyLines    = 2                                     // lines each of them sends
	concManyWithin   = 3 * time.Second                       // all of them are answered within this
	concRound        = 6                                     // clients per round when counting goroutines of a running server
	concCountWithin  = time.Second                           // how long finished handlers may take to go
	concLineLimit    = 4096                                  // bytes a fake client reads at most for an answer
)

const (
	whyConcStream     = "TCP is a byte stream with no record boundaries: one Read returns whatever has arrived, a single byte or several lines at once. Only the newline says where a line ends."
	hintConcLines     = "Wrap the connection in a bufio.Reader once, and call ReadString('\\n') for each line (or use a bufio.Scanner): it gathers reads until the newline and keeps what came after it for the next line."
	whyConcAtOnce     = "the accept loop must never wait for one client. If it handles a connection itself, every later client waits in the kernel's listen backlog until this one hangs up, and a client that connects and says nothing blocks everyone."
	hintConcGo        = "Handle each accepted connection in its own goroutine: go handle(conn), then straight back to Accept."
	whyConcWait       = "graceful shutdown means the caller can rely on Serve's return: by then no handler is reading or writing any more and every connection is closed, so the program may exit. A program that exits while a handler is mid-answer cuts that client off."
	hintConcWait      = "Count your handlers with a sync.WaitGroup: wg.Add(1) before go, defer wg.Done() in the handler, and wg.Wait() after the accept loop, before Serve returns."
	whyConcInFlight   = "a client in the middle of a line when the server stops has done nothing wrong: the graceful way is to let it finish that line, for a bounded time, answer it, then hang up. Closing its connection at once loses its request."
	hintConcInFlight  = "When stopping, do not close the connections at once, nor cut the grace short: set a deadline on each with the grace Serve was given, conn.SetDeadline(time.Now().Add(grace)), so a handler waiting in ReadString gets until then to finish the line; it answers, returns and closes."
	whyConcIdleClose  = "when Serve stops it must end every connection, also those whose client sends nothing: a handler blocked in Read waits for its client forever unless something wakes it, so Serve either never returns or returns and leaves the handler and its socket behind."
	hintConcIdleClose = "A deadline wakes a blocked Read: when the server stops, set conn.SetDeadline(time.Now().Add(grace)) on every open connection (context.AfterFunc in each handler does it), and close the connection when its handler returns."
	whyConcCtx        = "Accept blocks until a client arrives and does not watch ctx: cancelling the context wakes nothing by itself. The server has to turn the cancellation into something Accept notices."
	hintConcCtx       = "Close the listener when ctx is done: stop := context.AfterFunc(ctx, func() { ln.Close() }); defer stop(). Accept then fails at once and your loop ends; then wake the handlers (a deadline on each connection) and wait for them."
	whyConcClosed     = "the listener closing is the other way to stop Serve: Accept fails with net.ErrClosed. The handlers learn nothing from it unless the accept loop tells them."
	hintConcClosed    = "When Accept fails, tell the handlers (cancel a context of your own that each handler watches), then wait for them with a sync.WaitGroup, then return."
	whyConcLeak       = "a goroutine blocked in Read on a connection nobody closes waits forever, holding its stack, its socket and all it refers to. A server that leaves some behind on each shutdown, or for each client, grows until it runs out of memory or file descriptors."
	hintConcLeak      = "Every goroutine you start needs a way to end: handlers end when their connection is closed or its deadline passes. On shutdown set a deadline on (or close) every connection, and wait for the handlers with a sync.WaitGroup before Serve returns."
)

// concSpec is how the submission's Serve is run: the child opens the
// listener, and Finish both stops Serve (unless Stop did) and ends the
// operation.
var concSpec = harness.ServerSpec[contract.ServeArgs, contract.Addr, contract.ServeResult]{
	Op: contract.Serve, Listening: contract.Listening, Stop: contract.Finish,
	StartWithin: concStartWithin, ResultWithin: concResultWithin,
}

// concServer is the submission's Serve running in a child, on a listener
// the child opened.
type concServer struct {
	t   *judge.T
	c   *judge.Child // the child, for the commands of the contract
	srv *harness.Server[contract.ServeArgs, contract.Addr, contract.ServeResult]
}

func startConcServer(t *judge.T) (*concServer, error) {
	srv, err := harness.StartServer(t, concSpec, contract.ServeArgs{Grace: contract.Grace})
	if err != nil {
		return nil, err
	}
	return &concServer{t: t, c: srv.Child, srv: srv}, nil
}

// dial connects a fake client.
func (s *concServer) dial() (*net.TCPConn, error) {
	ctx, cancel := context.WithTimeout(s.t.Ctx, concDialWithin)
	defer cancel()
	c, err := fixtures.DialFrom(ctx, "127.0.0.1", s.srv.Listening.Addr)
	if err != nil {
		return nil, err
	}
	s.t.Cleanup(func() { c.Close() })
	return c, nil
}

// finish stops Serve (cancelling its context and closing the listener,
// unless a stop came before) and returns how it ended and what it left.
// A panic, a crash or the untouched stub come back as the error.
func (s *concServer) finish() (contract.ServeResult, error) {
	r, err := s.srv.Stop()
	if err != nil {
		return r, harness.TimedOut(err, fmt.Sprintf("the grader's driver did not report within %v after stopping Serve", concResultWithin), "")
	}
	return r, nil
}

// noAnswer is the failure of a client that got nothing: what it saw, and
// what Serve had done.
func (s *concServer) noAnswer(summary string, cause error) error {
	r, err := s.finish()
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(concClientSaw(cause))
	if r.Early {
		fmt.Fprintf(&b, "\nServe had already returned (%s) while the listener was still open, so no one was serving clients.", harness.Returned(r.Err))
	}
	return judge.Fail("%s", summary).With(b.String(),
		"each client sends a line and waits for its answer; a server that does not accept it, or accepts and never reads, answers nothing.",
		"Accept connections in a loop, serve each in its own goroutine, and answer every line a client sends.")
}

// concClientSaw says what a client saw instead of an answer.
func concClientSaw(cause error) string {
	switch {
	case cause == nil:
		return ""
	case errors.Is(cause, syscall.ECONNREFUSED):
		return "Its connection was refused: nothing was listening any more."
	case errors.Is(cause, syscall.ECONNRESET) || errors.Is(cause, syscall.EPIPE):
		return "Its connection was reset."
	case errors.Is(cause, io.EOF):
		return "The server closed the connection without answering."
	case errors.Is(cause, os.ErrDeadlineExceeded):
		return "Nothing came back, and the connection stayed open."
	case errors.Is(cause, fixtures.ErrNotConsumed):
		return "The server did not read what the client sent."
	case errors.Is(cause, fixtures.ErrPeerClosed):
		return "The server closed the connection while the client was sending."
	}
	return fmt.Sprintf("The client saw: %v.", cause)
}

// concSaw is concClientSaw inside a sentence.
func concSaw(cause error) string {
	return strings.TrimSuffix(strings.ToLower(concClientSaw(cause)), ".")
}

// concLine is a line of random words the server cannot guess, with its
// newline.
func concLine(rng *rand.Rand) string {
	words := make([]string, 3+rng.IntN(4))
	for i := range words {
		words[i] = harness.Word(rng, 2+rng.IntN(6))
	}
	return strings.Join(words, " ") + "\n"
}

// concReversed is the service's answer to line: its text backwards, then
// the newline.
func concReversed(line string) string {
	text := strings.TrimSuffix(line, "\n")
	b := make([]byte, 0, len(line))
	for i := len(text) - 1; i >= 0; i-- {
		b = append(b, text[i])
	}
	return string(append(b, '\n'))
}

// concReadAnswer reads up to the first newline, the server's close or within;
// it returns the first line, or whatever came if no newline did.
func concReadAnswer(c *net.TCPConn, within time.Duration) ([]byte, error) {
	got, err := fixtures.ReadUntil(c, []byte("\n"), concLineLimit, within)
	return harness.FirstLine(got), err
}

// concExchange sends one line and reads its answer.
func concExchange(c *net.TCPConn, line string) ([]byte, error) {
	if _, err := c.Write([]byte(line)); err != nil {
		return nil, err
	}
	return concReadAnswer(c, concAnswerWithin)
}

// concOnes is n fragment sizes of one byte.
func concOnes(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = 1
	}
	return s
}

// concWrongAnswer is the failure of an answer that is not the reversed line.
func concWrongAnswer(summary, how, line string, got []byte) error {
	want := concReversed(line)
	hint := "Answer each line with its text backwards followed by \"\\n\": \"abc\\n\" gets \"cba\\n\"."
	why := "a line protocol is a contract: the client waits for exactly one answer line per line it sent, and reads it as the answer."
	switch {
	case string(got) == line:
		hint = "You send the line back unchanged: reverse its bytes (all but the newline) first."
	case len(got) > 0 && len(got) < len(want) && got[len(got)-1] == '\n':
		why = whyConcStream + " Here the server answered before the whole line had arrived."
		hint = hintConcLines
	}
	return judge.Fail("%s", summary).With(
		fmt.Sprintf("The client sent %q%s and received:\n%s", line, how, judge.ShowBytes(got, []byte(want))), why, hint)
}

func checkConcLines(t *judge.T) error {
	s, err := startConcServer(t)
	if err != nil {
		return err
	}
	c, err := s.dial()
	if err != nil {
		return s.noAnswer("a client could not connect", err)
	}
	const n = 3
	for i := 1; i <= n; i++ {
		line := concLine(t.Rand)
		got, err := concExchange(c, line)
		if len(got) == 0 {
			return s.noAnswer(fmt.Sprintf("line %d of %d got no answer within %v", i, n, concAnswerWithin), err)
		}
		if string(got) != concReversed(line) {
			return concWrongAnswer(fmt.Sprintf("the answer to line %d of %d is wrong", i, n), " in one write", line, got)
		}
	}
	return nil
}

func checkConcByteByByte(t *judge.T) error {
	s, err := startConcServer(t)
	if err != nil {
		return err
	}
	c, err := s.dial()
	if err != nil {
		return s.noAnswer("a client could not connect", err)
	}
	line := concLine(t.Rand)
	if n, err := fixtures.Drip(c, []byte(line), concOnes(len(line)), concAnswerWithin); err != nil {
		return s.noAnswer(fmt.Sprintf("the server stopped reading a line sent one byte at a time, after %d of %d bytes", n, len(line)), err)
	}
	got, err := concReadAnswer(c, concAnswerWithin)
	if len(got) == 0 {
		return s.noAnswer(fmt.Sprintf("a line sent one byte at a time got no answer within %v", concAnswerWithin), err)
	}
	if string(got) != concReversed(line) {
		return concWrongAnswer("the answer to a line sent one byte at a time is wrong",
			" one byte at a time, each byte only after the server had read the one before,", line, got)
	}
	return nil
}

func checkConcCoalesced(t *judge.T) error {
	s, err := startConcServer(t)
	if err != nil {
		return err
	}
	c, err := s.dial()
	if err != nil {
		return s.noAnswer("a client could not connect", err)
	}
	lines := make([]string, 3+t.Rand.IntN(2))
	var all, want strings.Builder
	for i := range lines {
		lines[i] = concLine(t.Rand)
		all.WriteString(lines[i])
		want.WriteString(concReversed(lines[i]))
	}
	// The first write ends in the middle of the last line; the rest follows
	// once the server has read the first.
	last := lines[len(lines)-1]
	cut := all.Len() - len(last) + 1 + t.Rand.IntN(len(last)-2)
	first, rest := all.String()[:cut], all.String()[cut:]
	if _, err := c.Write([]byte(first)); err != nil {
		return s.noAnswer("a client could not send its lines", err)
	}
	if err := fixtures.WaitConsumed(c, concAnswerWithin); err != nil {
		return s.noAnswer(fmt.Sprintf("the server did not read %d lines sent in one write", len(lines)-1), err)
	}
	if _, err := c.Write([]byte(rest)); err != nil {
		return s.noAnswer("a client could not send the rest of its last line", err)
	}
	got, err := concReadLines(c, len(lines), concAnswerWithin)
	if len(got) == 0 {
		return s.noAnswer(fmt.Sprintf("%d lines sent in one write got no answer within %v", len(lines), concAnswerWithin), err)
	}
	if string(got) == want.String() {
		return nil
	}
	return judge.Fail("the answers to %d lines sent together are wrong", len(lines)).With(
		fmt.Sprintf("The client sent %q in one write and, once the server had read it, the rest of the last line, %q. It received:\n%s",
			first, rest, judge.ShowBytes(got, []byte(want.String()))),
		whyConcStream, hintConcLines)
}

// concReadLines reads until n newlines have come, the server closes, or within
// passes.
func concReadLines(c *net.TCPConn, n int, within time.Duration) ([]byte, error) {
	c.SetReadDeadline(time.Now().Add(within))
	defer c.SetReadDeadline(time.Time{})
	var got []byte
	buf := make([]byte, 4096)
	for bytes.Count(got, []byte("\n")) < n && len(got) < concLineLimit {
		k, err := c.Read(buf)
		got = append(got, buf[:k]...)
		if err != nil {
			return got, err
		}
	}
	// Keep exactly n lines: whether more arrived in the same read is
	// timing, and a verdict (or transcript) must not depend on it.
	i := 0
	for range n {
		j := bytes.IndexByte(got[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return got[:i], nil
}

func checkConcIdle(t *judge.T) error {
	s, err := startConcServer(t)
	if err != nil {
		return err
	}
	idle, err := s.dial()
	if err != nil {
		return s.noAnswer("client 1 could not connect", err)
	}
	c2, err := s.dial()
	if err != nil {
		return s.noAnswer("client 2 could not connect", err)
	}
	line2 := concLine(t.Rand)
	got, err := concExchange(c2, line2)
	if len(got) == 0 {
		summary := fmt.Sprintf("client 2 got no answer within %v while client 1 was connected and idle", concAnswerWithin)
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			return s.noAnswer(summary, err)
		}
		// Let client 1 go: if client 2 is answered now, the server serves
		// one client at a time.
		idle.Close()
		start := time.Now()
		later, lerr := concReadAnswer(c2, concAnswerWithin)
		if len(later) == 0 {
			return s.noAnswer(summary, lerr)
		}
		return judge.Fail("%s", summary).With(
			fmt.Sprintf("Client 1 connected first and sent nothing; then client 2 connected and sent %q.\nThen client 1 hung up, and client 2 got its answer ~%v later: your server serves one client at a time, and client 1, which said nothing, held it.",
				line2, time.Since(start).Round(time.Millisecond)),
			whyConcAtOnce, hintConcGo)
	}
	// Client 3 is in the middle of a line, sent one byte at a time, while
	// client 4 comes and goes.
	c3, err := s.dial()
	if err != nil {
		return s.noAnswer("client 3 could not connect", err)
	}
	line3 := concLine(t.Rand)
	half := len(line3) / 2
	if _, err := fixtures.Drip(c3, []byte(line3[:half]), concOnes(half), concAnswerWithin); err != nil {
		return s.noAnswer("the server did not read client 3's line, sent one byte at a time, while client 1 was connected and idle", err)
	}
	c4, err := s.dial()
	if err != nil {
		return s.noAnswer("client 4 could not connect", err)
	}
	if got, err := concExchange(c4, concLine(t.Rand)); len(got) == 0 {
		return s.noAnswer(fmt.Sprintf("client 4 got no answer within %v while client 1 was idle and client 3 was in the middle of a line", concAnswerWithin), err)
	}
	if _, err := fixtures.Drip(c3, []byte(line3[half:]), concOnes(len(line3)-half), concAnswerWithin); err != nil {
		return s.noAnswer("the server stopped reading client 3's line, sent one byte at a time", err)
	}
	// Any answer will do here: what it says is judged by the other checks.
	if got, err := concReadAnswer(c3, concAnswerWithin); len(got) == 0 {
		return s.noAnswer(fmt.Sprintf("client 3, which sent its line one byte at a time, got no answer within %v while client 1 was idle", concAnswerWithin), err)
	}
	if got, err := concExchange(idle, concLine(t.Rand)); len(got) == 0 {
		return s.noAnswer(fmt.Sprintf("client 1, idle until then, got no answer within %v to the line it finally sent", concAnswerWithin), err)
	}
	return nil
}

func checkConcMany(t *judge.T) error {
	s, err := startConcServer(t)
	if err != nil {
		return err
	}
	n := concManyMin + t.Rand.IntN(27)
	conns := make([]*net.TCPConn, n)
	lines := make([][]string, n)
	owner := map[string]int{} // answer -> the client whose line it answers
	for i := range conns {
		if conns[i], err = s.dial(); err != nil {
			return s.noAnswer(fmt.Sprintf("client %d of %d could not connect", i+1, n), err)
		}
		for range concManyLines {
			l := fmt.Sprintf("%d %s", i+1, concLine(t.Rand))
			lines[i] = append(lines[i], l)
			owner[concReversed(l)] = i
		}
	}
	// All connected at once; now each sends its lines, one after another,
	// and stays connected until every client is done.
	type outcome struct {
		answered int
		got      []byte
		err      error
	}
	outs := make([]outcome, n)
	deadline := time.Now().Add(concManyWithin)
	var wg sync.WaitGroup
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := &outs[i]
			for _, l := range lines[i] {
				if _, o.err = c.Write([]byte(l)); o.err != nil {
					return
				}
				o.got, o.err = concReadAnswer(c, time.Until(deadline))
				if o.err != nil || string(o.got) != concReversed(l) {
					return
				}
				o.answered++
			}
		}()
	}
	wg.Wait()
	ok, silent := 0, 0
	var firstErr error
	wrong := -1
	for i, o := range outs {
		switch {
		case o.answered == concManyLines:
			ok++
		case len(o.got) == 0:
			silent++
			if firstErr == nil {
				firstErr = o.err
			}
		case wrong < 0:
			wrong = i
		}
	}
	if ok == n {
		return nil
	}
	if wrong >= 0 {
		o := outs[wrong]
		line := lines[wrong][o.answered]
		detail := fmt.Sprintf("%d clients were connected at once, each sending %d lines, one after another. Client %d sent %q and received:\n%s",
			n, concManyLines, wrong+1, line, judge.ShowBytes(o.got, []byte(concReversed(line))))
		why := "each client must get the answers to its own lines, whatever the others send meanwhile."
		hint := "Keep everything a handler uses for one client (the reader, buffers, the line) in local variables of that handler, not in variables the handlers share."
		if other, found := owner[string(o.got)]; found && other != wrong {
			detail += fmt.Sprintf("\nThat is the answer to client %d's line.", other+1)
			why = "handlers run at the same time: state they share (a buffer, a reader, a variable outside the handler) is overwritten by one while another uses it, and answers end up on the wrong connection."
		}
		summary := fmt.Sprintf("%d of %d clients connected at once got every answer right; client %d got a wrong one", ok, n, wrong+1)
		if silent > 0 {
			summary += fmt.Sprintf(", and %d got no answer within %v", silent, concManyWithin)
		}
		return judge.Fail("%s", summary).With(detail, why, hint)
	}
	if ok == 0 {
		return s.noAnswer(fmt.Sprintf("none of %d clients connected at once got an answer within %v", n, concManyWithin), firstErr)
	}
	return judge.Fail("only %d of %d clients got their answers within %v while all %d were connected at once", ok, n, concManyWithin, n).With(
		fmt.Sprintf("The grader connected %d clients, then each sent %d lines, one after another, and stayed connected until all were done. %d got no answer.", n, concManyLines, silent),
		whyConcAtOnce, hintConcGo)
}

func checkConcCancel(t *judge.T) error {
	return concShutdown(t, contract.StopArgs{Cancel: true}, "the context was cancelled")
}

func checkConcClose(t *judge.T) error {
	return concShutdown(t, contract.StopArgs{Close: true}, "the listener was closed")
}

// concProblem is one thing wrong with a shutdown.
type concProblem struct{ text, why, hint string }

// concProblems reports every problem, with the why of the first and the
// hints of all.
func concProblems(summary, detail string, probs []concProblem) error {
	if len(probs) == 0 {
		return nil
	}
	var texts, hints []string
	for _, p := range probs {
		texts = append(texts, p.text)
		if !slices.Contains(hints, p.hint) {
			hints = append(hints, p.hint)
		}
	}
	return judge.Fail("%s:\n  - %s", summary, strings.Join(texts, "\n  - ")).With(detail, probs[0].why, strings.Join(hints, "\nAnd: "))
}

// concPending returns what has arrived on c and not been read yet, waiting
// only a moment, and the error that ended it (nil: nothing more for now).
func concPending(c *net.TCPConn) ([]byte, error) {
	c.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
	defer c.SetReadDeadline(time.Time{})
	var got []byte
	buf := make([]byte, 4096)
	for {
		n, err := c.Read(buf)
		got = append(got, buf[:n]...)
		switch {
		case errors.Is(err, os.ErrDeadlineExceeded):
			return got, nil
		case err != nil:
			return got, err
		}
	}
}

// concShutdown stops Serve the way how says, with three clients connected
// that have all been silent for longer than the grace while the server ran:
// B in the middle of a line, A and C idle. After the stop, B sends the rest
// of its line late inside the grace and must get its answer, and Serve must
// not return before that; A stays silent and C sends a line every
// concTalkEvery, and both must be disconnected by the grace's end (and not
// before the stop); Serve must return within a bound.
func concShutdown(t *judge.T, how contract.StopArgs, stopped string) error {
	s, err := startConcServer(t)
	if err != nil {
		return err
	}
	// B connects first, so that even a server that serves one client at a
	// time is serving B: this check is about stopping, not about serving
	// clients at once.
	b, err := s.dial()
	if err != nil {
		return s.noAnswer("client B could not connect", err)
	}
	if got, err := concExchange(b, concLine(t.Rand)); len(got) == 0 {
		return s.noAnswer(fmt.Sprintf("client B got no answer to its first line within %v", concAnswerWithin), err)
	}
	line := concLine(t.Rand)
	k := len(line)/2 + t.Rand.IntN(3)
	if _, err := fixtures.Drip(b, []byte(line[:k]), fixtures.Split(t.Rand, k, 1, 3), concAnswerWithin); err != nil {
		return s.noAnswer("the server stopped reading client B's second line", err)
	}
	talk := concLine(t.Rand) // what C says after the stop, again and again
	a, err := s.dial()
	if err != nil {
		return s.noAnswer("client A could not connect", err)
	}
	c, err := s.dial()
	if err != nil {
		return s.noAnswer("client C could not connect", err)
	}
	// Wait until the server has accepted A and C (if it ever will): a
	// connection still in the listen backlog is reset by the close, and
	// whether that happened would be timing, not the server's doing.
	if _, err := harness.Ask(s.c, contract.Sockets, contract.SocketsArgs{AtLeast: 3, Within: concCountWithin}, contract.SocketsCounted, concCountWithin+concReplyWithin); err != nil {
		return err
	}
	// While the server runs, all three stay silent for longer than the
	// grace: the grace is for stopping, not an idle timeout.
	if err := concPause(t, concIdleFor); err != nil {
		return err
	}
	var early []string
	for _, p := range []struct {
		who string
		c   *net.TCPConn
	}{{"client A (idle)", a}, {"client B (in the middle of a line)", b}, {"client C (idle)", c}} {
		if _, err := concPending(p.c); err != nil {
			early = append(early, p.who)
		}
	}
	bEarly := slices.Contains(early, "client B (in the middle of a line)")

	sent := time.Now()
	if _, err := harness.Ask(s.c, contract.Stop, how, contract.StopDone, concReplyWithin); err != nil {
		return err
	}
	stopSeen := time.Now()
	// Every client's verdict is due by the same bound after the stop.
	bound := sent.Add(concStopBound)
	type closing struct {
		closed bool
		err    error
	}
	aDone := harness.NewObserved[closing]()
	go func() {
		_, closed, err := fixtures.WaitClosed(a, time.Until(bound))
		aDone.Add(closing{closed, err})
	}()
	cDone := harness.NewObserved[concTalking]()
	go func() { cDone.Add(concTalk(t.Ctx, c, talk, stopSeen, bound)) }()

	// B sends the rest of its line late inside the grace; until then a
	// Serve that waits for its connections cannot have returned.
	if err := concPause(t, time.Until(stopSeen.Add(concRestAfter))); err != nil {
		return err
	}
	mark, err := harness.Ask(s.c, contract.Mark, wire.None{}, contract.Marked, concReplyWithin)
	if err != nil {
		return err
	}
	// Meanwhile a new client D tries to connect: a stopped server accepts
	// no one, and closes the listener it was given (closing it is the
	// judge's own doing when the stop was a close).
	dDone := harness.NewObserved[concLate]()
	if how.Cancel {
		go func() { dDone.Add(s.lateClient(talk)) }()
	}
	restAt := time.Since(sent)
	// What came before the rest of the line is no answer to it.
	_, perr := concPending(b)
	var answer []byte
	aerr := perr
	if perr == nil {
		if _, aerr = b.Write([]byte(line[k:])); aerr == nil {
			answer, aerr = concReadAnswer(b, max(time.Until(bound), concAnswerWithin))
		}
	}
	b.Close()
	// WaitClosed and concTalk give up at bound, so their values come.
	ac, err := aDone.First(t, time.Until(bound)+time.Second, func() *judge.Failure {
		return judge.Fail("client A's connection was neither closed nor seen open within %v after Serve was stopped", concStopBound)
	})
	if err != nil {
		return err
	}
	ct, err := cDone.First(t, time.Until(bound)+time.Second, func() *judge.Failure {
		return judge.Fail("client C's connection was neither closed nor seen open within %v after Serve was stopped", concStopBound)
	})
	if err != nil {
		return err
	}
	var dl concLate
	if how.Cancel {
		// lateClient gives up within concDialWithin+concAnswerWithin.
		if dl, err = dDone.First(t, concDialWithin+concAnswerWithin+time.Second, func() *judge.Failure {
			return judge.Fail("client D neither connected nor failed to within %v", concDialWithin)
		}); err != nil {
			return err
		}
	}
	r, err := s.finish()
	if err != nil {
		return err
	}

	var probs []concProblem
	okErr := r.Err == nil || r.Err.Closed || (how.Cancel && r.Canceled)
	if r.Early {
		probs = append(probs, concProblem{fmt.Sprintf("Serve returned (%s) before it was stopped", harness.Returned(r.Err)),
			"Serve must keep serving until its context is cancelled or its listener closed.", "Loop on Accept until it fails."})
	} else if len(early) > 0 {
		conns := "the connection"
		if len(early) > 1 {
			conns = "the connections"
		}
		probs = append(probs, concProblem{fmt.Sprintf("before %s, while the server was running, it closed %s of %s, silent for %v, longer than the grace of %v",
			stopped, conns, concJoin(early), concIdleFor, contract.Grace),
			"the grace is for stopping only: while the server runs, a client may stay silent, or take its time over a line, as long as it likes, like the README's client that opens a connection and says nothing for a minute. A deadline set before every read turns the grace into an idle timeout.",
			"Set the deadline only once the server stops: context.AfterFunc(stopping, func() { conn.SetDeadline(time.Now().Add(grace)) }) in the handler. While the server runs, a Read may wait as long as its client likes."})
	}
	switch {
	case r.Early:
	// When B was cut off, Serve had nothing left to wait for: that problem
	// is reported below.
	case mark.Returned && perr == nil:
		probs = append(probs, concProblem{fmt.Sprintf("Serve returned ~%v after %s, while client B was still in the middle of a line (%d of %d bytes sent)",
			r.ReturnedAfter.Round(time.Millisecond), stopped, k, len(line)), whyConcWait, hintConcWait})
	case !r.Returned:
		p := concProblem{fmt.Sprintf("Serve had not returned %v after %s", concReturnWaits, stopped), whyConcCtx, hintConcCtx}
		if how.Close {
			p.why, p.hint = whyConcClosed, hintConcClosed
		}
		probs = append(probs, p)
	// A client the server never let go keeps Serve waiting: that problem
	// is reported below.
	case r.ReturnedAfter > concStopBound && ct.closed && ac.closed:
		probs = append(probs, concProblem{fmt.Sprintf("Serve returned only ~%v after %s; with a grace of %v it should be done within %v",
			r.ReturnedAfter.Round(time.Millisecond), stopped, contract.Grace, concStopBound), whyConcIdleClose, hintConcIdleClose})
	}
	// A late rest, from a grader too busy to send it in time, is no fault
	// of the server's: by then the grace may have run out.
	late := restAt > contract.Grace-concLateGuard
	if (aerr != nil || len(answer) == 0) && !bEarly && !r.Early && !late {
		var text string
		switch {
		case perr != nil:
			text = fmt.Sprintf("client B, in the middle of a line when %s, was cut off before it could send the rest %v later, inside the grace of %v: %s", stopped, concRestAfter, contract.Grace, concSaw(perr))
		case errors.Is(aerr, os.ErrDeadlineExceeded):
			text = fmt.Sprintf("client B, in the middle of a line when %s, sent the rest %v later, inside the grace of %v, and got no answer within %v", stopped, concRestAfter, contract.Grace, concStopBound)
		default:
			text = fmt.Sprintf("client B, in the middle of a line when %s, sent the rest %v later, inside the grace of %v, and got no answer: %s", stopped, concRestAfter, contract.Grace, concSaw(aerr))
		}
		probs = append(probs, concProblem{text, whyConcInFlight, hintConcInFlight})
	}
	switch {
	case !ac.closed && !ct.closed:
		probs = append(probs, concProblem{fmt.Sprintf("client A, connected and idle, and client C, which sent a line every %v, were both still connected %v after %s: the server never closed their connections",
			concTalkEvery, concStopBound, stopped), whyConcIdleClose, hintConcIdleClose})
	case !ac.closed:
		probs = append(probs, concProblem{fmt.Sprintf("client A, connected and idle, was still connected %v after %s: the server never closed its connection", concStopBound, stopped),
			whyConcIdleClose, hintConcIdleClose})
	case !ct.closed:
		probs = append(probs, concProblem{fmt.Sprintf("client C, which sent a line every %v after %s, was still connected %v after it, and Serve waited for it: the grace of %v must end %v after the stop, however much a client talks",
			concTalkEvery, stopped, concStopBound, contract.Grace, contract.Grace),
			"a client that keeps talking must not keep a stopping server alive: the grace bounds how long shutting down takes. A grace that starts again with each line never ends for a client that sends one line after another.",
			"Set the deadline once, when the server stops, and do not move it later for each line: conn.SetDeadline(time.Now().Add(grace)) in the AfterFunc. Or hang up as soon as the line in flight is answered."})
	}
	// A Serve that never stopped still accepts, of course: that problem is
	// reported above.
	if r.Returned && !r.Early && dl.connected {
		text := fmt.Sprintf("client D, which connected %v after %s, was accepted and answered: a stopping server must stop accepting", concRestAfter, stopped)
		if !dl.answered {
			text = fmt.Sprintf("client D, which connected %v after %s, was neither refused nor answered: the listener was still open, so the kernel took D's connection into its backlog, where no one would ever accept it", concRestAfter, stopped)
		}
		probs = append(probs, concProblem{text,
			"once stopped, a server must stop accepting and close its listener: a client that connects to a listener nobody serves any more hangs instead of being refused at once, and tries no other server.",
			"Close the listener as the first step of stopping, also when ctx was cancelled: context.AfterFunc(ctx, func() { ln.Close() }). That also wakes a blocked Accept."})
	}
	if r.Returned && !r.Early && !okErr {
		want := "nil or an error wrapping net.ErrClosed"
		if how.Cancel {
			want = "nil, ctx.Err() or an error wrapping net.ErrClosed"
		}
		probs = append(probs, concProblem{fmt.Sprintf("after %s Serve returned the error %q; want %s", stopped, r.Err.Text, want),
			"being stopped is the normal end of a server, and its caller must be able to tell it from a failure.",
			"Return nil when Accept fails because you are stopping (ctx.Err() != nil, or errors.Is(err, net.ErrClosed)); wrap errors with %w, not %v."})
	}
	if len(probs) == 0 && late && (aerr != nil || len(answer) == 0) {
		return t.Skip(fmt.Sprintf("this machine was too busy to judge: the grader's client B sent the rest of its line only ~%v after %s, with a grace of %v",
			restAt.Round(time.Millisecond), stopped, contract.Grace))
	}
	lateWords := ""
	if how.Cancel {
		lateWords = fmt.Sprintf("; client D was to connect %v after the stop", concRestAfter)
	}
	detail := fmt.Sprintf("Client B connected and got the answer to a line, then sent the first %d of the %d bytes of its next line; then clients A and C connected and sent nothing, and all three stayed silent for %v while the server ran. Then %s, with a grace of %v: B was to send the rest of its line %v after that, A to stay silent, and C to send a line every %v%s.",
		k, len(line), concIdleFor, stopped, contract.Grace, concRestAfter, concTalkEvery, lateWords)
	return concProblems("Serve did not shut down gracefully when "+stopped, detail, probs)
}

// concLate is what a client that tried to connect after the stop saw.
type concLate struct {
	connected bool // its connection was not refused
	answered  bool // and its line was answered
}

// lateClient connects a client after the stop and sends line: a stopped
// server refuses it (its listener is closed) or resets it (it was still in
// the backlog when the listener closed).
func (s *concServer) lateClient(line string) concLate {
	ctx, cancel := context.WithTimeout(s.t.Ctx, concDialWithin)
	defer cancel()
	d, err := fixtures.DialFrom(ctx, "127.0.0.1", s.srv.Listening.Addr)
	if err != nil {
		return concLate{}
	}
	defer d.Close()
	if _, err := d.Write([]byte(line)); err != nil {
		return concLate{} // reset as the listener closed
	}
	got, err := concReadAnswer(d, concAnswerWithin)
	switch {
	case len(got) > 0:
		return concLate{connected: true, answered: true}
	case errors.Is(err, os.ErrDeadlineExceeded):
		return concLate{connected: true}
	}
	return concLate{} // reset as the listener closed
}

// concPause waits for d, or until the check is cancelled.
func concPause(t *judge.T, d time.Duration) error {
	select {
	case <-time.After(d):
		return nil
	case <-t.Ctx.Done():
		return t.Ctx.Err()
	}
}

// concJoin is "x", "x and y" or "x, y and z".
func concJoin(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// concTalking is what a client that kept talking after the stop saw.
type concTalking struct {
	answers int  // answers it got
	closed  bool // the server closed (or reset) its connection before the bound
}

// concTalk sends line on c every concTalkEvery after from, reading each
// answer, until the server closes c or bound passes; then it closes c, so
// that a Serve waiting for this client can return.
func concTalk(ctx context.Context, c *net.TCPConn, line string, from, bound time.Time) concTalking {
	defer c.Close()
	var tk concTalking
	for i := 1; ; i++ {
		at := from.Add(time.Duration(i) * concTalkEvery)
		if !at.Before(bound) {
			return tk
		}
		select {
		case <-time.After(time.Until(at)):
		case <-ctx.Done():
			return tk
		}
		if _, err := c.Write([]byte(line)); err != nil {
			tk.closed = true // a write fails only once the server is gone
			return tk
		}
		_, err := concReadAnswer(c, time.Until(bound))
		switch {
		case err == nil:
			tk.answers++
		case errors.Is(err, os.ErrDeadlineExceeded):
			return tk // no answer and no close: still connected at the bound
		default:
			tk.closed = true // closed or reset
			return tk
		}
	}
}

func checkConcLeaks(t *judge.T) error {
	s, err := startConcServer(t)
	if err != nil {
		return err
	}
	// While it runs: clients that come and go must leave nothing behind.
	var counts [3]contract.Counts
	if counts[0], err = harness.Ask(s.c, contract.Count, contract.CountArgs{Goroutines: 1 << 20}, contract.Counted, concReplyWithin); err != nil {
		return err
	}
	for round := 1; round <= 2; round++ {
		for i := 1; i <= concRound; i++ {
			c, err := s.dial()
			if err != nil {
				return s.noAnswer(fmt.Sprintf("client %d could not connect", (round-1)*concRound+i), err)
			}
			if got, err := concExchange(c, concLine(t.Rand)); len(got) == 0 {
				return s.noAnswer(fmt.Sprintf("client %d got no answer within %v", (round-1)*concRound+i, concAnswerWithin), err)
			}
			c.Close()
		}
		args := contract.CountArgs{Goroutines: counts[round-1].Goroutines + 2, Within: concCountWithin}
		if counts[round], err = harness.Ask(s.c, contract.Count, args, contract.Counted, concCountWithin+concReplyWithin); err != nil {
			return err
		}
	}
	var probs []concProblem
	grew1, grew2 := counts[1].Goroutines-counts[0].Goroutines, counts[2].Goroutines-counts[1].Goroutines
	if grew1 >= concRound/2 && grew2 >= concRound/2 {
		// grew1 may count a goroutine Serve starts for itself, late.
		probs = append(probs, concProblem{fmt.Sprintf("goroutines pile up while the server runs: %d clients that connected, got their answer and hung up left %d more goroutines running",
			concRound, grew2),
			whyConcLeak,
			"A goroutine per connection that waits for ctx.Done() (to wake the handler at shutdown) lives on after the connection ends. Tie it to the connection: stop := context.AfterFunc(ctx, ...) with defer stop() in the handler, or have the handler close a channel the goroutine also waits on."})
	}
	if counts[2].Sockets > 0 {
		probs = append(probs, concProblem{fmt.Sprintf("while the server ran, %d connections of clients that had hung up were still open", counts[2].Sockets),
			"each connection is a socket holding a file descriptor until Close: a server that leaks one per client runs out of descriptors (\"too many open files\") and stops accepting.",
			"defer conn.Close() at the top of the handler, so the connection is closed whichever way the handler ends."})
	}
	// At shutdown: one client answered and still connected, two idle.
	x, err := s.dial()
	if err != nil {
		return s.noAnswer("a client could not connect", err)
	}
	if got, err := concExchange(x, concLine(t.Rand)); len(got) == 0 {
		return s.noAnswer(fmt.Sprintf("a client got no answer within %v", concAnswerWithin), err)
	}
	for range 2 {
		if _, err := s.dial(); err != nil {
			return s.noAnswer("a client could not connect", err)
		}
	}
	// Stop once the server holds all three (a server that serves one client
	// at a time never accepts the idle ones: they are reset when the
	// listener closes, and that is no leak).
	if _, err := harness.Ask(s.c, contract.Sockets, contract.SocketsArgs{AtLeast: 3, Within: concCountWithin}, contract.SocketsCounted, concCountWithin+concReplyWithin); err != nil {
		return err
	}
	r, err := s.finish()
	if err != nil {
		return err
	}
	// A Serve that does not return is reported by the shutdown checks;
	// what it holds is counted once it has returned.
	if r.Returned && (r.LeakedGoroutines > 0 || r.LeakedSockets > 0) {
		probs = append(probs, concProblem{fmt.Sprintf("%v after the server was stopped (context cancelled and listener closed), and after Serve had returned, %d goroutines were still running and %d connections still open",
			contract.Grace+contract.Settle, max(r.LeakedGoroutines, 0), max(r.LeakedSockets, 0)),
			whyConcLeak, hintConcLeak})
	}
	if r.LeakedSockets < 0 && len(probs) == 0 {
		return t.Skip("this system cannot count a process's open sockets (no /proc/self/fd)")
	}
	return concProblems("your server leaks", fmt.Sprintf("The grader connected %d clients one after another, each sending a line and hanging up after the answer, counting goroutines and sockets in your server after each %d. Then one client sent a line and stayed connected, two connected and sent nothing, and the grader stopped the server with a grace of %v.",
		2*concRound, concRound, contract.Grace), probs)
}
