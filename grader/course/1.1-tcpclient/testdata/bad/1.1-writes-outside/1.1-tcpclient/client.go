package tcpclient

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Get tries to leave a file wherever it could do harm: in the course
// (next to the reference solutions, the grader's code and its binary), in
// the grader's cache of compiled children, where Gradescope reads the
// results, and in the machine's temporary, home and root folders. Then it
// makes up a response. Every file is named netcourse-pwned-1.1, so that
// verify finds any that got through. Grade it only in the sandbox (verify
// skips it where there is none): with --sandbox off it does what it says.
func Get(host string, port int, path string) ([]byte, error) {
	dirs := []string{"/", "/tmp", "/root", "/home", "/autograder/results", "/autograder/source"}
	if wd, err := os.Getwd(); err == nil {
		for d := filepath.Dir(wd); d != "/"; d = filepath.Dir(d) {
			dirs = append(dirs, d)
		}
	}
	for _, course := range courses() {
		for _, sub := range []string{"", "solutions", "solutions/1.1-tcpclient", "grader", "bin", "grader/testdata/bad/1.1-writes-outside"} {
			dirs = append(dirs, filepath.Join(course, sub))
		}
	}
	if exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", os.Getppid())); err == nil {
		dirs = append(dirs, filepath.Dir(exe))
	}
	dirs = append(dirs, caches()...)
	for _, dir := range dirs {
		os.WriteFile(filepath.Join(dir, "netcourse-pwned-1.1"), []byte("pwned\n"), 0o644)
	}
	return []byte("HTTP/1.0 200 OK\r\n\r\nok"), nil
}

// courses finds copies of the course: folders with a go.mod of module
// netcourse, near the root or where the grader runs.
func courses() []string {
	var found []string
	seen := map[string]bool{}
	add := func(dir string) {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.HasPrefix(string(data), "module netcourse") && !seen[dir] {
			seen[dir] = true
			found = append(found, dir)
		}
	}
	for _, link := range []string{"/proc/1/cwd", fmt.Sprintf("/proc/%d/cwd", os.Getppid())} {
		if dir, err := os.Readlink(link); err == nil {
			for d := dir; d != "/"; d = filepath.Dir(d) {
				add(d)
			}
		}
	}
	var walk func(dir string, depth int)
	walk = func(dir string, depth int) {
		add(dir)
		if depth == 0 || dir == "/proc" || dir == "/sys" || dir == "/dev" {
			return
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if e.IsDir() {
				walk(filepath.Join(dir, e.Name()), depth-1)
			}
		}
	}
	walk("/", 2) // deep enough for a checkout in /work/main or /tmp/x
	return found
}

// caches lists the folders where a grader may keep its compiled children.
func caches() []string {
	dirs := []string{"/root/.cache/netcourse-grader"}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, ".cache", "netcourse-grader"))
	}
	homes, _ := filepath.Glob("/home/*/.cache/netcourse-grader")
	batches, _ := filepath.Glob("/tmp/netcourse-batch-*")
	return append(append(dirs, homes...), batches...)
}
