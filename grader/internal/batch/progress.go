package batch

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
)

// Progress draws a one-line progress bar (done/total, elapsed time, time
// left) and redraws it in place with \r. It draws only on a terminal, so
// a log or a pipe gets nothing.
type Progress struct {
	w     io.Writer
	total int
	now   func() time.Time

	mu    sync.Mutex
	start time.Time
	done  int
	width int // of the longest line drawn, to blank what a shorter one leaves
	stop  chan struct{}
	wg    sync.WaitGroup
}

// NewProgress starts a progress bar for total submissions on w. It is
// drawn, and redrawn every second so the clock moves, only when w is a
// terminal. Call Finish when the batch is done.
func NewProgress(w io.Writer, total int) *Progress {
	p := newProgress(w, total, isTerminal(w), time.Now)
	if p.w != nil {
		p.wg.Add(1)
		go p.tick(time.Second)
	}
	return p
}

func newProgress(w io.Writer, total int, tty bool, now func() time.Time) *Progress {
	p := &Progress{total: total, now: now, start: now(), stop: make(chan struct{})}
	if tty {
		p.w = w
		p.draw()
	}
	return p
}

// isTerminal reports whether w is a terminal, as an *os.File on one is.
func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// Done counts one more submission finished. It fits Options.Done.
func (p *Progress) Done(Row) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.draw()
}

// Finish draws the bar a last time and ends its line.
func (p *Progress) Finish() {
	if p.w == nil {
		return
	}
	close(p.stop)
	p.wg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.draw()
	fmt.Fprintln(p.w)
}

func (p *Progress) tick(every time.Duration) {
	defer p.wg.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.mu.Lock()
			p.draw()
			p.mu.Unlock()
		}
	}
}

// draw redraws the line; p.mu is held.
func (p *Progress) draw() {
	if p.w == nil {
		return
	}
	l := line(p.done, p.total, p.now().Sub(p.start))
	pad := max(p.width-len(l), 0)
	p.width = max(p.width, len(l))
	fmt.Fprint(p.w, "\r"+l+strings.Repeat(" ", pad))
}

// line is the progress bar's text, e.g.
// "[=========>           ]  37/100  elapsed 1:02  left ~1:45".
// Time left assumes the rest take as long on average as those done.
func line(done, total int, elapsed time.Duration) string {
	const width = 24
	fill := 0
	if total > 0 {
		fill = width * done / total
	}
	bar := strings.Repeat("=", fill)
	if fill < width {
		bar += ">" + strings.Repeat(" ", width-fill-1)
	}
	n := len(fmt.Sprint(total))
	s := fmt.Sprintf("[%s] %*d/%d  elapsed %s", bar, n, done, total, clock(elapsed))
	switch {
	case done == total:
	case done == 0:
		s += "  left ?"
	default:
		s += "  left ~" + clock(elapsed*time.Duration(total-done)/time.Duration(done))
	}
	return s
}

// clock formats d as m:ss.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
