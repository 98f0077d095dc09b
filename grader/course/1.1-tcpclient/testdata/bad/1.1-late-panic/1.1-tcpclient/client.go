package tcpclient

import (
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"time"
)

// late starts the panicking goroutine once a process: two of them (a
// check may call Get several times in one process) panicking at once
// would both print, in a number the machine's load decides.
var late sync.Once

// Get does the work right, then leaves a goroutine behind that panics
// 20 ms after Get returned: the function's answer is in, but the program
// dies all the same.
func Get(host string, port int, path string) ([]byte, error) {
	late.Do(func() {
		go func() {
			time.Sleep(20 * time.Millisecond)
			panic("late: the bookkeeping goroutine found nothing to do")
		}()
	})
	conn, err := net.Dial("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", path, host)
	return io.ReadAll(conn)
}
