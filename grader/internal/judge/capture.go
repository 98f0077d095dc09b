package judge

import (
	"fmt"
	"strings"
	"sync"
)

// capture keeps a child's output within bounds: the beginning and the end
// (where a panic's trace is), and how much was dropped in between, so a
// submission that floods its output costs nothing but its own message.
type capture struct {
	mu      sync.Mutex
	head    []byte
	tail    []byte // a window on the last tailMax bytes
	dropped int
}

const (
	headMax = 16 << 10
	tailMax = 48 << 10
)

func newCapture() *capture { return &capture{} }

func (c *capture) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(p)
	if room := headMax - len(c.head); room > 0 {
		k := min(room, len(p))
		c.head = append(c.head, p[:k]...)
		p = p[k:]
	}
	c.tail = append(c.tail, p...)
	if over := len(c.tail) - tailMax; over > 0 {
		c.dropped += over
		c.tail = append(c.tail[:0], c.tail[over:]...)
	}
	return n, nil
}

// String returns what was kept, with a marker where bytes were dropped.
func (c *capture) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := string(c.head)
	if c.dropped > 0 {
		s += fmt.Sprintf("\n... %d bytes of output dropped ...\n", c.dropped)
	}
	return s + string(c.tail)
}

// Trimmed returns the last lines of the output, short enough to show under
// a failing check.
func (c *capture) Trimmed() string {
	const maxLines, maxBytes = 20, 2000
	s := strings.TrimRight(c.String(), "\n")
	if s == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	cut := false
	if len(lines) > maxLines {
		lines, cut = lines[len(lines)-maxLines:], true
	}
	for i, l := range lines {
		if len(l) > 200 {
			lines[i] = l[:200] + "…"
		}
	}
	s = strings.Join(lines, "\n")
	if len(s) > maxBytes {
		s, cut = s[len(s)-maxBytes:], true
	}
	if cut {
		s = "…\n" + s
	}
	return s
}
