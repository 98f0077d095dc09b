// Package unixsock is exercise 1.5: a client and a server that talk over a
// Unix domain socket.
package unixsock

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
)

// Listen removes an old socket file at path, then listens on it.
func Listen(path string) (net.Listener, error) {
	// An old file at the path makes bind fail: clear the way.
	if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	return net.Listen("unix", path)
}

// Serve answers each client with its request in upper case.
func Serve(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
		handle(conn)
	}
}

func handle(conn net.Conn) {
	defer conn.Close()
	req, err := io.ReadAll(conn)
	if err != nil {
		return
	}
	conn.Write(bytes.ToUpper(req))
}

// Request sends msg to the server at path and returns its reply.
func Request(path string, msg []byte) ([]byte, error) {
	conn, err := net.Dial("unix", path)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if _, err := conn.Write(msg); err != nil {
		return nil, err
	}
	if err := conn.(*net.UnixConn).CloseWrite(); err != nil {
		return nil, err
	}
	return io.ReadAll(conn)
}
