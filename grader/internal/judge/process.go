package judge

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"netcourse/grader/internal/sandbox"
	"netcourse/grader/wire"
)

// Child is one running child process: the submission plus its driver,
// started in the sandbox. The judge talks to it over two pipes and kills
// it, with everything it started, when the check ends.
//
// Nothing the child says is trusted as a verdict: the submission's code
// runs in the same process as the driver (its init functions first) and
// may write anything on the reply pipe. A reply is the submission's claim
// of what its function returned; checks judge it against what their fake
// peers saw on the wire.
type Child struct {
	ctx    context.Context
	proc   *sandbox.Proc
	toW    *os.File
	enc    *json.Encoder
	msgs   chan wire.Message
	exited chan struct{}
	out    *capture
	src    string // where the submission's files are, for crash locations
	sent   time.Time

	state    sandbox.Exit
	stopping atomic.Bool // the judge is stopping it: its end is expected
	early    bool        // it ended before the judge asked it to

	last     atomic.Int64 // when its latest message arrived, on the judge's clock (UnixNano; 0: none yet)
	answered atomic.Bool  // it sent a result
	broke    atomic.Pointer[ProtocolError]

	// returned is closed once the operation is known to have returned
	// (see Returned); early is what it returned, when it said so before
	// the judge stopped it.
	returned      chan struct{}
	returnedOnce  sync.Once
	returnedEarly atomic.Pointer[wire.Returned]

	stopOnce sync.Once
}

func startChild(ctx context.Context, bin string, out *capture, src string, lim sandbox.Limits, shared []string, op string, args any, files ...*os.File) (*Child, error) {
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		return nil, &graderFault{err}
	}
	repR, repW, err := os.Pipe()
	if err != nil {
		cmdR.Close()
		cmdW.Close()
		return nil, &graderFault{err}
	}
	dir, err := os.MkdirTemp("", "netcourse-run-")
	if err != nil {
		cmdR.Close()
		cmdW.Close()
		repR.Close()
		repW.Close()
		return nil, &graderFault{err}
	}
	proc, err := sandbox.Start(sandbox.Spec{
		Path: bin, Dir: dir, Shared: shared, Output: out, Limits: lim,
		Files: append([]*os.File{cmdR, repW}, files...), // fd 3 and fd 4: wire.CommandFD, wire.ReplyFD; then the check's (T.Pass)
		Env:   []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + dir, "TMPDIR=" + dir, "LANG=C.UTF-8"},
	})
	cmdR.Close()
	repW.Close()
	if err != nil {
		cmdW.Close()
		repR.Close()
		os.RemoveAll(dir)
		return nil, &graderFault{fmt.Errorf("starting child: %w", err)}
	}
	c := &Child{
		ctx: ctx, proc: proc, toW: cmdW, enc: json.NewEncoder(cmdW),
		msgs: make(chan wire.Message, 16), exited: make(chan struct{}), out: out, src: src,
		returned: make(chan struct{}),
	}
	go func() {
		c.readReplies(repR)
		repR.Close()
	}()
	go func() {
		c.state = proc.Wait()
		c.early = !c.stopping.Load()
		os.RemoveAll(dir)
		close(c.exited)
	}()
	go func() {
		select {
		case <-ctx.Done():
			c.kill()
		case <-c.exited:
		}
	}()
	c.sent = time.Now()
	if err := c.Send(op, args); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

// readReplies hands what the child says on r to Next, until r ends.
func (c *Child) readReplies(r io.Reader) {
	defer close(c.msgs)
	defer c.markReturned() // a child that stopped talking returns nothing more
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	for sc.Scan() {
		var m wire.Message
		if json.Unmarshal(sc.Bytes(), &m) != nil {
			continue // not ours: the submission wrote on fd 4
		}
		c.last.Store(time.Now().UnixNano())
		switch m.Kind {
		case wire.KindReturned:
			// News for Returned, not a message a check waits for: the
			// operation's result still comes when asked.
			var rt wire.Returned
			if json.Unmarshal(m.Data, &rt) == nil {
				c.returnedEarly.CompareAndSwap(nil, &rt)
			}
			c.markReturned()
			continue
		case wire.KindResult:
			c.answered.Store(true)
			c.markReturned()
		case wire.KindPanic:
			c.markReturned()
		}
		c.msgs <- m
	}
}

// graderFault marks an error as the grader's own (it could not start a
// child, or build the reference): whatever the check then saw, that run
// is not the submission's doing.
type graderFault struct{ err error }

func (e *graderFault) Error() string { return e.err.Error() }
func (e *graderFault) Unwrap() error { return e.err }

// Send sends a command to the child.
func (c *Child) Send(kind string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := c.enc.Encode(wire.Message{Kind: kind, Data: data}); err != nil {
		return c.crashed()
	}
	return nil
}

// Next waits up to within for the child's next message. A panic, a crash
// or silence past within become *CrashError and *TimeoutError.
//
// A child that wanted the CPU for most of the wait (computing, or waiting
// to compute on a loaded machine) and has not yet used within of CPU time
// is waited for longer, a slice at a time: it is judged by what it does
// with the CPU (its answer, or a memory, output or CPU limit), not by how
// busy the machine is. One blocked on something gets no more.
func (c *Child) Next(within time.Duration) (wire.Message, error) {
	timer := time.NewTimer(within)
	defer timer.Stop()
	cpu0, demand0, _ := c.usage()
	window := within
	for {
		select {
		case m, ok := <-c.msgs:
			return c.message(m, ok)
		case <-timer.C:
			if c.proc != nil && c.proc.StopAtMemoryLimit() {
				// It reached its memory limit and has not answered:
				// the limit is the verdict, not the time it spends
				// there (see StopAtMemoryLimit).
				return wire.Message{}, c.limit()
			}
			cpu, demand, ok := c.usage()
			if ok && demand-demand0 >= window/2 && cpu-cpu0 < within {
				window = min(within, busySlice)
				demand0 = demand
				timer.Reset(window)
				continue
			}
			// An end the kernel has seen or is making, but the judge not
			// yet (a child killed at its memory limit as the wait ran
			// out, whose threads, gone, no longer count as demand), is
			// the answer: wait for it.
			if c.proc != nil && c.ended() {
				select {
				case m, ok := <-c.msgs:
					return c.message(m, ok)
				case <-time.After(settleEnd):
				case <-c.ctx.Done():
				}
			}
			return wire.Message{}, &TimeoutError{What: fmt.Sprintf("no answer within %v", within)}
		case <-c.ctx.Done():
			return wire.Message{}, &TimeoutError{What: "no answer before the check's time limit"}
		}
	}
}

// usage is the child's CPU time and demand (see sandbox.Proc.Demand); ok
// is false where demand is not known.
func (c *Child) usage() (cpu, demand time.Duration, ok bool) {
	if c.proc == nil {
		return 0, 0, false
	}
	demand, ok = c.proc.Demand()
	return c.proc.CPU(), demand, ok
}

// busySlice is how often a busy child's wait is extended and looked at.
const busySlice = 100 * time.Millisecond

// settleMore bounds how much longer than its window a child that keeps
// computing is watched after its answer (see settle).
const settleMore = time.Second

// settleEnd is how long settle waits for the judge to see an end the
// kernel has already seen.
const settleEnd = 2 * time.Second

// message turns what came from the child into its message or its crash.
func (c *Child) message(m wire.Message, ok bool) (wire.Message, error) {
	if !ok {
		return m, c.crashed()
	}
	switch m.Kind {
	case wire.KindPanic:
		var p wire.Panic
		json.Unmarshal(m.Data, &p)
		return m, &CrashError{Reason: "panicked: " + p.Value, Location: c.locate(p.Stack)}
	case wire.KindFailed:
		var s string
		json.Unmarshal(m.Data, &s)
		return m, c.protocol("the grader's driver, which runs in your program's process, reported: " + s)
	}
	return m, nil
}

// Expect waits like Next for a message of the given kind and decodes it
// into v.
func (c *Child) Expect(kind string, within time.Duration, v any) error {
	m, err := c.Next(within)
	if err != nil {
		return err
	}
	if m.Kind != kind {
		return c.protocol(fmt.Sprintf("it sent a %q message where the grader waited for %q", m.Kind, kind))
	}
	if v == nil {
		return nil
	}
	if err := json.Unmarshal(m.Data, v); err != nil {
		return c.protocol(fmt.Sprintf("it sent a %q message the grader cannot read (%v)", kind, err))
	}
	return nil
}

// protocol records that the child broke the protocol, and returns the
// verdict. The first breach is kept: a check may turn the error into one
// of its own, and the judge still knows whose it was.
func (c *Child) protocol(what string) *ProtocolError {
	e := &ProtocolError{What: what}
	c.broke.CompareAndSwap(nil, e)
	return c.broke.Load()
}

// settle keeps the child running, and watched, until d has passed since
// its last message (its answer) on the judge's clock: a goroutine the
// submission left to panic or exit just after answering then ends the
// child before the judge asks it to, as it would end a real program.
func (c *Child) settle(d time.Duration) {
	from := c.sent
	if n := c.last.Load(); n != 0 {
		from = time.Unix(0, n)
	}
	if wait := time.Until(from.Add(d)); wait > 0 {
		timer := time.NewTimer(wait)
		defer timer.Stop()
		select {
		case <-c.exited:
			return
		case <-timer.C:
		case <-c.ctx.Done():
			return
		}
	}
	// A child with work it has not done yet when the window closes (a
	// goroutine woken to panic, still waiting for a CPU on a busy
	// machine) is watched a slice longer, and again while it has, up to
	// settleMore.
	for extra := time.Duration(0); c.proc != nil && extra < settleMore; extra += busySlice {
		if busy, _ := c.proc.Runnable(); !busy {
			break
		}
		select {
		case <-c.exited:
			return
		case <-time.After(busySlice):
		case <-c.ctx.Done():
			return
		}
	}
	// An end the kernel has seen, but the judge's Wait not yet (a busy
	// machine), is an end all the same: wait for it.
	if c.ended() {
		select {
		case <-c.exited:
		case <-time.After(settleEnd):
		}
	}
}

// ended reports whether the child's process is gone, a zombie, or on its
// way out (killed at its memory limit, tearing down its memory), as the
// kernel sees it now.
func (c *Child) ended() bool {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", c.proc.Pid()))
	if err != nil {
		return true // reaped: Wait has it
	}
	_, rest, ok := strings.Cut(string(data), ") ")
	if !ok {
		return false
	}
	// "state ppid pgrp session tty_nr tpgid flags ...", proc(5).
	f := strings.Fields(rest)
	if len(f) > 6 {
		if flags, err := strconv.ParseUint(f[6], 10, 64); err == nil && flags&pfExiting != 0 {
			return true
		}
	}
	return strings.HasPrefix(rest, "Z") || strings.HasPrefix(rest, "X")
}

// pfExiting is PF_EXITING of the kernel's task flags: the process has
// begun to exit.
const pfExiting = 0x4

// Result waits for the operation's result. A duration the child measured
// itself (a field Elapsed, as in wire.Return) is capped at what the judge
// saw from sending the operation: a child can claim to have been faster
// than it was, never slower.
func (c *Child) Result(within time.Duration, v any) error {
	if err := c.Expect(wire.KindResult, within, v); err != nil {
		return err
	}
	capElapsed(v, time.Since(c.sent))
	return nil
}

// Observed is how long the operation took as the judge sees it: from
// sending it to now, an upper bound of the time the child's call took.
func (c *Child) Observed() time.Duration { return time.Since(c.sent) }

func capElapsed(v any, seen time.Duration) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return
	}
	f := rv.Elem().FieldByName("Elapsed")
	if f.IsValid() && f.CanSet() && f.Type() == reflect.TypeFor[time.Duration]() && time.Duration(f.Int()) > seen {
		f.SetInt(int64(seen))
	}
}

// Returned is closed once the child's operation is known to have
// returned: its result or a panic came, it said its function returned
// before the judge stopped it (wire.KindReturned: a Serve that returned
// on its own), or it stopped talking. A check waiting for what the
// function does (answers at a fake peer) can stop waiting then. Like
// everything the child says, it is news, never a verdict.
func (c *Child) Returned() <-chan struct{} { return c.returned }

// ReturnedEarly is what the child said its function returned before the
// judge stopped it (see Returned); nil when it said nothing of the kind.
func (c *Child) ReturnedEarly() *wire.Returned { return c.returnedEarly.Load() }

func (c *Child) markReturned() { c.returnedOnce.Do(func() { close(c.returned) }) }

// Exited reports whether the child process has ended.
func (c *Child) Exited() bool {
	select {
	case <-c.exited:
		return true
	default:
		return false
	}
}

// Sockets counts the sockets the child's processes hold open now, as
// the judge sees them in /proc (see sandbox.Proc.Sockets).
// A child that has ended has no sockets to count: why it ended is the
// error then (it exited or crashed on its own), never the grader's.
func (c *Child) Sockets() (int, error) {
	n, err := c.proc.Sockets()
	if err == nil {
		return n, nil
	}
	select {
	case <-c.exited:
	case <-time.After(time.Second):
		return 0, err
	}
	if e := c.abnormal(); e != nil {
		return 0, e
	}
	return 0, c.explain()
}

// CPU is the CPU time the child has used so far, as the judge sees it in
// /proc (see sandbox.Proc.CPU).
func (c *Child) CPU() time.Duration { return c.proc.CPU() }

// PeakMemory is the most memory the child has had resident, in bytes, as
// the judge reads it in /proc (see sandbox.Proc.PeakMemory); read it
// before Stop.
func (c *Child) PeakMemory() int64 { return c.proc.PeakMemory() }

// Output returns what the child printed so far, trimmed for display.
func (c *Child) Output() string { return c.out.Trimmed() }

// Stop tells the child to exit, then kills it with all it started, and
// waits for it.
func (c *Child) Stop() {
	c.stopOnce.Do(func() {
		c.stopping.Store(true)
		c.enc.Encode(wire.Message{Kind: wire.KindExit})
		c.toW.Close()
		select {
		case <-c.exited:
		case <-time.After(100 * time.Millisecond):
		}
		c.kill()
		<-c.exited
	})
}

func (c *Child) kill() {
	c.stopping.Store(true)
	c.proc.Kill()
}

// crashed explains why the child stopped talking.
func (c *Child) crashed() error {
	select {
	case <-c.exited:
	case <-time.After(2 * time.Second):
		c.kill()
		<-c.exited
	case <-c.ctx.Done():
		c.kill()
		<-c.exited
		if e := c.limit(); e != nil {
			return e
		}
		return &TimeoutError{What: "no answer before the check's time limit"}
	}
	return c.explain()
}

// limit is the limit the child was killed for, if any.
func (c *Child) limit() error {
	if e := c.proc.Exceeded(); e != nil {
		return &LimitError{Exceeded: e}
	}
	return nil
}

// abnormal says how the child's end, once it ended, was not the one the
// judge asked for: a limit hit, or an exit or crash of its own (a panic in
// a goroutine after the function returned, os.Exit). Nil when it exited
// as told, or was killed by the judge for time.
func (c *Child) abnormal() error {
	select {
	case <-c.exited:
	default:
		return nil
	}
	if e := c.limit(); e != nil {
		return e
	}
	st := c.state.Status
	if !c.early && (st.Exited() && st.ExitStatus() == 0 || st.Signaled() && st.Signal() == syscall.SIGKILL) {
		return nil
	}
	return c.explain()
}

// explain says why the child, which has ended, ended.
func (c *Child) explain() error {
	if e := c.limit(); e != nil {
		return e
	}
	out := c.out.String()
	e := &CrashError{Location: c.locate(out)}
	st := c.state.Status
	switch {
	case panicLine(out) != "":
		e.Reason = "panicked: " + panicLine(out)
	case strings.Contains(out, "fatal error: "):
		e.Reason = "crashed the Go runtime: " + afterPrefix(out, "fatal error: ")
	case st.Signaled():
		e.Reason = fmt.Sprintf("was killed by signal %v", st.Signal())
	case c.answered.Load():
		e.Reason = fmt.Sprintf("ended the process (exit status %d) after its answer, before the grader was done with it: os.Exit or log.Fatal stop the whole program, return an error instead", st.ExitStatus())
	default:
		e.Reason = fmt.Sprintf("ended the process (exit status %d) before returning: os.Exit or log.Fatal stop the whole program, return an error instead", st.ExitStatus())
	}
	return e
}

// panicLine finds the value of an unrecovered panic in the child's output.
func panicLine(out string) string {
	for _, l := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(l, "panic: "); ok {
			return strings.TrimSuffix(v, " [recovered]")
		}
	}
	return ""
}

func afterPrefix(out, prefix string) string {
	i := strings.Index(out, prefix)
	line, _, _ := strings.Cut(out[i+len(prefix):], "\n")
	return line
}

// locate finds the first stack frame in the submission's files and names
// it as the student sees it, "exercises/1.1-tcpclient/client.go:23".
func (c *Child) locate(stack string) string {
	const prefix = "netcourse/exercises/"
	for _, l := range strings.Split(stack, "\n") {
		l = strings.TrimSpace(l)
		i := strings.Index(l, prefix)
		if i != 0 || !strings.Contains(l, ".go:") {
			continue // not a file line of the submission's package
		}
		file, _, _ := strings.Cut(l[len(prefix):], " ")
		return filepath.Join(c.src, file)
	}
	return ""
}
