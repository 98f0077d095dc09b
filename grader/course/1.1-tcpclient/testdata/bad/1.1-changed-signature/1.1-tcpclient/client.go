package tcpclient

import (
	"io"
	"net"
)

func Get(host string, port string, path string) ([]byte, error) {
	c, err := net.Dial("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, err
	}
	defer c.Close()
	io.WriteString(c, "GET "+path+" HTTP/1.0\r\nHost: "+host+"\r\n\r\n")
	return io.ReadAll(c)
}
