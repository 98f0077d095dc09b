package watch

import (
	"bufio"
	"context"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Keys reads the student's commands from in: one key press is one command
// when in is a terminal in raw mode (raw), else one line is ("h", "hint",
// ... and Enter). Ctrl-C and Ctrl-D quit, as a raw terminal sends them as
// bytes, not signals. The channel is closed at the end of input. A read
// cannot be interrupted: the reading goroutine ends at the next key or the
// end of input once ctx has ended.
func Keys(ctx context.Context, in io.Reader, raw bool) <-chan rune {
	ch := make(chan rune)
	send := func(r rune) bool {
		select {
		case ch <- r:
			return true
		case <-ctx.Done():
			return false
		}
	}
	go func() {
		defer close(ch)
		if raw {
			rawKeys(in, send)
		} else {
			lineKeys(in, send)
		}
	}()
	return ch
}

func rawKeys(in io.Reader, send func(rune) bool) {
	buf := make([]byte, 64)
	for {
		n, err := in.Read(buf)
	chunk:
		for _, b := range buf[:n] {
			k := rune(b)
			switch {
			case b == 3 || b == 4: // Ctrl-C, Ctrl-D
				send('q')
				return
			case b == '\r' || b == '\n':
				k = ' ' // Enter closes a panel, as space does
			case b == 27:
				// Escape, or the start of an arrow key's sequence: one
				// close, and the rest of the sequence is no command.
				if !send(' ') {
					return
				}
				break chunk
			case b >= utf8.RuneSelf || !unicode.IsPrint(k):
				continue
			}
			if !send(unicode.ToLower(k)) {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func lineKeys(in io.Reader, send func(rune) bool) {
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(line)
		if !send(unicode.ToLower(r)) {
			return
		}
	}
}
