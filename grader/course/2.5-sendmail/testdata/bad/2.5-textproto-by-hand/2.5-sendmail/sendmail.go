// Package sendmail sends one mail message over SMTP (exercise 2.5).
package sendmail

import (
	"bytes"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/textproto"
	"strings"
	"time"
)

// Send holds the conversation by hand with net/textproto: HELO rather than
// EHLO, a B-encoded subject, a quoted-printable body.
func Send(addr, from string, to []string, subject, body string) error {
	c, err := textproto.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, _, err := c.ReadResponse(220); err != nil {
		return err
	}
	cmd := func(code int, format string, args ...any) error {
		id, err := c.Cmd(format, args...)
		if err != nil {
			return err
		}
		c.StartResponse(id)
		defer c.EndResponse(id)
		_, _, err = c.ReadResponse(code)
		return err
	}
	if err := cmd(250, "HELO client.example.test"); err != nil {
		return err
	}
	if err := cmd(250, "MAIL FROM:<%s>", from); err != nil {
		return err
	}
	for _, rcpt := range to {
		if err := cmd(25, "RCPT TO:<%s>", rcpt); err != nil {
			return fmt.Errorf("RCPT TO:<%s>: %w", rcpt, err)
		}
	}
	if err := cmd(354, "DATA"); err != nil {
		return err
	}
	var qp bytes.Buffer
	q := quotedprintable.NewWriter(&qp)
	q.Write([]byte(body))
	q.Close()
	w := c.DotWriter()
	fmt.Fprintf(w, "Subject: %s\nTo: %s\nFrom: %s\nDate: %s\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\nMIME-Version: 1.0\n\n",
		mime.BEncoding.Encode("UTF-8", subject), strings.Join(to, ",\n "), from, time.Now().UTC().Format(time.RFC1123))
	w.Write(qp.Bytes())
	if err := w.Close(); err != nil {
		return err
	}
	if _, _, err := c.ReadResponse(250); err != nil {
		return err
	}
	return cmd(221, "QUIT")
}
