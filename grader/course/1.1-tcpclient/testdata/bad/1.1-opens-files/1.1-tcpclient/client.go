package tcpclient

import (
	"fmt"
	"os"
)

var open []*os.File

// Get opens files until the system says no, keeping them all open, then
// makes up a response.
func Get(host string, port int, path string) ([]byte, error) {
	for range 100000 {
		f, err := os.Open("/dev/null")
		if err != nil {
			fmt.Println("stopped:", err)
			break
		}
		open = append(open, f)
	}
	return []byte("HTTP/1.0 200 OK\r\n\r\nok"), nil
}
