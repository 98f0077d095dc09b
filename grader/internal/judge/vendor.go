package judge

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"netcourse/grader/internal/atomicfile"
)

// vendored is what a child needs to import an exercise's Imports: copies
// of those packages and of every package outside the standard library
// they import, each at the version the project's go.mod selects.
type vendored struct {
	files   map[string][]byte // vendor/<import path>/<name>.go, vendor/modules.txt
	require []string          // go.mod's require lines: "golang.org/x/net v0.43.0"
	sums    []string          // the project's go.sum lines for those modules
}

// listed is one package as go list -deps -json describes it.
type listed struct {
	ImportPath string
	Dir        string
	Standard   bool
	Module     *struct {
		Path, Version, GoVersion string
		Main                     bool
	}
}

// vendorCache keeps vendorList's answers in this process: root + "\x00" +
// imports -> []listed. Across processes they are kept in the grader's
// cache (listFile): go list costs a tenth of a second of CPU, and each
// grading of an exercise with Imports, built or not, needs its answer.
var vendorCache sync.Map

// goList runs go list; a variable for the tests, which count its runs.
var goList = func(root string, imports []string) ([]byte, error) {
	cmd := exec.Command("go", append([]string{"list", "-deps", "-json=ImportPath,Dir,Standard,Module"}, imports...)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local", "GOPROXY=off", "GOFLAGS=-mod=readonly")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("listing the packages students may import (%s): %w\n%s", strings.Join(imports, ", "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// vendorList lists imports and the packages they need outside the
// standard library, from the project's module cache and offline: the
// grader's own build already needed these modules (they are in its
// go.mod), so a missing one is the grader's failure, not the student's.
// cache, if not "", is where the answer is kept for the next process.
func vendorList(root, cache string, imports []string) ([]listed, error) {
	k := root + "\x00" + strings.Join(imports, " ")
	if v, ok := vendorCache.Load(k); ok {
		return v.([]listed), nil
	}
	file := listFile(root, cache, imports)
	if pkgs, ok := loadListed(file); ok {
		vendorCache.Store(k, pkgs)
		return pkgs, nil
	}
	out, err := goList(root, imports)
	if err != nil {
		return nil, err
	}
	var pkgs []listed
	for d := json.NewDecoder(bytes.NewReader(out)); ; {
		var p listed
		if err := d.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go list: %w", err)
		}
		if p.Standard {
			continue
		}
		if p.Module == nil || p.Module.Main || p.Module.Version == "" {
			return nil, fmt.Errorf("%s is not in a module the project requires: a child imports only the standard library, the project's child packages and required modules", p.ImportPath)
		}
		pkgs = append(pkgs, p)
	}
	vendorCache.Store(k, pkgs)
	saveListed(file, pkgs)
	return pkgs, nil
}

// listFile names the file in cache that keeps go list's answer for
// imports, by all its answer depends on: the project's go.mod and go.sum,
// the go command and the environment that places the module cache; "" if
// there is no cache or one of these cannot be read.
func listFile(root, cache string, imports []string) string {
	if cache == "" {
		return ""
	}
	h := sha256.New()
	for _, name := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			return ""
		}
		fmt.Fprintf(h, "%s %d\n%s", name, len(data), data)
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return ""
	}
	fi, err := os.Stat(goCmd)
	if err != nil {
		return ""
	}
	fmt.Fprintf(h, "%s %d %d\n%q\n", goCmd, fi.Size(), fi.ModTime().UnixNano(), imports)
	for _, v := range []string{"GOROOT", "GOPATH", "GOMODCACHE", "GOFLAGS", "GOENV", "HOME"} {
		fmt.Fprintf(h, "%s=%s\n", v, os.Getenv(v))
	}
	return filepath.Join(cache, "golist-"+hex.EncodeToString(h.Sum(nil))[:32]+".json")
}

// loadListed reads a kept answer, if every folder it names is still there.
func loadListed(file string) ([]listed, bool) {
	if file == "" {
		return nil, false
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, false
	}
	var pkgs []listed
	if json.Unmarshal(data, &pkgs) != nil {
		return nil, false
	}
	for _, p := range pkgs {
		if fi, err := os.Stat(p.Dir); err != nil || !fi.IsDir() || p.Module == nil {
			return nil, false // the module cache was cleaned: list again
		}
	}
	return pkgs, true
}

// saveListed keeps an answer for the next process; a failure only costs
// it a go list.
func saveListed(file string, pkgs []listed) {
	if file == "" {
		return
	}
	data, err := json.Marshal(pkgs)
	if err != nil {
		return
	}
	atomicfile.Write(file, data, 0o644)
}

// vendor copies what the child needs to import imports, read as data like
// the submission (regular files only, no links followed, only the Go files
// the go tool compiles), into a vendor folder, so the child builds with
// -mod=vendor: offline, with no module cache in the sandbox, and
// //go:embed still reaches only the copies.
func vendor(root, cache string, imports []string) (*vendored, error) {
	pkgs, err := vendorList(root, cache, imports)
	if err != nil {
		return nil, err
	}
	v := &vendored{files: map[string][]byte{}}
	type mod struct{ path, version, goVersion string }
	var mods []mod
	byMod := map[string][]string{}
	for _, p := range pkgs {
		m := mod{p.Module.Path, p.Module.Version, p.Module.GoVersion}
		if _, seen := byMod[m.path]; !seen {
			mods = append(mods, m)
		}
		byMod[m.path] = append(byMod[m.path], p.ImportPath)
		if _, err := readPackage(p.Dir, "vendor/"+p.ImportPath, v.files); err != nil {
			return nil, fmt.Errorf("copying %s: %v", p.ImportPath, err)
		}
	}
	slices.SortFunc(mods, func(a, b mod) int { return strings.Compare(a.path, b.path) })
	var txt strings.Builder
	for _, m := range mods {
		explicit := "## explicit"
		if m.goVersion != "" {
			explicit += "; go " + m.goVersion
		}
		fmt.Fprintf(&txt, "# %s %s\n%s\n", m.path, m.version, explicit)
		for _, p := range slices.Sorted(slices.Values(byMod[m.path])) {
			fmt.Fprintln(&txt, p)
		}
		v.require = append(v.require, m.path+" "+m.version)
	}
	v.files["vendor/modules.txt"] = []byte(txt.String())
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return nil, err
	}
	for _, l := range strings.Split(string(sum), "\n") {
		f := strings.Fields(l)
		if len(f) == 3 && slices.Contains(v.require, f[0]+" "+strings.TrimSuffix(f[1], "/go.mod")) {
			v.sums = append(v.sums, l)
		}
	}
	return v, nil
}

// withRequires is the child's go.mod with v's requirements.
func withRequires(gomod []byte, v *vendored) []byte {
	var b bytes.Buffer
	b.Write(gomod)
	b.WriteString("\nrequire (\n")
	for _, r := range v.require {
		fmt.Fprintf(&b, "\t%s\n", r)
	}
	b.WriteString(")\n")
	return b.Bytes()
}
