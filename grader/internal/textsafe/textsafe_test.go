package textsafe

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text, ✓ and ünïcode\n\tindented", "plain text, ✓ and ünïcode\n\tindented"},
		{"\x1b]0;pwned\a", `\x1b]0;pwned\a`},
		{"\x1b]52;c;cm0gLXJmIH4=\a", `\x1b]52;c;cm0gLXJmIH4=\a`},
		{"\x1b[2J\x1b[H", `\x1b[2J\x1b[H`},
		{"\x1b[32m✓ all checks passed\x1b[0m", `\x1b[32m✓ all checks passed\x1b[0m`},
		{"nul\x00here", `nul\x00here`},
		{"c1 \u009b2J", `c1 \u009b2J`},
		{"lone \x9b2J and \xff", `lone \x9b2J and \xff`},
		{"admin\u202etxt.exe\u2066x\u2069", `admin\u202etxt.exe\u2066x\u2069`},
		{"a\u2028b", `a\u2028b`},
		{"over\rwrite", `over\rwrite`},
		{"crlf\r\nkept", "crlf\r\nkept"},
		{"del\x7f", `del\x7f`},
		{"already \\x1b shown", "already \\x1b shown"},
		{"", ""},
	} {
		got := Escape(tc.in)
		if got != tc.want {
			t.Errorf("Escape(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if again := Escape(got); again != got {
			t.Errorf("Escape is not idempotent on %q: %q", got, again)
		}
		if !utf8.ValidString(got) || strings.ContainsAny(got, "\x1b\x00\u009b\u202e") {
			t.Errorf("Escape(%q) = %q still holds a control", tc.in, got)
		}
	}
}
