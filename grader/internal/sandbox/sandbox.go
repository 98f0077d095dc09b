// Package sandbox contains the submissions the grader runs. The grader runs
// in a network namespace of its own (loopback only), and starts every
// child through its own binary (see Exec), which puts the child in fresh
// user, PID, mount and IPC namespaces with a file system of system folders
// only, sets resource limits, drops privileges and only then executes the
// submission's code. The judge watches what the child uses and kills it
// at a limit, so every verdict it reaches is its own.
//
// What the kernel does not allow here (no root, no user namespaces, no
// writable cgroup v2) is left out, and Report says what was.
package sandbox

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"
	"time"

	"netcourse/grader/internal/sandbox/wrap"
)

// Command is the grader's hidden subcommand that starts a child inside
// the sandbox: main hands it to Exec.
const Command = wrap.Command

// Nobody is the user and group children run as when the grader is root.
const Nobody = wrap.Nobody

// Limits bound one child process and whatever it starts.
type Limits struct {
	CPU      time.Duration // CPU time of all its processes together
	Memory   int64         // bytes of memory of all its processes together
	Procs    int           // processes and threads
	Files    int           // open files, per process
	FileSize int64         // bytes of the largest file it may write
	Output   int64         // bytes it may write on stdout and stderr together
}

// Default are the limits of a child unless a check says otherwise: far
// above what a correct solution uses (a few MB, well under a second of
// CPU), low enough that a runaway submission costs the machine little.
var Default = Limits{
	CPU:      10 * time.Second,
	Memory:   256 << 20,
	Procs:    64,
	Files:    1024,
	FileSize: 16 << 20,
	Output:   16 << 20,
}

// Or fills the zero fields of l from d.
func (l Limits) Or(d Limits) Limits {
	if l.CPU == 0 {
		l.CPU = d.CPU
	}
	if l.Memory == 0 {
		l.Memory = d.Memory
	}
	if l.Procs == 0 {
		l.Procs = d.Procs
	}
	if l.Files == 0 {
		l.Files = d.Files
	}
	if l.FileSize == 0 {
		l.FileSize = d.FileSize
	}
	if l.Output == 0 {
		l.Output = d.Output
	}
	return l
}

// Kinds of Exceeded.
const (
	CPU    = "cpu"
	Memory = "memory"
	Output = "output"
)

// Exceeded says which limit a child hit; the judge killed it for that.
type Exceeded struct {
	Limit string // CPU, Memory or Output
	Max   string // the limit, for people: "256 MiB", "10s"
}

func (e *Exceeded) Error() string {
	switch e.Limit {
	case CPU:
		return fmt.Sprintf("used more than %s of CPU time", e.Max)
	case Memory:
		return fmt.Sprintf("used more than %s of memory", e.Max)
	}
	return fmt.Sprintf("wrote more than %s of output", e.Max)
}

// Status is what the sandbox could do on this machine.
type Status struct {
	Network string   // "isolated" or "shared"
	Notes   []string // what is not protected here, and why
}

// Network statuses.
const (
	Isolated = "isolated"
	Shared   = "shared"
)

var (
	self     string // this binary, when it implements Command
	netState = Status{Network: Shared, Notes: []string{"the grader did not set up its sandbox (it was not run as its own program)"}}
	netMu    sync.Mutex
)

// Enable says this program is the grader itself: it implements Command,
// so it can re-execute itself for the sandbox. Without Enable (in tests of
// other packages) children are started directly and the network is shared.
func Enable() error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	self = exe
	setNetwork(Shared, "this command does not give the grader a network namespace of its own (grade, verify and batch do)")
	return nil
}

// Report says what the sandbox did in this grader: its network, and every
// protection that children do not get here.
func Report() Status {
	netMu.Lock()
	st := Status{Network: netState.Network, Notes: append([]string(nil), netState.Notes...)}
	netMu.Unlock()
	m := mode()
	st.Notes = append(st.Notes, m.notes...)
	st.Notes = append(st.Notes, buildNotes(buildMode())...)
	return st
}

func setNetwork(network string, notes ...string) {
	netMu.Lock()
	defer netMu.Unlock()
	netState = Status{Network: network, Notes: notes}
}

// size prints a byte count for people.
func size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// why says in a note why a namespace could not be made.
func why(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		switch errno {
		case syscall.EPERM, syscall.EACCES:
			return "the kernel does not allow it here (" + errno.Error() + ")"
		case syscall.ENOSPC, syscall.EUSERS:
			return "the limit on user namespaces (user.max_user_namespaces) is reached"
		case syscall.EINVAL, syscall.ENOSYS:
			return "this kernel does not support it (" + errno.Error() + ")"
		}
	}
	return err.Error()
}

// Contained reports whether submissions here are contained in full: the
// network isolated, and children in namespaces of their own.
func Contained() bool {
	netMu.Lock()
	isolated := netState.Network == Isolated
	netMu.Unlock()
	return isolated && mode().namespaces
}
