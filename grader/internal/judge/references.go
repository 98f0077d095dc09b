package judge

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// references keeps, for each budget a check sets from what the reference
// solution measured (its peak memory, its CPU time), the least it has
// measured: by the grader's build, the reference's binary, the machine's
// CPU count and the check's limits, so that another grader, reference or
// machine measures anew. A budget grows with the reference's measurement,
// so the one set from the least is the strictest any run would set: a
// submission within it is within the budget of a reference run now, which
// then need not run (3.3's 16 MB array is decoded once, not twice). One
// over it is judged against a reference run now, as if none were kept:
// no verdict is worse for the keeping, and a failure's figures are always
// of this run.
type references struct{ *memo[int64] }

// referencesFile is the references' file in a child cache.
const referencesFile = "references.json"

func loadReferences(cache string) *references {
	return &references{loadMemo[int64](cache, referencesFile)}
}

// KeptReference is the least the reference solution measured of what (a
// name for a measurement of this check: "peak memory", "CPU time") in
// earlier runs here; ok is false when none is kept. See references.
func (t *T) KeptReference(what string) (v int64, ok bool) {
	k, ok := t.referenceKey(what)
	if !ok {
		return 0, false
	}
	return t.refs.get(k)
}

// KeepReference keeps v, the reference solution's measurement of what in
// this check, measured in this run, if it is the least yet.
func (t *T) KeepReference(what string, v int64) {
	k, ok := t.referenceKey(what)
	if !ok {
		return
	}
	t.refs.update(k, func(least int64, kept bool) int64 {
		if kept {
			return min(least, v)
		}
		return v
	})
}

func (t *T) referenceKey(what string) (string, bool) {
	if t.refs == nil || t.ref == nil || SelfStamp() == "" {
		return "", false
	}
	bin, err := t.ref()
	if err != nil {
		return "", false
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%d\n%+v\n", SelfStamp(), filepath.Base(bin), runtime.NumCPU(), t.limits)
	return fmt.Sprintf("%s %s: %s %x", t.ex.ID, t.check, what, h.Sum(nil)[:12]), true
}

// SelfStamp identifies the running grader by the hash of its executable:
// its checks are compiled into it, so what one grader measured or graded
// is not taken for another's. It is "" when the executable cannot be read.
var SelfStamp = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
})
