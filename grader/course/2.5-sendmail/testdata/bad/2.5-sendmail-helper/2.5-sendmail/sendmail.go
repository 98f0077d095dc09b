// Package sendmail sends one mail message over SMTP (exercise 2.5).
package sendmail

import (
	"fmt"
	"mime"
	"net/smtp"
	"strings"
	"time"
)

// Send builds the message and lets smtp.SendMail hold the conversation.
func Send(addr, from string, to []string, subject, body string) error {
	msg := fmt.Sprintf("From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=\"utf-8\"\r\n\r\n%s",
		from, strings.Join(to, ", "), mime.QEncoding.Encode("utf-8", subject), time.Now().Format(time.RFC1123Z), body)
	return smtp.SendMail(addr, nil, from, to, []byte(msg))
}
