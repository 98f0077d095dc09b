// Package sendmail sends one mail message over SMTP (exercise 2.5).
package sendmail

import (
	"bytes"
	"fmt"
	"mime"
	"net/smtp"
	"strings"
	"time"
)

// Send connects to the mail server at addr ("host:port") and sends one
// message from from to every address in to, with the given subject and
// body, as the README says. A recipient the server refuses makes Send
// send nothing and return an error that holds the server's reply (a
// *textproto.Error).
func Send(addr, from string, to []string, subject, body string) error {
	c, err := smtp.Dial(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return err
	}
	if err := c.Mail(from); err != nil {
		return fmt.Errorf("sender %s: %w", from, err)
	}
	for _, rcpt := range to {
		if err := c.Rcpt(rcpt); err != nil {
			c.Quit() // nothing is sent: end the session politely, the refusal is the error
			return fmt.Errorf("recipient %s: %w", rcpt, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	// The DotWriter behind Data ends every line in CR LF and dot-stuffs.
	if _, err := w.Write(message(from, to, subject, body)); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// message is the header and the body.
func message(from string, to []string, subject, body string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "Date: %s\n", time.Now().Format(time.RFC1123Z))
	fmt.Fprintf(&b, "From: %s\n", from)
	fmt.Fprintf(&b, "To: %s\n", strings.Join(to, ", "))
	fmt.Fprintf(&b, "Subject: %s\n", mime.QEncoding.Encode("utf-8", subject))
	b.WriteString("MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n")
	b.WriteString(body)
	return b.Bytes()
}
