package judge

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"netcourse/grader/wire"
)

// Child is one running child process: the submission plus its driver. The
// judge talks to it over two pipes and kills its whole process group when
// the check ends, so nothing the submission started outlives the check.
type Child struct {
	ctx    context.Context
	cmd    *exec.Cmd
	toW    *os.File
	enc    *json.Encoder
	msgs   chan wire.Message
	exited chan struct{}
	out    *capture
	src    string // where the submission's files are, for crash locations

	stopOnce sync.Once
	killed   atomic.Bool // the judge killed it: its exit status says nothing
}

func startChild(ctx context.Context, bin string, out *capture, src, op string, args any) (*Child, error) {
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	repR, repW, err := os.Pipe()
	if err != nil {
		cmdR.Close()
		cmdW.Close()
		return nil, err
	}
	dir, err := os.MkdirTemp("", "netcourse-run-")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin)
	cmd.ExtraFiles = []*os.File{cmdR, repW} // fd 3 and fd 4: wire.CommandFD, wire.ReplyFD
	cmd.Stdout, cmd.Stderr = out, out
	cmd.Dir = dir
	cmd.Env = []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + dir, "TMPDIR=" + dir, "LANG=C.UTF-8"}
	// Its own process group, so a kill reaches whatever it forked; and it
	// dies with the grader.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	// Output pipes held open by a forked grandchild must not block Wait.
	cmd.WaitDelay = time.Second
	err = cmd.Start()
	cmdR.Close()
	repW.Close()
	if err != nil {
		cmdW.Close()
		repR.Close()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("starting child: %w", err)
	}
	c := &Child{
		ctx: ctx, cmd: cmd, toW: cmdW, enc: json.NewEncoder(cmdW),
		msgs: make(chan wire.Message, 16), exited: make(chan struct{}), out: out, src: src,
	}
	go func() {
		defer close(c.msgs)
		sc := bufio.NewScanner(repR)
		sc.Buffer(make([]byte, 64<<10), 64<<20)
		for sc.Scan() {
			var m wire.Message
			if json.Unmarshal(sc.Bytes(), &m) != nil {
				continue // not ours: the submission wrote on fd 4
			}
			c.msgs <- m
		}
		repR.Close()
	}()
	go func() {
		cmd.Wait()
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
	if err := c.Send(op, args); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

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
func (c *Child) Next(within time.Duration) (wire.Message, error) {
	timer := time.NewTimer(within)
	defer timer.Stop()
	select {
	case m, ok := <-c.msgs:
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
			return m, fmt.Errorf("driver: %s", s)
		}
		return m, nil
	case <-timer.C:
		return wire.Message{}, &TimeoutError{What: fmt.Sprintf("no answer within %v", within)}
	case <-c.ctx.Done():
		return wire.Message{}, &TimeoutError{What: "no answer before the check's time limit"}
	}
}

// Expect waits like Next for a message of the given kind and decodes it
// into v.
func (c *Child) Expect(kind string, within time.Duration, v any) error {
	m, err := c.Next(within)
	if err != nil {
		return err
	}
	if m.Kind != kind {
		return fmt.Errorf("driver: got message %q, want %q", m.Kind, kind)
	}
	if v == nil {
		return nil
	}
	return json.Unmarshal(m.Data, v)
}

// Result waits for the operation's result.
func (c *Child) Result(within time.Duration, v any) error {
	return c.Expect(wire.KindResult, within, v)
}

// Exited reports whether the child process has ended.
func (c *Child) Exited() bool {
	select {
	case <-c.exited:
		return true
	default:
		return false
	}
}

// Output returns what the child printed so far, trimmed for display.
func (c *Child) Output() string { return c.out.Trimmed() }

// postMortem, after Stop, reports a child that died by itself with an
// error status while the check went on: a panic in a goroutine the
// submission left running after it returned. Such a submission must not
// pass because the judge happened to read its answer first.
func (c *Child) postMortem() error {
	<-c.exited
	if c.killed.Load() || c.cmd.ProcessState == nil || c.cmd.ProcessState.Success() {
		return nil
	}
	err := c.crashed()
	if ce, ok := err.(*CrashError); ok {
		ce.Reason = "crashed after it returned: " + ce.Reason
	}
	return err
}

// Stop tells the child to exit, then kills its process group, and waits
// for it.
func (c *Child) Stop() {
	c.stopOnce.Do(func() {
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
	c.killed.Store(true)
	if p := c.cmd.Process; p != nil {
		syscall.Kill(-p.Pid, syscall.SIGKILL)
	}
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
		return &TimeoutError{What: "no answer before the check's time limit"}
	}
	out := c.out.String()
	e := &CrashError{Location: c.locate(out)}
	st, _ := c.cmd.ProcessState.Sys().(syscall.WaitStatus)
	switch {
	case panicLine(out) != "":
		e.Reason = "panicked: " + panicLine(out)
	case strings.Contains(out, "fatal error: "):
		e.Reason = "crashed the Go runtime: " + afterPrefix(out, "fatal error: ")
	case st.Signaled():
		e.Reason = fmt.Sprintf("was killed by signal %v", st.Signal())
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
