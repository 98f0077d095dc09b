// Package sendmail sends one mail message over SMTP (exercise 2.5).
package sendmail

import "errors"

// Send connects to the mail server at addr ("host:port") and sends one
// message from from to every address in to, with the given subject and
// body, as the README says. A recipient the server refuses makes Send
// send nothing and return an error that holds the server's reply (a
// *textproto.Error).
func Send(addr, from string, to []string, subject, body string) error {
	return errors.ErrUnsupported
}
