// Package wrap is what runs in a child's process before the child does:
// it confines the process and executes the child's binary in its place,
// so the submission's first instruction (its init functions included)
// already runs confined.
//
// It imports nothing beyond the standard library, so that the grader can
// build it, from the copy of this source it embeds (Source), into a small
// program of its own: hundreds of children start per grading, and each
// one paid for starting the whole grader (its size, its package inits).
// The grader runs it as itself too (Command), until that is built.
package wrap

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"unsafe"
)

// Command is the wrapper's first argument; the second is its Spec.
const Command = "sandbox-exec"

// Spec is what the judge tells the wrapper, as JSON.
type Spec struct {
	Path       string   // the child as the judge names it (its argv[0])
	Args       []string // its further arguments
	BinFD      int      // the child's binary, opened by the judge
	ErrFD      int      // close-on-exec pipe to the judge: why the child could not start
	Dir        string   // the child's working directory
	Shared     []string // folders the child sees and may write in
	ReadOnly   []string // folders the child sees, read-only
	CPU        int      // RLIMIT_CPU, seconds
	Files      int      // RLIMIT_NOFILE
	FileSize   int64    // RLIMIT_FSIZE, bytes
	Procs      int      // RLIMIT_NPROC; 0 for none
	Namespaces bool     // started in new user, PID, mount and IPC namespaces: build a root
	Drop       bool     // switch to Nobody
	Probe      bool     // stop before executing the child
}

// Nobody is the user and group children run as when the grader is root.
const Nobody = 65534

// SystemDirs are the folders a child may read: what programs need to
// run, nothing of the course, the grader or other users.
var SystemDirs = []string{"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/usr", "/etc"}

// Device files a child may use.
var devices = []string{"null", "zero", "full", "random", "urandom"}

// Constants the syscall package lacks (linux/prctl.h, asm-generic
// resource.h, linux/capability.h, linux/statfs.h); wrap_test.go holds them
// to golang.org/x/sys/unix.
const (
	prSetChildSubreaper   = 36
	prSetNoNewPrivs       = 38
	prCapAmbient          = 47
	prCapAmbientClearAll  = 4
	rlimitNproc           = 6
	capabilityVersion3    = 0x20080522
	stRdonly, stNodev     = 0x1, 0x4
	stNoexec, stNoatime   = 0x8, 0x400
	stNodiratime, stRelat = 0x800, 0x1000
)

// Exec runs in the process the judge started for a child, confines it,
// and executes the child. It returns only when it failed; it has then
// told the judge why.
func Exec(args []string) error {
	// Capabilities, the bounding set and no_new_privs belong to a thread:
	// set them on the one that executes the child.
	runtime.LockOSThread()
	if len(args) != 1 {
		return errors.New("sandbox: started by hand? this command is the grader's own")
	}
	var s Spec
	if err := json.Unmarshal([]byte(args[0]), &s); err != nil {
		return err
	}
	report := os.NewFile(uintptr(s.ErrFD), "sandbox errors")
	fail := func(err error) error {
		fmt.Fprintf(report, "sandbox: %v", err)
		return err
	}
	path, err := confine(s)
	if err != nil {
		return fail(err)
	}
	if s.Probe {
		return nil
	}
	syscall.CloseOnExec(s.BinFD)
	syscall.CloseOnExec(s.ErrFD)
	err = syscall.Exec(path, append([]string{s.Path}, s.Args...), os.Environ())
	return fail(fmt.Errorf("executing the child: %w", err))
}

// confine does everything but executing the child, whose path it
// returns.
func confine(s Spec) (string, error) {
	path := "/proc/self/fd/" + strconv.Itoa(s.BinFD)
	if s.Namespaces {
		if err := buildRoot(s); err != nil {
			return "", err
		}
		path = "/child"
	} else if s.Drop {
		if err := os.Chown(s.Dir, Nobody, Nobody); err != nil {
			return "", err
		}
	}
	if err := os.Chdir(s.Dir); err != nil {
		return "", err
	}
	if err := setLimits(s); err != nil {
		return "", err
	}
	if err := dropPrivileges(s.Drop); err != nil {
		return "", err
	}
	// Orphans of the child's processes come to the child, where the judge
	// finds them; it dies with the judge (a change of user cleared this).
	for _, o := range [][2]uintptr{{prSetChildSubreaper, 1}, {syscall.PR_SET_PDEATHSIG, uintptr(syscall.SIGKILL)}} {
		if err := prctl(o[0], o[1], 0); err != nil {
			return "", fmt.Errorf("prctl %d: %w", o[0], err)
		}
	}
	return path, nil
}

func prctl(op, arg2, arg3 uintptr) error {
	if _, _, e := syscall.Syscall6(syscall.SYS_PRCTL, op, arg2, arg3, 0, 0, 0); e != 0 {
		return e
	}
	return nil
}

func setLimits(s Spec) error {
	set := func(name string, res int, v uint64) error {
		// Soft and hard alike: the Go runtime raises its soft limit of
		// open files to the hard one, and none can be raised back.
		if err := syscall.Setrlimit(res, &syscall.Rlimit{Cur: v, Max: v}); err != nil {
			return fmt.Errorf("setrlimit %s %d: %w", name, v, err)
		}
		return nil
	}
	for _, l := range []struct {
		name string
		res  int
		v    uint64
	}{
		{"RLIMIT_CPU", syscall.RLIMIT_CPU, uint64(s.CPU)},
		{"RLIMIT_NOFILE", syscall.RLIMIT_NOFILE, uint64(s.Files)},
		{"RLIMIT_FSIZE", syscall.RLIMIT_FSIZE, uint64(s.FileSize)},
		{"RLIMIT_CORE", syscall.RLIMIT_CORE, 0},
		{"RLIMIT_NPROC", rlimitNproc, uint64(s.Procs)},
	} {
		if l.res == rlimitNproc && l.v == 0 {
			continue
		}
		if err := set(l.name, l.res, l.v); err != nil {
			return err
		}
	}
	return nil
}

// dropPrivileges leaves the child no capability, in any namespace, and
// no way to gain one: as Nobody when the grader is root, else with root's
// special treatment switched off in its user namespace.
func dropPrivileges(toNobody bool) error {
	if !toNobody {
		// linux/securebits.h: SECBIT_NOROOT and SECBIT_NO_CAP_AMBIENT_RAISE,
		// each locked. Executing a program as root then grants nothing.
		const bits = 1<<0 | 1<<1 | 1<<6 | 1<<7
		if err := prctl(syscall.PR_SET_SECUREBITS, bits, 0); err != nil && !errors.Is(err, syscall.EPERM) {
			return fmt.Errorf("securebits: %w", err)
		}
	}
	for c := uintptr(0); ; c++ {
		// EINVAL: past the kernel's last capability. EPERM: no
		// CAP_SETPCAP, and then no capability to drop either.
		err := prctl(syscall.PR_CAPBSET_DROP, c, 0)
		if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.EPERM) {
			break
		}
		if err != nil {
			return fmt.Errorf("dropping capability %d: %w", c, err)
		}
	}
	prctl(prCapAmbient, prCapAmbientClearAll, 0)
	if toNobody {
		if err := syscall.Setgroups(nil); err != nil {
			return fmt.Errorf("setgroups: %w", err)
		}
		if err := syscall.Setgid(Nobody); err != nil {
			return fmt.Errorf("setgid: %w", err)
		}
		if err := syscall.Setuid(Nobody); err != nil {
			return fmt.Errorf("setuid: %w", err)
		}
	} else {
		// Whatever capabilities the thread holds go too.
		hdr := struct {
			version uint32
			pid     int32
		}{version: capabilityVersion3}
		var data [2]struct{ effective, permitted, inheritable uint32 }
		if _, _, e := syscall.Syscall(syscall.SYS_CAPSET, uintptr(unsafe.Pointer(&hdr)), uintptr(unsafe.Pointer(&data[0])), 0); e != 0 {
			return fmt.Errorf("capset: %w", e)
		}
	}
	if err := prctl(prSetNoNewPrivs, 1, 0); err != nil {
		return fmt.Errorf("no_new_privs: %w", err)
	}
	return nil
}

// buildRoot makes the child's file system, in its own mount namespace: a
// read-only tmpfs holding the system folders (read-only), a few devices,
// its own /proc, a small /tmp with its working directory and the shared
// folders at their usual paths, and its binary as /child. It then
// pivots there and lets go of the machine's file system.
func buildRoot(s Spec) error {
	// Nothing mounted here may show in the grader's namespace.
	if err := syscall.Mount("", "/", "", syscall.MS_REC|syscall.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("making mounts private: %w", err)
	}
	root := s.Dir // any folder will do as the mount point: it is hidden by the mount
	if err := syscall.Mount("tmpfs", root, "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV, "mode=0755,size=1m,nr_inodes=1024"); err != nil {
		return fmt.Errorf("mounting the root: %w", err)
	}
	in := func(p string) string { return filepath.Join(root, p) }
	for _, d := range SystemDirs {
		fi, err := os.Lstat(d)
		switch {
		case err != nil:
			continue
		case fi.Mode()&os.ModeSymlink != 0: // /bin -> usr/bin
			target, err := os.Readlink(d)
			if err != nil {
				return err
			}
			if err := os.Symlink(target, in(d)); err != nil {
				return err
			}
		case fi.IsDir():
			if err := bind(d, in(d), true, true); err != nil {
				return err
			}
		}
	}
	if err := os.Mkdir(in("/dev"), 0o755); err != nil {
		return err
	}
	for _, d := range devices {
		if err := bind("/dev/"+d, in("/dev/"+d), false, false); err != nil {
			return err
		}
	}
	for name, target := range map[string]string{"fd": "/proc/self/fd", "stdin": "/proc/self/fd/0", "stdout": "/proc/self/fd/1", "stderr": "/proc/self/fd/2"} {
		if err := os.Symlink(target, in("/dev/"+name)); err != nil {
			return err
		}
	}
	// Its own /proc shows only its own processes. Some containers forbid
	// mounting proc; programs run without it.
	if err := os.Mkdir(in("/proc"), 0o555); err != nil {
		return err
	}
	syscall.Mount("proc", in("/proc"), "proc", syscall.MS_NOSUID|syscall.MS_NODEV|syscall.MS_NOEXEC, "")
	if err := os.Mkdir(in("/tmp"), 0o755); err != nil {
		return err
	}
	if err := syscall.Mount("tmpfs", in("/tmp"), "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV, "mode=1777,size=64m,nr_inodes=4096"); err != nil {
		return fmt.Errorf("mounting /tmp: %w", err)
	}
	owner := 0
	if s.Drop {
		owner = Nobody
	}
	if err := os.MkdirAll(in(s.Dir), 0o700); err != nil {
		return err
	}
	if err := os.Chown(in(s.Dir), owner, owner); err != nil {
		return err
	}
	for _, d := range s.Shared {
		if err := bind(d, in(d), false, true); err != nil {
			return err
		}
	}
	for _, d := range s.ReadOnly {
		if err := bind(d, in(d), true, true); err != nil {
			return err
		}
	}
	// By its path: the descriptor's mount is in the judge's namespace,
	// which mount(2) does not bind from.
	if err := bind(s.Path, in("/child"), true, false); err != nil {
		return err
	}
	if err := syscall.Mount("", root, "", syscall.MS_REMOUNT|syscall.MS_RDONLY|syscall.MS_NOSUID|syscall.MS_NODEV, ""); err != nil {
		return fmt.Errorf("making the root read-only: %w", err)
	}
	if err := os.Chdir(root); err != nil {
		return err
	}
	if err := syscall.PivotRoot(".", "."); err != nil {
		return fmt.Errorf("pivot_root: %w", err)
	}
	if err := syscall.Unmount(".", syscall.MNT_DETACH); err != nil {
		return fmt.Errorf("detaching the old root: %w", err)
	}
	return os.Chdir("/")
}

// bind mounts src at dst, which it creates (a folder or an empty file,
// like src), read-only or not, never with set-user-ID programs, and with
// no device files unless nodev is false. The flags the source mount has
// stay: in a user namespace they are locked and cannot be cleared.
func bind(src, dst string, readOnly, nodev bool) error {
	fi, err := os.Stat(src)
	if err != nil {
		return err
	}
	if fi.IsDir() {
		err = os.MkdirAll(dst, 0o755)
	} else if err = os.MkdirAll(filepath.Dir(dst), 0o755); err == nil {
		var f *os.File
		if f, err = os.OpenFile(dst, os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
			f.Close()
		}
	}
	if err != nil {
		return err
	}
	if err := syscall.Mount(src, dst, "", syscall.MS_BIND|syscall.MS_REC, ""); err != nil {
		return fmt.Errorf("binding %s: %w", src, err)
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(dst, &st); err != nil {
		return err
	}
	flags := uintptr(syscall.MS_REMOUNT | syscall.MS_BIND | syscall.MS_NOSUID)
	for _, f := range [][2]uintptr{
		{stRdonly, syscall.MS_RDONLY}, {stNodev, syscall.MS_NODEV}, {stNoexec, syscall.MS_NOEXEC},
		{stNoatime, syscall.MS_NOATIME}, {stNodiratime, syscall.MS_NODIRATIME}, {stRelat, syscall.MS_RELATIME},
	} {
		if uintptr(st.Flags)&f[0] != 0 {
			flags |= f[1]
		}
	}
	if readOnly {
		flags |= syscall.MS_RDONLY
	}
	if nodev {
		flags |= syscall.MS_NODEV
	}
	if err := syscall.Mount("", dst, "", flags, ""); err != nil {
		return fmt.Errorf("remounting %s: %w", src, err)
	}
	return nil
}
