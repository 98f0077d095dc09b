package sendmail

import (
	"strings"
	"testing"

	"netcourse/fixtures/smtpfake"
	"netcourse/grader/course/2.5-sendmail/contract"
	"netcourse/grader/wire"
)

// TestMisreadNamesTheContinuationLine: an error that quotes a line of a
// multi-line reply is explained as a misread reply; one that quotes the
// reply to its own command, or a one-line reply, is not.
func TestMisreadNamesTheContinuationLine(t *testing.T) {
	s := &smtpfake.Session{Lines: []smtpfake.Line{
		{From: "S", Text: []byte("220 mx ready\r\n")},
		{From: "C", Text: []byte("EHLO me\r\n")},
		{From: "S", Text: []byte("250-mx greets me\r\n")},
		{From: "S", Text: []byte("250-SIZE 1048576\r\n")},
		{From: "S", Text: []byte("250 HELP ME NOW\r\n")},
		{From: "C", Text: []byte("RCPT TO:<a@x.test>\r\n")},
		{From: "S", Text: []byte("550 5.1.1 <a@x.test>: no such user\r\n")},
	}}
	for _, tc := range []struct {
		err, quotes string
	}{
		{`250 "SIZE 1048576"`, "250-SIZE 1048576"},
		{`250 "HELP ME NOW"`, "250 HELP ME NOW"},
		{`recipient a@x.test: 550 "5.1.1 <a@x.test>: no such user"`, ""},
		{`dial tcp: refused`, ""},
	} {
		cv := &conversation{all: []*smtpfake.Session{s}, r: contract.SendResult{Err: &wire.Err{Text: tc.err}}}
		got := cv.misread()
		if (tc.quotes == "") != (got == "") || !strings.Contains(got, tc.quotes) {
			t.Errorf("misread for %q = %q, want it to quote %q", tc.err, got, tc.quotes)
		}
	}
	if cv := (&conversation{all: []*smtpfake.Session{s}}); !cv.refusedSomething() {
		t.Error("refusedSomething misses the 550")
	}
}

// TestNormal: line ends and trailing empty lines aside, bodies compare.
func TestNormal(t *testing.T) {
	if normal("a\r\nb\r\n\r\n") != normal("a\nb") || normal("a\nb") == normal("a\n\nb") {
		t.Error("normal does not compare bodies as promised")
	}
}
