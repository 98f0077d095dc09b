package trypeer_test

import (
	"errors"
	"net/smtp"
	"net/textproto"
	"strings"
	"testing"

	"netcourse/grader/internal/trypeer"
)

// TestSMTPPeerRefusesAndLogs: the refuse fault turns LaterRcpt away with
// 451, which net/smtp sees as such, and the log has every line.
func TestSMTPPeerRefusesAndLogs(t *testing.T) {
	out, done := start(t, "2.5", trypeer.Options{Fault: "refuse", Listen: "127.0.0.1:0", N: 1})
	_, rest, _ := strings.Cut(out.String(), "sendmail.Send(\"")
	addr, _, _ := strings.Cut(rest, "\"")
	err := smtp.SendMail(addr, nil, "me@example.test", []string{"you@example.test", trypeer.LaterRcpt}, []byte("Subject: hi\r\n\r\nhello\r\n"))
	var te *textproto.Error
	if !errors.As(err, &te) || te.Code != 451 {
		t.Errorf("SendMail: %v, want a 451", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`C: "RCPT TO:<later@example.test>\r\n"`, `S: "451 4.3.0`, "connection ended (client closed): 0 messages delivered", "served 1 connection: exiting"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}
