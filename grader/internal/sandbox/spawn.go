package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// The spawner is a small process of the grader's own (Command with the one
// argument spawnArg) that starts the children in namespaces for it.
// Forking with CLONE_NEWUSER cannot be a vfork in Go, so it copies the
// forking process's page tables, and every later write of that process to
// a page faults once, the page having turned copy-on-write: a grader of
// 100-200 MB paid that for each of its hundreds of children (an eighth of
// a grading's CPU time). The spawner is a few MB. It forks and executes
// what the judge asks, exactly as the judge would (the same exec.Cmd), hands
// back a pidfd, and reports each child's end; it dies with the grader
// (Pdeathsig), and its children with it.
const spawnArg = "spawner"

// errNoSpawner: there is no spawner to start children; the grader starts
// them itself.
var errNoSpawner = errors.New("no spawner")

// spawnReq asks the spawner for a child. The file descriptors come with the
// message: the output first, then Files, then the cgroup's when Cgroup.
type spawnReq struct {
	ID    uint64
	Path  string
	Args  []string
	Env   []string
	Dir   string
	Files int
	Attr  syscall.SysProcAttr // the fields that hold no file descriptor
	// Cgroup: the child starts in the cgroup of the last descriptor
	// (CLONE_INTO_CGROUP, v2); or, with CgroupDir, in that v1 group,
	// whose parent is CgroupParent (cgroup.start).
	Cgroup                  bool
	CgroupDir, CgroupParent string
}

// spawnMsg is the spawner's news of a child: started (Pid, or Err; its
// pidfd comes with the message), then ended (End).
type spawnMsg struct {
	ID  uint64
	Pid int
	Err string
	End *Exit
}

// Exit is how a child ended.
type Exit struct {
	Status syscall.WaitStatus
	CPU    time.Duration // user and system time of the child itself
}

// Success reports whether the child exited with status 0.
func (e Exit) Success() bool { return e.Status.Exited() && e.Status.ExitStatus() == 0 }

// String says it as os.ProcessState does: "exit status 1", "signal: killed".
func (e Exit) String() string {
	switch ws := e.Status; {
	case ws.Exited():
		return fmt.Sprintf("exit status %d", ws.ExitStatus())
	case ws.Signaled():
		return "signal: " + ws.Signal().String()
	}
	return fmt.Sprintf("status %#x", uint32(e.Status))
}

func exitOf(st *os.ProcessState) Exit {
	if st == nil {
		return Exit{Status: syscall.WaitStatus(syscall.SIGKILL)}
	}
	ws, _ := st.Sys().(syscall.WaitStatus)
	return Exit{Status: ws, CPU: st.UserTime() + st.SystemTime()}
}

// serveSpawner is the spawner: it reads requests on descriptor 3 until the
// grader closes it.
func serveSpawner() error {
	// The children's Pdeathsig is this thread's: it lasts as the process.
	runtime.LockOSThread()
	conn, err := net.FileConn(os.NewFile(3, "spawner"))
	if err != nil {
		return err
	}
	uc, ok := conn.(*net.UnixConn)
	if !ok {
		return errors.New("spawner: descriptor 3 is not a Unix socket")
	}
	var wmu sync.Mutex
	send := func(m spawnMsg, fds ...int) {
		data, _ := json.Marshal(m)
		var oob []byte
		if len(fds) > 0 {
			oob = unix.UnixRights(fds...)
		}
		wmu.Lock()
		uc.WriteMsgUnix(data, oob, nil)
		wmu.Unlock()
	}
	buf := make([]byte, 1<<20)
	oob := make([]byte, unix.CmsgSpace(4*64))
	for {
		n, oobn, _, _, err := uc.ReadMsgUnix(buf, oob)
		if err != nil || n == 0 {
			return nil // the grader has gone
		}
		fds := rights(oob[:oobn])
		files := make([]*os.File, len(fds))
		for i, fd := range fds {
			files[i] = os.NewFile(uintptr(fd), "from the grader")
		}
		var r spawnReq
		if err := json.Unmarshal(buf[:n], &r); err != nil || len(files) != 1+r.Files+btoi(r.Cgroup) {
			closeAll(files)
			send(spawnMsg{ID: r.ID, Err: fmt.Sprintf("spawner: bad request (%v, %d descriptors)", err, len(files))})
			continue
		}
		attr := r.Attr
		cmd := &exec.Cmd{Path: r.Path, Args: r.Args, Env: r.Env, Dir: r.Dir, SysProcAttr: &attr,
			Stdout: files[0], Stderr: files[0], ExtraFiles: files[1 : 1+r.Files]}
		var cg *cgroup // started as the grader would have
		switch {
		case r.Cgroup:
			cg = &cgroup{fd: files[len(files)-1]}
		case r.CgroupDir != "":
			cg = &cgroup{dir: r.CgroupDir, parent: r.CgroupParent}
		}
		err = cg.start(cmd)
		closeAll(files) // the child has its own
		if err != nil {
			send(spawnMsg{ID: r.ID, Err: err.Error()})
			continue
		}
		pidfd, err := unix.PidfdOpen(cmd.Process.Pid, 0)
		if err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			send(spawnMsg{ID: r.ID, Err: "spawner: pidfd_open: " + err.Error()})
			continue
		}
		send(spawnMsg{ID: r.ID, Pid: cmd.Process.Pid}, pidfd)
		unix.Close(pidfd)
		go func() {
			cmd.Wait()
			e := exitOf(cmd.ProcessState)
			send(spawnMsg{ID: r.ID, End: &e})
		}()
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func closeAll(files []*os.File) {
	for _, f := range files {
		f.Close()
	}
}

// rights are the file descriptors of a message's control data.
func rights(oob []byte) []int {
	msgs, err := unix.ParseSocketControlMessage(oob)
	if err != nil {
		return nil
	}
	var fds []int
	for _, m := range msgs {
		if fs, err := unix.ParseUnixRights(&m); err == nil {
			fds = append(fds, fs...)
		}
	}
	return fds
}

// spawnerProc is the grader's end of a spawner. One serves all children;
// one that died (a test's outer grader reaps its children) is replaced at
// the next start.
type spawnerProc struct {
	conn *net.UnixConn

	mu      sync.Mutex
	next    uint64
	waiting map[uint64]*spawned
	broken  error // it has gone: no more children
}

var spawners struct {
	mu     sync.Mutex
	cur    *spawnerProc
	thread chan func() // runs functions on the thread the spawners are forked from
}

// spawned is a child of the spawner, as the grader sees it.
type spawned struct {
	started chan spawnMsg // its start, with pidfd set
	ended   chan Exit
	pidfd   int
	began   bool // its start was passed on (by read)

	mu     sync.Mutex
	closed bool
}

// currentSpawner returns the spawner, started if there is none.
func currentSpawner() (*spawnerProc, error) {
	spawners.mu.Lock()
	defer spawners.mu.Unlock()
	if sp := spawners.cur; sp != nil {
		sp.mu.Lock()
		broken := sp.broken
		sp.mu.Unlock()
		if broken == nil {
			return sp, nil
		}
	}
	if spawners.thread == nil {
		// Pdeathsig comes when the thread that forked dies, and Go ends a
		// thread whose goroutine exits locked to it (one that entered a
		// network namespace, say): spawners are forked from a thread kept
		// for them.
		spawners.thread = make(chan func())
		go func() {
			runtime.LockOSThread()
			for f := range spawners.thread {
				f()
			}
		}()
	}
	var sp *spawnerProc
	var err error
	done := make(chan struct{})
	spawners.thread <- func() {
		sp, err = startSpawner()
		close(done)
	}
	<-done
	if err != nil {
		return nil, err
	}
	spawners.cur = sp
	return sp, nil
}

func startSpawner() (*spawnerProc, error) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	mine, theirs := os.NewFile(uintptr(fds[0]), "spawner"), os.NewFile(uintptr(fds[1]), "spawner")
	defer theirs.Close()
	cmd := exec.Command(self, Command, spawnArg)
	cmd.Dir = "/"
	cmd.Env = []string{}
	cmd.Stderr = os.Stderr
	cmd.ExtraFiles = []*os.File{theirs}
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		mine.Close()
		return nil, err
	}
	conn, err := net.FileConn(mine)
	mine.Close()
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, err
	}
	sp := &spawnerProc{conn: conn.(*net.UnixConn), waiting: map[uint64]*spawned{}}
	go sp.read()
	go func() {
		// It lives as long as the grader; if it dies, its children
		// die with it (Pdeathsig), and their ends are reported.
		cmd.Wait()
		sp.conn.Close()
	}()
	return sp, nil
}

// read passes the spawner's news on to the children's waiters.
func (sp *spawnerProc) read() {
	buf := make([]byte, 64<<10)
	oob := make([]byte, unix.CmsgSpace(4*4))
	for {
		n, oobn, _, _, err := sp.conn.ReadMsgUnix(buf, oob)
		if err != nil || n == 0 {
			break
		}
		fds := rights(oob[:oobn])
		var m spawnMsg
		if json.Unmarshal(buf[:n], &m) != nil {
			closeFDs(fds)
			continue
		}
		sp.mu.Lock()
		s := sp.waiting[m.ID]
		if m.End != nil || m.Err != "" {
			delete(sp.waiting, m.ID)
		}
		sp.mu.Unlock()
		switch {
		case s == nil:
			closeFDs(fds)
		case m.End != nil:
			s.ended <- *m.End
		default:
			s.pidfd = -1
			if len(fds) > 0 {
				s.pidfd = fds[0]
				closeFDs(fds[1:])
			}
			s.began = true
			s.started <- m
		}
	}
	// The spawner has gone, and its children with it.
	sp.mu.Lock()
	sp.broken = errors.New("sandbox: the spawner of children has gone")
	waiting := sp.waiting
	sp.waiting = nil
	sp.mu.Unlock()
	sp.conn.Close()
	for _, s := range waiting {
		if s.began {
			s.ended <- Exit{Status: syscall.WaitStatus(syscall.SIGKILL)}
		} else {
			s.started <- spawnMsg{Err: sp.broken.Error()}
		}
	}
}

func closeFDs(fds []int) {
	for _, fd := range fds {
		unix.Close(fd)
	}
}

// spawn starts cmd (not started) through the spawner, in cg (or in none,
// when nil). Its output goes to cmd.Stdout, as exec.Cmd would copy it,
// WaitDelay included. It returns the child's pid, a wait that returns its
// end, and a signal sender.
func spawn(cmd *exec.Cmd, cg *cgroup) (pid int, wait func() Exit, signal func(syscall.Signal), err error) {
	sp, err := currentSpawner()
	if err != nil {
		return 0, nil, nil, fmt.Errorf("%w: %v", errNoSpawner, err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		return 0, nil, nil, err
	}
	files := append([]*os.File{w}, cmd.ExtraFiles...)
	req := spawnReq{Path: cmd.Path, Args: cmd.Args, Env: cmd.Env, Dir: cmd.Dir, Files: len(cmd.ExtraFiles)}
	switch {
	case cg == nil:
	case cg.fd != nil:
		files, req.Cgroup = append(files, cg.fd), true
	default:
		req.CgroupDir, req.CgroupParent = cg.dir, cg.parent
	}
	req.Attr = *cmd.SysProcAttr
	req.Attr.UseCgroupFD, req.Attr.CgroupFD = false, 0
	s := &spawned{started: make(chan spawnMsg, 1), ended: make(chan Exit, 1)}
	sp.mu.Lock()
	if sp.broken != nil {
		sp.mu.Unlock()
		r.Close()
		w.Close()
		return 0, nil, nil, fmt.Errorf("%w: %v", errNoSpawner, sp.broken)
	}
	sp.next++
	id := sp.next
	sp.waiting[id] = s
	sp.mu.Unlock()
	req.ID = id
	data, err := json.Marshal(req)
	if err == nil {
		fds := make([]int, len(files))
		for i, f := range files {
			fds[i] = int(f.Fd())
		}
		_, _, err = sp.conn.WriteMsgUnix(data, unix.UnixRights(fds...), nil)
	}
	w.Close()
	if err != nil {
		sp.mu.Lock()
		if sp.waiting != nil {
			delete(sp.waiting, id)
		}
		sp.mu.Unlock()
		r.Close()
		return 0, nil, nil, fmt.Errorf("%w: %v", errNoSpawner, err)
	}
	m := <-s.started
	if m.Err != "" {
		r.Close()
		sp.mu.Lock()
		gone := sp.broken != nil
		sp.mu.Unlock()
		if gone {
			return 0, nil, nil, fmt.Errorf("%w: %s", errNoSpawner, m.Err)
		}
		return 0, nil, nil, errors.New(m.Err)
	}
	copied := make(chan struct{})
	go func() {
		io.Copy(cmd.Stdout, r)
		close(copied)
	}()
	signal = func(sig syscall.Signal) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if !s.closed && s.pidfd >= 0 {
			unix.PidfdSendSignal(s.pidfd, sig, nil, 0)
		}
	}
	wait = func() Exit {
		e := <-s.ended
		// Output pipes held open by a forked grandchild must not block
		// the wait (exec.Cmd's WaitDelay).
		select {
		case <-copied:
		case <-time.After(cmd.WaitDelay):
		}
		r.Close()
		<-copied
		s.mu.Lock()
		s.closed = true
		if s.pidfd >= 0 {
			unix.Close(s.pidfd)
		}
		s.mu.Unlock()
		return e
	}
	return m.Pid, wait, signal, nil
}
