// Package ftpclient is exercise 2.6: An FTP-style client. Read README.md in this
// folder first.
package ftpclient

import "errors"

// Client is one logged-in conversation with an FTP server: its control
// connection, and what you need to read its replies.
type Client struct {
	// TODO: your fields here (a *textproto.Conn fits).
}

// Dial connects to the FTP server at addr ("host:port") and reads its
// greeting (220).
func Dial(addr string) (*Client, error) {
	// TODO: your code here. Delete the line below when you start.
	return nil, errors.ErrUnsupported
}

// Login sends USER and PASS; the server must answer 230.
func (c *Client) Login(user, pass string) error {
	return errors.ErrUnsupported
}

// List returns the lines of the server's listing of dir (LIST), without
// their line ends.
func (c *Client) List(dir string) ([]string, error) {
	return nil, errors.ErrUnsupported
}

// Retr returns the bytes of the file at path (RETR), exactly as stored:
// it asks for binary mode (TYPE I) first.
func (c *Client) Retr(path string) ([]byte, error) {
	return nil, errors.ErrUnsupported
}

// Quit sends QUIT, reads the 221 and closes the control connection.
func (c *Client) Quit() error {
	return errors.ErrUnsupported
}
