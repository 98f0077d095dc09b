package tcpclient

import (
	"fmt"
	"io"
	"net"
)

func Get(host string, port int, path string) ([]byte, error) {
	conn, _ := net.Dial("tcp", fmt.Sprintf("%s:%d", host, port))
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", path, host)
	return io.ReadAll(conn)
}
