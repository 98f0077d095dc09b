// Package tcpclient is a working Get that first opens two throw-away
// connections, a leftover of checking that the server is up.
package tcpclient

import (
	"fmt"
	"io"
	"net"
	"strconv"
)

// Get connects to host:port, but first opens and closes two connections
// it does not use (a leftover of debugging).
func Get(host string, port int, path string) ([]byte, error) {
	addr := net.JoinHostPort(host, strconv.Itoa(port))
	for i := 0; i < 2; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
		}
	}
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	req := fmt.Sprintf("GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", path, host)
	if _, err := io.WriteString(conn, req); err != nil {
		return nil, err
	}
	return io.ReadAll(conn)
}
