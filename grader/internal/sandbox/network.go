package sandbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// The outer grader tells the inner one, which it runs in the new network
// namespace, how it started it; the variable also keeps the inner one from
// re-executing itself again.
const (
	envInner = "NETCOURSE_SANDBOX_INNER" // "root", "userns" or "none"
	envWhy   = "NETCOURSE_SANDBOX_WHY"   // with "none": why not
	// EnvOff turns the sandbox off when set to "off", for commands that
	// have no --sandbox flag (batch).
	EnvOff = "NETCOURSE_SANDBOX"
)

// ExitError is the inner grader's exit status, for main to pass on.
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// Enter puts the rest of this grading run in the sandbox. The first time,
// it re-executes the grader with args in a new network namespace that has
// only loopback (as root; otherwise in a new user namespace too, where the
// kernel allows one), waits for it and returns done with its exit status
// (nil or *ExitError). Where no namespace can be made, the inner grader
// runs all the same and reports the network as shared. The outer grader
// stays to reap: processes a submission left behind end up its children,
// and are killed when the inner grader is done.
//
// In the inner grader, with the sandbox off, or in a program that is not
// the grader (a test), it returns done false at once: grade here.
func Enter(ctx context.Context, args []string, on bool, stdout, stderr io.Writer) (done bool, err error) {
	if kind := os.Getenv(envInner); kind != "" {
		return false, inside(kind, os.Getenv(envWhy))
	}
	switch {
	case self == "":
		return false, nil // netState says why
	case !on || os.Getenv(EnvOff) == "off":
		setNetwork(Shared, "the sandbox was turned off (--sandbox=off or "+EnvOff+"=off): submissions could reach the network and whatever the grader's user can")
		self = "" // children are started directly
		return false, nil
	}
	// Orphans of the inner grader's children come to us, not to init.
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		return false, fmt.Errorf("sandbox: %w", err)
	}
	cmd, err := startInner(args, stdout, stderr)
	if err != nil {
		return true, err
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			// Interrupted: the inner grader writes what it has and stops.
			cmd.Process.Signal(os.Interrupt)
			ctx = context.Background()
		case <-tick.C:
			reapOrphans(cmd.Process.Pid, false)
		case err := <-waited:
			if n := reapOrphans(cmd.Process.Pid, true); n > 0 {
				fmt.Fprintf(stderr, "grader: killed %d processes that submissions left running\n", n)
			}
			var xe *exec.ExitError
			switch {
			case err == nil:
				return true, nil
			case errors.As(err, &xe) && xe.ExitCode() >= 0:
				return true, &ExitError{Code: xe.ExitCode()}
			}
			return true, err
		}
	}
}

// startInner starts the inner grader in new namespaces if it can, else
// without, telling it which.
func startInner(args []string, stdout, stderr io.Writer) (*exec.Cmd, error) {
	kind, attr := "userns", &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWUSER | syscall.CLONE_NEWNET,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
	}
	if os.Geteuid() == 0 {
		kind, attr = "root", &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNET}
	}
	attr.Pdeathsig = syscall.SIGKILL
	cmd := innerCommand(args, stdout, stderr, kind, "")
	cmd.SysProcAttr = attr
	err := cmd.Start()
	if err == nil {
		return cmd, nil
	}
	cmd = innerCommand(args, stdout, stderr, "none", "no network namespace could be made ("+why(err)+")")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	return cmd, cmd.Start()
}

func innerCommand(args []string, stdout, stderr io.Writer, kind, reason string) *exec.Cmd {
	cmd := exec.Command(self, args...)
	cmd.Env = append(os.Environ(), envInner+"="+kind, envWhy+"="+reason)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	return cmd
}

// inside sets up the inner grader: loopback up in the new namespace, and
// the status that reports will carry.
func inside(kind, reason string) error {
	isolated := kind != "none" && onlyLoopback()
	if !isolated {
		if reason == "" {
			reason = "the grader shares the machine's network namespace"
		}
		setNetwork(Shared, "submissions could reach the network: "+reason)
		setKind(kind)
		return nil
	}
	if err := loopbackUp(); err != nil {
		return fmt.Errorf("sandbox: bringing up loopback in the grader's network namespace: %w", err)
	}
	setNetwork(Isolated)
	setKind(kind)
	return nil
}

// onlyLoopback reports whether this process's network has loopback
// interfaces only, as a new namespace has: what the report promises,
// checked rather than taken from an inherited environment variable.
func onlyLoopback() bool {
	ifs, err := net.Interfaces()
	if err != nil || len(ifs) == 0 {
		return false
	}
	for _, i := range ifs {
		if i.Flags&net.FlagLoopback == 0 {
			return false
		}
	}
	return true
}

// loopbackUp sets IFF_UP on lo, which a new network namespace has down:
// 127.0.0.1 and, with IPv6 on, ::1 come with it.
func loopbackUp() error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq("lo")
	if err != nil {
		return err
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr); err != nil {
		return err
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	return unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr)
}

// reapOrphans waits for the zombies among this process's children other
// than the inner grader; with kill, it first kills the living ones. It
// returns how many it killed.
func reapOrphans(inner int, kill bool) int {
	killed := map[int]bool{}
	for range 50 {
		all, err := scan()
		if err != nil {
			break
		}
		left := false
		for _, p := range all {
			if p.ppid != os.Getpid() || p.pid == inner {
				continue
			}
			if p.state != 'Z' {
				if !kill {
					continue
				}
				killed[p.pid] = true
				syscall.Kill(p.pid, syscall.SIGKILL)
			}
			left = true
			var ws syscall.WaitStatus
			syscall.Wait4(p.pid, &ws, syscall.WNOHANG, nil)
		}
		if !left || !kill {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	return len(killed)
}

// Stray is a process a submission left running.
type Stray struct {
	PID     int
	Command string
}

// Strays lists the living processes that submissions left behind in this
// run so far: in the inner grader, the outer one's children other than
// this grader (orphans come to it). Empty elsewhere.
func Strays() []Stray {
	if os.Getenv(envInner) == "" {
		return nil
	}
	all, err := scan()
	if err != nil {
		return nil
	}
	var out []Stray
	for _, p := range all {
		if p.ppid == os.Getppid() && p.pid != os.Getpid() && p.state != 'Z' {
			cmdline, _ := os.ReadFile("/proc/" + strconv.Itoa(p.pid) + "/cmdline")
			out = append(out, Stray{PID: p.pid, Command: strings.TrimSpace(strings.ReplaceAll(string(cmdline), "\x00", " "))})
		}
	}
	return out
}

// Nested returns the command that runs this grader with args in a network
// namespace of its own, made inside this run's: loopback only, shared with
// nothing else. A batch grades each submission so: a loopback port can be
// reached from anywhere in its namespace, so in a shared one a child could
// connect to the fake peers of another submission's checks. ok is false
// where this run has no namespace of its own to nest one in (the sandbox
// off, or none possible here); the command then cannot isolate.
//
// The command inherits this grader's environment, and so its sandbox
// kind: in it, Enter brings loopback up and returns at once. It is killed
// when this grader dies.
func Nested(ctx context.Context, args ...string) (cmd *exec.Cmd, ok bool) {
	netMu.Lock()
	isolated := netState.Network == Isolated
	netMu.Unlock()
	if self == "" || os.Getenv(envInner) == "" || !isolated {
		return nil, false
	}
	cmd = exec.CommandContext(ctx, self, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNET, Pdeathsig: syscall.SIGKILL}
	return cmd, true
}
