// Package unixsock is exercise 1.5: a client and a server that talk over a
// Unix domain socket.
package unixsock

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
)

// Listen removes a stale socket file at path, then listens on it the way
// the course notes do it in C: socket, bind, listen.
func Listen(path string) (net.Listener, error) {
	info, err := os.Lstat(path)
	if err == nil {
		if info.Mode()&os.ModeSocket == 0 {
			return nil, fmt.Errorf("%s exists and is not a socket", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, err
		}
	} else if !os.IsNotExist(err) {
		return nil, err
	}
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	if err := syscall.Bind(fd, &syscall.SockaddrUnix{Name: path}); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	if err := syscall.Listen(fd, syscall.SOMAXCONN); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	// Hand the socket to package net so that Accept works as usual.
	f := os.NewFile(uintptr(fd), path)
	defer f.Close() // FileListener has its own copy
	return net.FileListener(f)
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
