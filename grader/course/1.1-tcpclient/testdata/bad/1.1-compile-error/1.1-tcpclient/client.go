package tcpclient

import (
	"fmt"
	"io"
	"net"
)

func Get(host string, port int, path string) ([]byte, error) {
	conn, err := net.Dial("tcp", fmt.Sprintf("%s:%d", host, port))
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", path, hots)
	return io.ReadAll(conn)
}
