// Package textsafe shows text a submission influenced so that it cannot
// drive the terminal, log viewer or editor it is read in: its error texts,
// compiler output quoting its file names and literals, its folder names.
package textsafe

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Escape returns s with every character that could act rather than be
// read shown as a Go escape: control characters but newline and tab (ESC
// starts a window title, an OSC 52 clipboard write, a cursor move or a
// color), C1 controls (U+009B is CSI to some terminals), bytes that are not
// UTF-8 (a lone 0x9b is CSI too), the line and paragraph separators (line
// breaks to some viewers) and bidirectional controls (they reorder what is
// shown, to disguise text). A CR right before LF stays: it moves nothing
// the LF does not. Everything else, and text that needs nothing, is kept
// as it is; Escape(Escape(s)) == Escape(s).
func Escape(s string) string {
	if !needs(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[i])>>4, 16))
			b.WriteString(strconv.FormatUint(uint64(s[i])&0xf, 16))
		case r == '\r' && strings.HasPrefix(s[i+1:], "\n"):
			b.WriteByte('\r')
		case acts(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func needs(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || acts(r) && !(r == '\r' && strings.HasPrefix(s[i+1:], "\n")) {
			return true
		}
		i += n
	}
	return false
}

// acts reports whether r does something to a display rather than show.
func acts(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case unicode.IsControl(r): // C0, DEL and C1
		return true
	case r == '\u2028' || r == '\u2029':
		return true
	}
	return unicode.Is(unicode.Bidi_Control, r)
}
