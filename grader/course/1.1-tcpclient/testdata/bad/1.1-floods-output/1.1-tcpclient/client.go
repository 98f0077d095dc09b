package tcpclient

import (
	"bytes"
	"os"
)

// Get writes to stdout without end.
func Get(host string, port int, path string) ([]byte, error) {
	line := append(bytes.Repeat([]byte("flood "), 169), "flood!\n"...) // 1 KiB
	block := bytes.Repeat(line, 1024)
	for {
		os.Stdout.Write(block)
	}
}
