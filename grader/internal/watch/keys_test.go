package watch

import (
	"context"
	"io"
	"strings"
	"testing"
)

func collect(ch <-chan rune) string {
	var b strings.Builder
	for k := range ch {
		b.WriteRune(k)
	}
	return b.String()
}

func TestKeys(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, in string
		raw      bool
		want     string
	}{
		{"raw keys", "hNl", true, "hnl"},
		{"raw Enter and Escape close", "h\rl\x1b[A", true, "h l "}, // an arrow key is one Escape
		{"raw Ctrl-C quits", "h\x03n", true, "hq"},
		{"raw Ctrl-D quits", "\x04", true, "q"},
		{"lines", "h\n  Next \n\nq\n", false, "hnq"},
		{"line mode ends at EOF", "l", false, "l"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := collect(Keys(ctx, strings.NewReader(tc.in), tc.raw)); got != tc.want {
				t.Errorf("Keys(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestKeysStopsWithContext: a reader nobody listens to any more does not
// keep its goroutine past the next key.
func TestKeysStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r, w := io.Pipe()
	ch := Keys(ctx, r, true)
	w.Write([]byte("h"))
	if k := <-ch; k != 'h' {
		t.Fatalf("got %q", k)
	}
	cancel()
	go w.Write([]byte("nnn"))
	for range ch {
	}
	w.Close()
}
