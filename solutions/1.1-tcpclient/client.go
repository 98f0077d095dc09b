// Package tcpclient is the reference solution of exercise 1.1.
package tcpclient

import (
	"fmt"
	"io"
	"net"
	"strconv"
)

// Get connects to host:port over TCP, sends an HTTP/1.0 GET request for
// path, and returns the whole response (status line, headers and body)
// exactly as the server sent it, reading until the server closes the
// connection.
func Get(host string, port int, path string) ([]byte, error) {
	conn, err := net.Dial("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	// HTTP lines end in CRLF; an empty line ends the request's headers.
	req := fmt.Sprintf("GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", path, host)
	if _, err := io.WriteString(conn, req); err != nil {
		return nil, err
	}
	// HTTP/1.0 without Content-Length: the response ends when the server
	// closes. One Read returns whatever has arrived so far, so read until
	// io.EOF.
	return io.ReadAll(conn)
}
