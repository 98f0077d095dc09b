package tcpclient

import (
	"io"
	"net"
	"strconv"
)

// Get makes room for the response before it connects, doubling its
// buffer while it "might be too small", and fills each with zeros the
// slow way: it never gets to connect.
func Get(host string, port int, path string) ([]byte, error) {
	buf := make([]byte, 1<<20)
	for len(buf) < 1<<40 {
		bigger := make([]byte, 2*len(buf))
		for i := range bigger {
			bigger[i] = 0xff
		}
		copy(bigger, buf)
		buf = bigger
	}
	conn, err := net.Dial("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	n, err := io.ReadFull(conn, buf)
	return buf[:n], err
}
