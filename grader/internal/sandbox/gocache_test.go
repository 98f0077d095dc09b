package sandbox

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// cacheSession runs ServeGoCache over requests framed as the go command
// frames them (cmd/go/internal/cache/prog.go: a JSON line, a blank line,
// then a put's body as a quoted base64 line) and returns its responses
// after the first, which lists its commands.
func cacheSession(t *testing.T, read, own string, reqs ...any) []cacheResponse {
	t.Helper()
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	for _, r := range reqs {
		switch r := r.(type) {
		case cacheRequest:
			enc.Encode(r)
			in.WriteString("\n")
		case []byte: // the body of the put before
			in.WriteString(`"` + base64.StdEncoding.EncodeToString(r) + "\"\n")
		}
	}
	var out bytes.Buffer
	if err := ServeGoCache([]string{read, own}, &in, &out); err != nil {
		t.Fatalf("ServeGoCache: %v", err)
	}
	var res []cacheResponse
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var r cacheResponse
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("response %q: %v", sc.Bytes(), err)
		}
		res = append(res, r)
	}
	if len(res) == 0 || strings.Join(res[0].KnownCommands, " ") != "get put close" {
		t.Fatalf("first response %+v, want the commands get, put and close", res)
	}
	return res[1:]
}

func id(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

// TestGoCacheTiers: a put lands in the own cache only, in the go
// command's layout, and is found again; the other cache is read, never
// written; a body that is not its output ID's is refused; an entry that
// is damaged is a miss, for the build then compiles it.
func TestGoCacheTiers(t *testing.T) {
	read, own := t.TempDir(), t.TempDir()
	body := bytes.Repeat([]byte("object file\n"), 10000) // several reads of the body
	// In the read-only cache: an entry the go command wrote, and one whose
	// output is shorter than it says.
	inRead := func(action string, data []byte, size int) {
		out := sha256.Sum256(data)
		for path, content := range map[string]string{
			cacheFile(read, id(action), "a"): fmt.Sprintf("v1 %x %x %20d %20d\n", id(action), out, size, 1),
			cacheFile(read, out[:], "d"):     string(data),
		} {
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	inRead("std", []byte("std archive"), len("std archive"))
	inRead("short", []byte("short"), 99)
	before := snapshot(t, read)

	out := sha256.Sum256(body)
	empty := sha256.Sum256(nil)
	res := cacheSession(t, read, own,
		cacheRequest{ID: 1, Command: "get", ActionID: id("new")},
		cacheRequest{ID: 2, Command: "put", ActionID: id("new"), OutputID: out[:], BodySize: int64(len(body))}, body,
		cacheRequest{ID: 3, Command: "get", ActionID: id("new")},
		cacheRequest{ID: 4, Command: "get", ActionID: id("std")},
		cacheRequest{ID: 5, Command: "get", ActionID: id("short")},
		cacheRequest{ID: 6, Command: "put", ActionID: id("liar"), OutputID: id("other"), BodySize: 4}, []byte("data"),
		cacheRequest{ID: 7, Command: "put", ActionID: id("empty"), OutputID: empty[:]},
		cacheRequest{ID: 8, Command: "get", ActionID: id("empty")},
		cacheRequest{ID: 9, Command: "close"},
	)
	if len(res) != 9 {
		t.Fatalf("got %d responses, want 9: %+v", len(res), res)
	}
	for i, r := range res {
		if r.ID != int64(i+1) {
			t.Fatalf("response %d has ID %d", i+1, r.ID)
		}
	}
	if !res[0].Miss {
		t.Errorf("get before put: %+v, want a miss", res[0])
	}
	want := cacheFile(own, out[:], "d")
	if res[1].Err != "" || res[1].DiskPath != want {
		t.Errorf("put: %+v, want it stored at %s", res[1], want)
	}
	if got, err := os.ReadFile(want); err != nil || !bytes.Equal(got, body) {
		t.Errorf("stored %d bytes (%v), want the %d of the body", len(got), err, len(body))
	}
	if r := res[2]; r.Miss || r.DiskPath != want || !bytes.Equal(r.OutputID, out[:]) || r.Size != int64(len(body)) {
		t.Errorf("get after put: %+v, want the body's entry", r)
	}
	if r := res[3]; r.Miss || !strings.HasPrefix(r.DiskPath, read+"/") || r.Size != int64(len("std archive")) {
		t.Errorf("get of the read-only cache's entry: %+v, want it from %s", r, read)
	}
	if !res[4].Miss {
		t.Errorf("get of an entry whose output is short: %+v, want a miss", res[4])
	}
	if res[5].Err == "" {
		t.Errorf("put of a body that is not its output ID's: %+v, want an error", res[5])
	}
	if r := res[7]; res[6].Err != "" || r.Miss || r.Size != 0 {
		t.Errorf("put and get of an empty output: %+v, %+v", res[6], r)
	}
	if after := snapshot(t, read); !maps.Equal(before, after) {
		t.Errorf("the read-only cache changed:\nbefore %v\nafter  %v", before, after)
	}
}

// TestGoCacheByHand: started without its two folders, it says it is not
// a command for people.
func TestGoCacheByHand(t *testing.T) {
	if err := ServeGoCache(nil, strings.NewReader(""), io.Discard); err == nil {
		t.Error("ServeGoCache without arguments: no error")
	}
}

// TestGoCacheTrims: with a GOCACHEPROG the go command trims nothing, so
// on close the program removes from its own cache what no build used for
// five days, once a day, as the go command would; what is in use stays.
func TestGoCacheTrims(t *testing.T) {
	own := t.TempDir()
	old, used := cacheFile(own, id("old"), "d"), cacheFile(own, id("used"), "d")
	for _, p := range []string{old, used} {
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	long := time.Now().Add(-6 * 24 * time.Hour)
	os.Chtimes(old, long, long)
	cacheSession(t, t.TempDir(), own, cacheRequest{ID: 1, Command: "close"})
	if _, err := os.Stat(old); err == nil {
		t.Error("an entry unused for six days is still there")
	}
	if _, err := os.Stat(used); err != nil {
		t.Errorf("an entry in use was removed: %v", err)
	}
	// Trimmed a moment ago: not again today.
	os.WriteFile(old, []byte("x"), 0o644)
	os.Chtimes(old, long, long)
	cacheSession(t, t.TempDir(), own, cacheRequest{ID: 1, Command: "close"})
	if _, err := os.Stat(old); err != nil {
		t.Errorf("trimmed twice in a day: %v", err)
	}
}
