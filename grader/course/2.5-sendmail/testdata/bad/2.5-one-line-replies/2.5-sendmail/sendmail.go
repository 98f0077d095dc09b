// Package sendmail sends one mail message over SMTP (exercise 2.5).
package sendmail

import (
	"bufio"
	"fmt"
	"mime"
	"net"
	"net/textproto"
	"strconv"
	"strings"
	"time"
)

// Send speaks SMTP on a bare connection, reading one line per reply.
func Send(addr, from string, to []string, subject, body string) error {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	r := bufio.NewReader(conn)
	// reply reads the reply: its first line, which has the code.
	reply := func(want int) error {
		line, err := r.ReadString('\n')
		if err != nil {
			return err
		}
		code, err := strconv.Atoi(line[:3])
		if err != nil {
			return fmt.Errorf("bad reply %q", line)
		}
		if code/100 != want/100 {
			return &textproto.Error{Code: code, Msg: strings.TrimSpace(line[4:])}
		}
		return nil
	}
	cmd := func(want int, format string, args ...any) error {
		if _, err := fmt.Fprintf(conn, format+"\r\n", args...); err != nil {
			return err
		}
		return reply(want)
	}
	if err := reply(220); err != nil {
		return err
	}
	if err := cmd(250, "EHLO localhost"); err != nil {
		return err
	}
	if err := cmd(250, "MAIL FROM:<%s>", from); err != nil {
		return err
	}
	for _, rcpt := range to {
		if err := cmd(250, "RCPT TO:<%s>", rcpt); err != nil {
			return fmt.Errorf("recipient %s: %w", rcpt, err)
		}
	}
	if err := cmd(354, "DATA"); err != nil {
		return err
	}
	msg := fmt.Sprintf("Date: %s\nFrom: %s\nTo: %s\nSubject: %s\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n%s",
		time.Now().Format(time.RFC1123Z), from, strings.Join(to, ", "), mime.QEncoding.Encode("utf-8", subject), body)
	msg = strings.ReplaceAll("\n"+msg, "\n.", "\n..")[1:]
	msg = strings.ReplaceAll(msg, "\n", "\r\n")
	if err := cmd(250, "%s.", msg); err != nil {
		return err
	}
	return cmd(221, "QUIT")
}
