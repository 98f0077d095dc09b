package tcpclient

import (
	"bufio"
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
	fmt.Fprintf(conn, "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", path, host)
	r := bufio.NewReader(conn)
	var resp []byte
	for {
		line, err := r.ReadString('\n')
		if err == io.EOF {
			return resp, nil
		}
		if err != nil {
			return nil, err
		}
		resp = append(resp, line...)
	}
}
