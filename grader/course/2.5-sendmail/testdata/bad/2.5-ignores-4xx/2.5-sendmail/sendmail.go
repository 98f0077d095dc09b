// Package sendmail sends one mail message over SMTP (exercise 2.5).
package sendmail

import (
	"fmt"
	"mime"
	"net/textproto"
	"strings"
	"time"
)

// Send holds the conversation by hand with net/textproto.
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
		if err := c.PrintfLine(format, args...); err != nil {
			return err
		}
		_, _, err := c.ReadResponse(code)
		return err
	}
	if err := cmd(250, "EHLO localhost"); err != nil {
		return err
	}
	if err := cmd(250, "MAIL FROM:<%s>", from); err != nil {
		return err
	}
	for _, rcpt := range to {
		// A refusal is a 5xx; anything else, go on.
		if err := c.PrintfLine("RCPT TO:<%s>", rcpt); err != nil {
			return err
		}
		code, msg, err := c.ReadResponse(0)
		if err != nil {
			return err
		}
		if code >= 500 {
			return fmt.Errorf("recipient %s: %w", rcpt, &textproto.Error{Code: code, Msg: msg})
		}
	}
	if err := cmd(354, "DATA"); err != nil {
		return err
	}
	header := fmt.Sprintf("Date: %s\nFrom: %s\nTo: %s\nSubject: %s\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n",
		time.Now().Format(time.RFC1123Z), from, strings.Join(to, ", "), mime.QEncoding.Encode("utf-8", subject))
	w := c.DotWriter()
	fmt.Fprint(w, header+body)
	if err := w.Close(); err != nil {
		return err
	}

	if _, _, err := c.ReadResponse(250); err != nil {
		return err
	}
	return cmd(221, "QUIT")
}
