// Package tcpserver is the reference solution of exercise 1.2.
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
		// The listening socket only accepts: each Accept hands back a new
		// socket connected to one client, and the data goes over that one.
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil // closing the listener is how the caller stops us
		}
		if err != nil {
			return err
		}
		greet(conn)
	}
}

// greet says hello to the client on conn and closes the connection.
func greet(conn net.Conn) {
	// Close frees the socket and sends FIN: the client reads io.EOF and
	// knows the greeting is complete.
	defer conn.Close()
	// RemoteAddr is "ip:port" ("[::1]:port" for IPv6); the greeting wants
	// the IP alone.
	host, _, err := net.SplitHostPort(conn.RemoteAddr().String())
	if err != nil {
		host = conn.RemoteAddr().String()
	}
	fmt.Fprintf(conn, "Hello %s\n", host)
}
