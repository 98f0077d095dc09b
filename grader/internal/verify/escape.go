package verify

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"netcourse/grader/internal/sandbox"
)

// Known-bad submissions that attack the machine mark what they leave:
// their processes carry OrphanMarker in their environment, the files
// they write have StrayMarker in their names.
const (
	OrphanMarker = "NETCOURSE_ORPHAN=1"
	StrayMarker  = "netcourse-pwned"
)

// leftProcesses fails if a process a submission started outlived its
// check: one with the marker, or one the sandbox found orphaned. It kills
// what it finds.
func leftProcesses() outcome {
	o := outcome{name: "no process of a submission outlived its check"}
	left := sandbox.Strays()
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil || !bytes.Contains(env, []byte(OrphanMarker)) {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		left = append(left, sandbox.Stray{PID: pid, Command: strings.TrimSpace(string(bytes.ReplaceAll(cmdline, []byte{0}, []byte(" "))))})
	}
	for _, p := range left {
		o.probs = append(o.probs, fmt.Sprintf("process %d (%s) is still running; killed it", p.PID, p.Command))
		syscall.Kill(p.PID, syscall.SIGKILL)
	}
	return o
}

// strayFiles fails if a submission wrote a file outside its temporary
// folder where it could do harm: in the course, next to the grader, in
// the grader's cache, in the temporary, home or root folders. It removes
// what it finds.
func strayFiles(root, cache string) outcome {
	o := outcome{name: "no submission wrote outside its temporary folder"}
	var found []string
	look := func(dir string, deep bool) {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			switch {
			case err != nil:
				return nil
			case strings.Contains(d.Name(), StrayMarker):
				found = append(found, p)
			case d.IsDir() && p != dir && (!deep || d.Name() == ".git"):
				return filepath.SkipDir
			}
			return nil
		})
	}
	look(root, true)
	look(cache, false)
	look(os.TempDir(), false)
	look("/", false)
	if exe, err := os.Executable(); err == nil {
		look(filepath.Dir(exe), false)
	}
	if home, err := os.UserHomeDir(); err == nil {
		look(home, false)
	}
	seen := map[string]bool{}
	for _, p := range found {
		if seen[p] {
			continue
		}
		seen[p] = true
		o.probs = append(o.probs, fmt.Sprintf("%s was written by a submission; removed it", p))
		os.RemoveAll(p)
	}
	return o
}
