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
		return nil, fmt.Errorf("tcpclient: dial: %v", err) // %v: the text stays, what it is goes
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", path, host)
	resp, err := io.ReadAll(conn)
	if err != nil {
		return resp, fmt.Errorf("tcpclient: read: %v", err)
	}
	return resp, nil
}
