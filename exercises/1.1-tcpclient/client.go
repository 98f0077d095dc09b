// Package tcpclient is exercise 1.1: a TCP client that speaks just enough
// HTTP/1.0 to fetch a page. Read README.md in this folder first.
package tcpclient

import "errors"

// Get connects to host:port over TCP, sends an HTTP/1.0 GET request for
// path, and returns the whole response (status line, headers and body)
// exactly as the server sent it, reading until the server closes the
// connection.
func Get(host string, port int, path string) ([]byte, error) {
	// TODO: your code here. Delete the line below when you start.
	return nil, errors.ErrUnsupported
}
