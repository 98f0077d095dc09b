// Package ftpclient is exercise 2.6: An FTP-style client. Read README.md in this
// folder first.
package ftpclient

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"strconv"
	"strings"
)

// Client is one logged-in conversation with an FTP server: its control
// connection, and what you need to read its replies.
type Client struct {
	conn   *textproto.Conn
	host   string // the server's address, where data connections go too
	binary bool   // TYPE I was sent
	noEPSV bool   // the server refused EPSV once: use PASV from then on
}

// Dial connects to the FTP server at addr ("host:port") and reads its
// greeting (220).
func Dial(addr string) (*Client, error) {
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	c := &Client{conn: textproto.NewConn(nc), host: nc.RemoteAddr().(*net.TCPAddr).IP.String()}
	// ReadResponse reads a whole reply, every line of a multi-line one.
	if _, _, err := c.conn.ReadResponse(220); err != nil {
		c.conn.Close()
		return nil, err
	}
	return c, nil
}

// cmd sends one command and reads its reply, which must have the code
// want (a single digit: any code of that class); a reply with any other
// code is returned as a *textproto.Error.
func (c *Client) cmd(want int, format string, args ...any) (int, string, error) {
	if _, err := c.conn.Cmd(format, args...); err != nil {
		return 0, "", err
	}
	return c.conn.ReadResponse(want)
}

// Login sends USER and PASS; the server must answer 230.
func (c *Client) Login(user, pass string) error {
	code, _, err := c.cmd(2, "USER %s", user)
	var te *textproto.Error
	if errors.As(err, &te) && te.Code == 331 {
		_, _, err = c.cmd(230, "PASS %s", pass)
		return err
	}
	if err == nil && code != 230 {
		return &textproto.Error{Code: code, Msg: "unexpected reply to USER"}
	}
	return err
}

// List returns the lines of the server's listing of dir (LIST), without
// their line ends.
func (c *Client) List(dir string) ([]string, error) {
	data, err := c.transfer("LIST " + dir)
	if err != nil {
		return nil, err
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines, nil
}

// Retr returns the bytes of the file at path (RETR), exactly as stored:
// it asks for binary mode (TYPE I) first.
func (c *Client) Retr(path string) ([]byte, error) {
	if !c.binary {
		if _, _, err := c.cmd(200, "TYPE I"); err != nil {
			return nil, err
		}
		c.binary = true
	}
	return c.transfer("RETR " + path)
}

// transfer runs one command over a new passive data connection: open it,
// send the command, read the 150 (or 125), read the data to its end,
// close, and read the final 226. The 226 may come before the data or after
// the close: reading the data to its end first works either way.
func (c *Client) transfer(command string) ([]byte, error) {
	data, err := c.passive()
	if err != nil {
		return nil, err
	}
	defer data.Close()
	if _, _, err := c.cmd(1, "%s", command); err != nil {
		return nil, err // 550 and the like: no transfer, and the session goes on
	}
	body, err := io.ReadAll(data)
	if err != nil {
		return nil, err
	}
	data.Close()
	if _, _, err := c.conn.ReadResponse(2); err != nil {
		return nil, err
	}
	return body, nil
}

// passive opens a data connection: EPSV, or PASV where the server does
// not know EPSV.
func (c *Client) passive() (net.Conn, error) {
	var port int
	if !c.noEPSV {
		_, msg, err := c.cmd(229, "EPSV")
		var te *textproto.Error
		switch {
		case err == nil:
			port, err = epsvPort(msg)
			if err != nil {
				return nil, err
			}
		case errors.As(err, &te) && te.Code >= 500:
			c.noEPSV = true
		default:
			return nil, err
		}
	}
	if c.noEPSV {
		_, msg, err := c.cmd(227, "PASV")
		if err != nil {
			return nil, err
		}
		if port, err = pasvPort(msg); err != nil {
			return nil, err
		}
	}
	return net.Dial("tcp", net.JoinHostPort(c.host, strconv.Itoa(port)))
}

// epsvPort reads the port of "Entering Extended Passive Mode (|||port|)".
func epsvPort(msg string) (int, error) {
	i := strings.Index(msg, "(")
	j := strings.LastIndex(msg, ")")
	if i < 0 || j < i {
		return 0, fmt.Errorf("ftpclient: bad EPSV reply %q", msg)
	}
	f := strings.Split(msg[i+1:j], msg[i+1:i+2])
	if len(f) != 5 {
		return 0, fmt.Errorf("ftpclient: bad EPSV reply %q", msg)
	}
	return strconv.Atoi(f[3])
}

// pasvPort reads the port of "Entering Passive Mode (h1,h2,h3,h4,p1,p2)":
// p1*256 + p2. The numbers are found wherever they are (RFC 1123 warns
// that the parentheses may be missing); the host is the server's own.
func pasvPort(msg string) (int, error) {
	i := strings.IndexAny(msg, "0123456789")
	if i < 0 {
		return 0, fmt.Errorf("ftpclient: bad PASV reply %q", msg)
	}
	j := i
	for j < len(msg) && strings.IndexByte("0123456789,", msg[j]) >= 0 {
		j++
	}
	f := strings.Split(msg[i:j], ",")
	if len(f) != 6 {
		return 0, fmt.Errorf("ftpclient: bad PASV reply %q", msg)
	}
	p1, err1 := strconv.Atoi(f[4])
	p2, err2 := strconv.Atoi(f[5])
	if err1 != nil || err2 != nil || p1 > 255 || p2 > 255 {
		return 0, fmt.Errorf("ftpclient: bad PASV reply %q", msg)
	}
	return p1*255 + p2, nil
}

// Quit sends QUIT, reads the 221 and closes the control connection.
func (c *Client) Quit() error {
	_, _, err := c.cmd(221, "QUIT")
	if cerr := c.conn.Close(); err == nil {
		err = cerr
	}
	return err
}
