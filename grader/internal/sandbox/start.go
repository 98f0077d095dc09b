package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"netcourse/grader/internal/sandbox/wrap"
)

// Spec says what child to start and how.
type Spec struct {
	Path     string     // the child's binary
	Args     []string   // its arguments, after argv[0] (Path)
	Dir      string     // its working directory: empty, made by the caller, removed by the caller
	Shared   []string   // folders it sees at their own path and may write in (a check's socket folder)
	ReadOnly []string   // folders it sees at their own path, read-only (a build's toolchain and module)
	Env      []string   // its whole environment
	Files    []*os.File // its file descriptors 3, 4, ...
	Output   io.Writer  // its stdout and stderr
	Limits   Limits     // zero fields: Default

	probe   bool   // set up everything, execute nothing
	wrapper string // the program to start as, if not wrapper()'s
}

// Proc is a child started by Start.
type Proc struct {
	pid    int
	wait   func() Exit              // waits for its end
	signal func(sig syscall.Signal) // signals it, until waited for
	m      *childMode
	cg     *cgroup
	limits Limits

	mu       sync.Mutex
	exceeded *Exceeded
	seen     []proc // the child's processes at the last look
	reaped   bool
}

// childMode is how children are started on this machine, found once.
type childMode struct {
	wrap       bool // through Command; else directly (the grader is not its own binary)
	namespaces bool // user, PID, mount and IPC namespaces of their own
	drop       bool // switch to Nobody: the grader is root
	nproc      bool // RLIMIT_NPROC counts the child's processes only
	cgroup     *cgroupBase
	notes      []string
}

var (
	kind     = ""                    // how the outer grader started this one: root, userns, none
	modeOnce = sync.OnceValue(probe) // the childMode, found on first use
	pollSome = 20 * time.Millisecond // how often the judge looks at its children
)

func setKind(k string) { kind = k }

func mode() *childMode { return modeOnce() }

// probe finds out what this machine lets the grader do to its children,
// by starting a child that sets everything up and executes nothing.
func probe() *childMode {
	if self == "" {
		return &childMode{notes: []string{"children were started directly, limited only in time, memory, CPU and output, by the judge"}}
	}
	root := os.Geteuid() == 0 && kind != "userns"
	cg, err := findCgroup()
	var notes []string
	if err != nil {
		notes = append(notes, "memory is limited by watching the children's resident memory, not by a cgroup ("+why(err)+"); a child may go over for a few milliseconds")
	}
	// From the most confined down; the first that starts a child is it.
	tries := []childMode{{namespaces: true, drop: root, nproc: true}, {drop: root, nproc: root}}
	if root {
		tries = append(tries, childMode{})
	}
	var failed []error
	for _, t := range tries {
		for _, g := range []*cgroupBase{cg, nil} {
			m := t
			m.wrap, m.cgroup = true, g
			err := probeStart(&m, "")
			if err != nil {
				if g == nil {
					failed = append(failed, err)
				}
				continue
			}
			if g == nil && cg != nil {
				notes = append(notes, "memory is limited by watching the children's resident memory: they could not be started in a cgroup")
			}
			m.notes = append(notes, confinement(&m, root, failed)...)
			return &m
		}
	}
	return &childMode{notes: append(notes, "children were started directly, limited only in time, memory, CPU and output, by the judge: the sandbox could not start one ("+why(errors.Join(failed...))+")")}
}

// confinement says what children lack in mode m, failed being why the
// modes above it did not work.
func confinement(m *childMode, root bool, failed []error) []string {
	var notes []string
	if !m.namespaces {
		notes = append(notes, "children share the grader's view of files and processes: no namespaces could be made for them ("+why(failed[0])+")")
	}
	switch {
	case m.namespaces:
	case m.drop:
		notes = append(notes, fmt.Sprintf("children run as user %d and can read what any user can; their process limit is shared", Nobody))
	case root:
		notes = append(notes, "children run as root (what capabilities they could drop, they dropped): the grader could not switch them to another user ("+why(failed[len(failed)-1])+")")
	default:
		notes = append(notes, "children run as the grader's own user: they can read and write what it can, and have no process limit")
	}
	return notes
}

// probeStart starts, in mode m, a child that sets up everything and
// executes nothing, through wrapper ("": wrapper()'s).
func probeStart(m *childMode, wrapper string) error {
	dir, err := os.MkdirTemp("", "netcourse-probe-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	_, err = start(m, Spec{Path: self, Dir: dir, Env: []string{"PATH=/usr/bin:/bin"}, Output: io.Discard, probe: true, wrapper: wrapper})
	return err
}

// Start starts a child in the sandbox. When it returns, the child runs
// with every limit in place: nothing of the submission ran before.
func Start(s Spec) (*Proc, error) { return start(mode(), s) }

func start(m *childMode, s Spec) (*Proc, error) {
	lim := s.Limits.Or(Default)
	p := &Proc{m: m, limits: lim}
	attr := &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	var cmd *exec.Cmd
	var errR *os.File
	var after []*os.File // to close once started
	if !m.wrap {
		cmd = exec.Command(s.Path, s.Args...)
		cmd.Dir = s.Dir
		cmd.ExtraFiles = s.Files
	} else {
		bin, err := os.Open(s.Path)
		if err != nil {
			return nil, err
		}
		r, w, err := os.Pipe()
		if err != nil {
			bin.Close()
			return nil, err
		}
		errR, after = r, []*os.File{bin, w}
		procs := 0
		switch {
		case m.nproc && m.namespaces:
			procs = lim.Procs
		case m.nproc:
			procs = lim.Procs * 8 // one user for all children: shared
		}
		if m.drop {
			for _, d := range s.Shared {
				if err := share(d); err != nil {
					bin.Close()
					r.Close()
					w.Close()
					return nil, err
				}
			}
		}
		spec, err := json.Marshal(wrap.Spec{
			Path: s.Path, Args: s.Args, BinFD: 3 + len(s.Files), ErrFD: 4 + len(s.Files), Dir: s.Dir, Shared: s.Shared, ReadOnly: s.ReadOnly,
			// RLIMIT_CPU counts one process, in whole seconds: a backstop a
			// second behind the judge, which counts them all.
			CPU: int((lim.CPU+time.Second-1)/time.Second) + 1, Files: lim.Files, FileSize: lim.FileSize, Procs: procs,
			Namespaces: m.namespaces, Drop: m.drop, Probe: s.probe,
		})
		if err != nil {
			return nil, err
		}
		prog := s.wrapper
		if prog == "" {
			prog = wrapper()
		}
		cmd = exec.Command(prog, Command, string(spec))
		cmd.Dir = "/"
		cmd.ExtraFiles = append(append([]*os.File(nil), s.Files...), bin, w)
		if m.namespaces {
			attr.Cloneflags = syscall.CLONE_NEWUSER | syscall.CLONE_NEWPID | syscall.CLONE_NEWNS | syscall.CLONE_NEWIPC
			attr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}}
			attr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}}
			if m.drop {
				// Root maps Nobody too, and may let the child drop its
				// supplementary groups.
				attr.UidMappings = append(attr.UidMappings, syscall.SysProcIDMap{ContainerID: Nobody, HostID: Nobody, Size: 1})
				attr.GidMappings = append(attr.GidMappings, syscall.SysProcIDMap{ContainerID: Nobody, HostID: Nobody, Size: 1})
				attr.GidMappingsEnableSetgroups = true
			}
		}
	}
	defer func() {
		for _, f := range after {
			f.Close()
		}
	}()
	if m.cgroup != nil {
		if cg, err := m.cgroup.create(lim); err == nil {
			p.cg = cg
		}
	}
	cmd.Env = s.Env
	out := &outputLimit{w: s.Output, max: lim.Output, p: p}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = attr
	// Output pipes held open by a forked grandchild must not block Wait.
	cmd.WaitDelay = time.Second
	if err := p.launch(cmd); err != nil {
		if errR != nil {
			errR.Close()
		}
		if p.cg != nil {
			p.cg.remove()
		}
		return nil, err
	}
	if errR != nil {
		for _, f := range after {
			f.Close()
		}
		after = nil
		// The wrapper's end is close-on-exec: EOF once the child runs,
		// or the reason it could not start it.
		msg, _ := io.ReadAll(errR)
		errR.Close()
		if len(msg) > 0 || s.probe {
			e := p.wait()
			p.cleanup(e)
			if len(msg) > 0 {
				return nil, errors.New(strings.TrimSpace(string(msg)))
			}
			if !e.Success() {
				return nil, fmt.Errorf("sandbox: the probe ended with %v", e)
			}
			return nil, nil
		}
	}
	watch(p)
	return p, nil
}

// share lets Nobody create files in dir and connect to the sockets the
// judge made there (connecting needs write permission); the judge, root,
// still does as it likes.
func share(dir string) error {
	if err := os.Chown(dir, Nobody, Nobody); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Type()&os.ModeSocket != 0 {
			if err := os.Chmod(filepath.Join(dir, e.Name()), 0o777); err != nil {
				return err
			}
		}
	}
	return nil
}

// launch starts cmd, in namespaces through the spawner, which forks
// cheaply where the grader cannot.
func (p *Proc) launch(cmd *exec.Cmd) error {
	if p.m.namespaces {
		pid, wait, signal, err := spawn(cmd, p.cg)
		if err == nil {
			p.pid, p.wait, p.signal = pid, wait, signal
			return nil
		}
		if !errors.Is(err, errNoSpawner) {
			return err
		}
	}
	if err := p.cg.start(cmd); err != nil {
		return err
	}
	p.pid = cmd.Process.Pid
	p.wait = func() Exit {
		cmd.Wait()
		return exitOf(cmd.ProcessState)
	}
	p.signal = func(sig syscall.Signal) { cmd.Process.Signal(sig) }
	return nil
}

// Pid is the child's process ID.
func (p *Proc) Pid() int { return p.pid }

// Wait waits for the child to end and cleans up after it: what it left
// running is killed. Call it once.
func (p *Proc) Wait() Exit {
	e := p.wait()
	p.mu.Lock()
	p.reaped = true
	p.mu.Unlock()
	unwatch(p)
	p.cleanup(e)
	return e
}

// cleanup kills what the child may have left behind and notes a kill by
// the kernel for memory or CPU time.
func (p *Proc) cleanup(e Exit) {
	if ws := e.Status; ws.Signaled() && (ws.Signal() == syscall.SIGKILL || ws.Signal() == syscall.SIGXCPU) && e.CPU >= p.limits.CPU {
		p.note(CPU)
	}
	if p.cg != nil {
		if p.cg.oomKilled() {
			p.note(Memory)
		}
		p.cg.remove()
		return
	}
	if p.m.namespaces {
		return // the child was its PID namespace's init: the kernel killed the rest
	}
	// Without either, what the last look found is killed if still there:
	// a daemon whose parent died went up to init, out of our sight.
	p.mu.Lock()
	seen := p.seen
	p.mu.Unlock()
	for _, q := range seen {
		if q.pid != p.pid && same(q.pid, q.start) {
			syscall.Kill(q.pid, syscall.SIGKILL)
		}
	}
}

// Kill kills the child and everything it started.
func (p *Proc) Kill() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.reaped || p.signal == nil {
		return
	}
	pid := p.pid
	switch {
	case p.cg != nil:
		p.cg.kill()
	case p.m.namespaces:
		// It is its PID namespace's init: the kernel kills the rest.
	default:
		p.signal(syscall.SIGSTOP)
		killTree(pid)
	}
	p.signal(syscall.SIGKILL)
	if !p.m.namespaces {
		syscall.Kill(-pid, syscall.SIGKILL)
	}
}

// Exceeded says which limit the child hit, if it was killed for one.
func (p *Proc) Exceeded() *Exceeded {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.exceeded
}

// StopAtMemoryLimit stops the child, for its memory limit, if its
// cgroup has reached that limit, and reports whether it did. A child
// that reached it and has not answered may be thrashing there rather
// than killed: the kernel reclaims its own code's pages (charged to its
// group) for as long as that frees some, seconds on a busy machine.
func (p *Proc) StopAtMemoryLimit() bool {
	if p.cg == nil || !p.cg.limitReached() {
		return false
	}
	p.exceed(Memory)
	return true
}

// exceed records that the child hit limit, and kills it.
func (p *Proc) exceed(limit string) {
	if p.note(limit) {
		p.Kill()
	}
}

// note records that the child hit limit, unless it hit one before, and
// reports whether this was the first.
func (p *Proc) note(limit string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.exceeded != nil {
		return false
	}
	max := map[string]string{CPU: p.limits.CPU.String(), Memory: size(p.limits.Memory), Output: size(p.limits.Output)}[limit]
	p.exceeded = &Exceeded{Limit: limit, Max: max}
	return true
}

// observe looks at the child's processes in a scan of /proc.
func (p *Proc) observe(f forest) {
	t := f.tree(p.pid)
	if len(t) == 0 {
		return
	}
	p.mu.Lock()
	p.seen = t
	p.mu.Unlock()
	if usage(t) > p.limits.CPU {
		p.exceed(CPU)
	}
	if p.cg == nil && memory(t) > p.limits.Memory {
		p.exceed(Memory)
	}
}

// outputLimit passes a child's output on up to its limit, and has it
// killed past it.
type outputLimit struct {
	w   io.Writer
	max int64
	n   atomic.Int64
	p   *Proc
}

func (o *outputLimit) Write(b []byte) (int, error) {
	n := o.n.Add(int64(len(b)))
	if over := n - o.max; over > 0 {
		o.p.exceed(Output)
		if keep := int64(len(b)) - over; keep > 0 {
			o.w.Write(b[:keep])
		}
		return len(b), nil
	}
	return o.w.Write(b)
}

// The monitor looks at every running child every pollSome: one scan of
// /proc serves them all.
var mon struct {
	sync.Mutex
	procs   map[*Proc]bool
	running bool
}

func watch(p *Proc) {
	mon.Lock()
	defer mon.Unlock()
	if mon.procs == nil {
		mon.procs = map[*Proc]bool{}
	}
	mon.procs[p] = true
	if !mon.running {
		mon.running = true
		go monitor()
	}
}

func unwatch(p *Proc) {
	mon.Lock()
	defer mon.Unlock()
	delete(mon.procs, p)
}

func monitor() {
	t := time.NewTicker(pollSome)
	defer t.Stop()
	var sc scanner
	for range t.C {
		mon.Lock()
		if len(mon.procs) == 0 {
			mon.running = false
			mon.Unlock()
			return
		}
		ps := make([]*Proc, 0, len(mon.procs))
		roots := make([]int, 0, len(mon.procs))
		for p := range mon.procs {
			ps = append(ps, p)
			roots = append(roots, p.Pid())
		}
		mon.Unlock()
		all, err := sc.scan(roots)
		if err != nil {
			continue
		}
		f := newForest(all)
		for _, p := range ps {
			p.observe(f)
		}
	}
}
