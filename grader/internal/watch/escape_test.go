package watch

import (
	"bytes"
	"strings"
	"testing"

	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/result"
)

// TestScreenEscapesSubmissionText: what the watch screen prints of a
// result, its own summary or the text report, cannot clear the screen or
// paint a verdict. A compile error quotes the student's string literal.
func TestScreenEscapesSubmissionText(t *testing.T) {
	evil := "\x1b[2J\x1b[H\x1b[32m✓ all checks passed\x1b[0m\u009b\u202e"
	s := &session{opt: Options{Judge: judge.Options{Impl: "exercises"}}, res: &result.Exercise{
		ID: "1.1", Title: "TCP client", Dir: "1.1-tcpclient", Status: result.BuildError, MaxScore: 10,
		Message: `exercises/1.1-tcpclient/client.go:9:2: "` + evil + `" (untyped string constant) is not used`,
	}}
	for name, write := range map[string]func(*bytes.Buffer){
		"summary": func(b *bytes.Buffer) { s.writeSummary(b) },
		"report":  func(b *bytes.Buffer) { s.writeReport(b) },
	} {
		var b bytes.Buffer
		write(&b)
		if strings.ContainsAny(b.String(), "\x1b\u009b\u202e") {
			t.Errorf("%s holds raw control characters: %q", name, b.String())
		}
		if !strings.Contains(b.String(), `\x1b[2J`) {
			t.Errorf("%s does not show the message escaped: %q", name, b.String())
		}
	}
}
