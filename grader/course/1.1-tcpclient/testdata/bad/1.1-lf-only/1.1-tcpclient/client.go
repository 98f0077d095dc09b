package tcpclient

import (
	"fmt"
	"io"
	"net"
	"strconv"
)

func Get(host string, port int, path string) ([]byte, error) {
	conn, err := net.Dial("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.0\nHost: %s\n\n", path, host)
	return io.ReadAll(conn)
}
