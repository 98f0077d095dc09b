package tcpclient

import (
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
)

// once: one panicking goroutine a process, so that two never panic at
// once (a check may call Get several times in one process) and print
// twice, in a number the machine's load decides.
var once sync.Once

// Get does the work right, then leaves behind a goroutine that panics:
// the function has returned, but the program dies all the same.
func Get(host string, port int, path string) ([]byte, error) {
	conn, err := net.Dial("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return nil, err
	}
	defer func() {
		conn.Close()
		once.Do(func() {
			go func() {
				if _, err := conn.Write(nil); err != nil {
					panic("cleanup: " + err.Error())
				}
			}()
		})
	}()
	fmt.Fprintf(conn, "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", path, host)
	return io.ReadAll(conn)
}
