package tcpclient

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
)

// fakePass is what the student's error says: a window title, an OSC 52
// clipboard write, a clear-screen and cursor home, a green "passed", NUL,
// a C1 CSI, a right-to-left override and a byte that is not UTF-8. The
// report must show it, not obey it.
const fakePass = "\x1b]0;all passed\a\x1b]52;c;cm0gLXJmIH4K\a\x1b[2J\x1b[H\x1b[32m✓ all checks passed\x1b[0m\x00\u009b2J\u202etxt.exe\x9b"

func Get(host string, port int, path string) ([]byte, error) {
	conn, err := net.Dial("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return nil, errors.New(fakePass)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", path, host)
	if _, err := io.ReadAll(conn); err != nil {
		return nil, err
	}
	return nil, errors.New(fakePass)
}
