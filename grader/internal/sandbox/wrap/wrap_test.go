package wrap

import (
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// The constants the syscall package lacks are the kernel's.
func TestConstants(t *testing.T) {
	for _, c := range []struct {
		name      string
		ours, sys uint64
	}{
		{"PR_SET_CHILD_SUBREAPER", prSetChildSubreaper, unix.PR_SET_CHILD_SUBREAPER},
		{"PR_SET_NO_NEW_PRIVS", prSetNoNewPrivs, unix.PR_SET_NO_NEW_PRIVS},
		{"PR_CAP_AMBIENT", prCapAmbient, unix.PR_CAP_AMBIENT},
		{"PR_CAP_AMBIENT_CLEAR_ALL", prCapAmbientClearAll, unix.PR_CAP_AMBIENT_CLEAR_ALL},
		{"RLIMIT_NPROC", rlimitNproc, unix.RLIMIT_NPROC},
		{"LINUX_CAPABILITY_VERSION_3", capabilityVersion3, unix.LINUX_CAPABILITY_VERSION_3},
		{"ST_RDONLY", stRdonly, unix.ST_RDONLY},
		{"ST_NODEV", stNodev, unix.ST_NODEV},
		{"ST_NOEXEC", stNoexec, unix.ST_NOEXEC},
		{"ST_NOATIME", stNoatime, unix.ST_NOATIME},
		{"ST_NODIRATIME", stNodiratime, unix.ST_NODIRATIME},
		{"ST_RELATIME", stRelat, unix.ST_RELATIME},
	} {
		if c.ours != c.sys {
			t.Errorf("%s is %#x here, %#x in x/sys/unix", c.name, c.ours, c.sys)
		}
	}
}

// Source holds every file the wrapper is built from: all of this package
// and its program but the file that embeds them and the tests.
func TestSourceIsComplete(t *testing.T) {
	var want []string
	for _, pattern := range []string{"*.go", "main/*.go"} {
		names, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			if n != "source.go" && !strings.HasSuffix(n, "_test.go") {
				want = append(want, filepath.ToSlash(n))
			}
		}
	}
	var got []string
	fs.WalkDir(Source, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			got = append(got, p)
		}
		return err
	})
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("Source holds %q; the wrapper's files are %q: update the go:embed line in source.go", got, want)
	}
}
