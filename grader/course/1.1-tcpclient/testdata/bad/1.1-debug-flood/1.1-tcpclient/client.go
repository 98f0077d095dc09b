package tcpclient

import (
	"fmt"
	"net"
	"strconv"
	"strings"
)

func Get(host string, port int, path string) ([]byte, error) {
	conn, err := net.Dial("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", path, host)
	var resp []byte
	buf := make([]byte, 4096)
	for {
		n, err := conn.Read(buf)
		for i := 0; i < 20000; i++ {
			fmt.Println("debug: got", n, "bytes", strings.Repeat(".", 80))
		}
		resp = append(resp, buf[:n]...)
		if err != nil || n < len(buf) {
			return resp, nil
		}
	}
}
