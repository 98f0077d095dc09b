// Package tcpserver is exercise 1.2: a TCP server that greets each client
// with the client's own address. Read README.md in this folder first.
package tcpserver

import (
	"errors"
	"fmt"
	"net"
)

// Serve accepts clients on ln until ln is closed. It greets each client
// with "Hello <client-ip>\n" (the address the client connects from,
// without the port), then closes that client's connection. When ln is
// closed, Serve returns nil (or an error wrapping net.ErrClosed).
func Serve(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		host, _, _ := net.SplitHostPort(conn.RemoteAddr().String())
		fmt.Fprintf(conn, "Hello %s\n", host)
		// "Free the socket at once, no TIME_WAIT": an abortive close.
		conn.(*net.TCPConn).SetLinger(0)
		conn.Close()
	}
}
