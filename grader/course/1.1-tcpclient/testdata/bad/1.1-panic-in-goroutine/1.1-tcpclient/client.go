package tcpclient

import (
	"fmt"
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
	chunks := make(chan []byte)
	go func() {
		// Never closed: closed as the panic unwinds, it lets a next Get panic too (two printed).
		for {
			buf := make([]byte, 1024)
			n, err := conn.Read(buf)
			if err != nil {
				panic(err) // "can't happen"
			}
			chunks <- buf[:n]
		}
	}()
	var resp []byte
	for c := range chunks {
		resp = append(resp, c...)
	}
	return resp, nil
}
