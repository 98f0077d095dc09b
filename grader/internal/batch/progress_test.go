package batch

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

// TestProgressQuietWhenNotATerminal: piped or logged, stderr gets no bar.
func TestProgressQuietWhenNotATerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var buf bytes.Buffer
	for _, w := range []interface {
		Write([]byte) (int, error)
	}{&buf, f} {
		p := NewProgress(w, 3)
		for range 3 {
			p.Done(Row{})
		}
		p.Finish()
	}
	if fi, err := f.Stat(); err != nil || fi.Size() != 0 || buf.Len() != 0 {
		t.Errorf("wrote %q to a buffer and %v bytes to a file, want nothing", buf.String(), fi.Size())
	}
}

func TestProgressRedrawsInPlace(t *testing.T) {
	var buf bytes.Buffer
	now := time.Unix(0, 0)
	p := newProgress(&buf, 4, true, func() time.Time { return now })
	now = now.Add(10 * time.Second)
	p.Done(Row{})
	now = now.Add(30 * time.Second)
	for range 3 {
		p.Done(Row{})
	}
	p.Finish()
	draws := strings.Split(strings.TrimPrefix(buf.String(), "\r"), "\r")
	want := []string{
		"[>                       ] 0/4  elapsed 0:00  left ?",
		"[======>                 ] 1/4  elapsed 0:10  left ~0:30",
		"[============>           ] 2/4  elapsed 0:40  left ~0:40",
		"[==================>     ] 3/4  elapsed 0:40  left ~0:13",
		"[========================] 4/4  elapsed 0:40" + strings.Repeat(" ", len("  left ~0:13")), // blanks the old tail
		"[========================] 4/4  elapsed 0:40" + strings.Repeat(" ", len("  left ~0:13")) + "\n",
	}
	if len(draws) != len(want) {
		t.Fatalf("drew %q, want %q", draws, want)
	}
	for i := range want {
		if draws[i] != want[i] {
			t.Errorf("draw %d = %q, want %q", i, draws[i], want[i])
		}
	}
}
