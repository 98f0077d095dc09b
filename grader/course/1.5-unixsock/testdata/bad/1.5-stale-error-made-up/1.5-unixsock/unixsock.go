// Package unixsock is exercise 1.5: a client and a server that talk over a
// Unix domain socket.
package unixsock

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"syscall"
	"time"
)

// Listen listens for connections on the Unix domain socket at path
// (network "unix"). A stale socket file at path, left by a server that is
// gone, is removed first; anything else at path (a regular file, a
// directory) is left alone and Listen returns an error. Closing the
// listener, and Serve's return, must leave no socket file behind.
func Listen(path string) (net.Listener, error) {
	if err := removeStale(path); err != nil {
		return nil, err
	}
	// A listener from net.Listen removes its socket file when it is
	// closed (see UnixListener.SetUnlinkOnClose).
	return net.Listen("unix", path)
}

// removeStale removes the socket file at path if no one listens on it
// any more. A missing path is fine; anything else is an error.
func removeStale(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if fi.Mode().Type() != fs.ModeSocket {
		// Someone's file, or a directory: never ours to delete.
		return fmt.Errorf("unixsock: %s exists and is not a socket", path)
	}
	// The file outlives the server that made it: a crash, or a close that
	// did not unlink. A connection attempt tells a dead socket (refused)
	// from one a live server still listens on.
	c, err := net.DialTimeout("unix", path, time.Second)
	if err == nil {
		c.Close()
		return fmt.Errorf("unixsock: %s: a server is listening there: %w", path, syscall.EADDRINUSE)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Serve accepts clients on ln until ln is closed. Each client sends a
// request and then closes its write side; Serve answers with the request
// in upper case (bytes.ToUpper) and closes that client's connection. When
// ln is closed, Serve returns nil (or an error wrapping net.ErrClosed),
// and by then the socket file must be gone.
func Serve(ln net.Listener) error {
	// Closing a listener from net.Listen already removed the file; one made
	// another way (net.FileListener) does not, so make sure.
	defer removeSocketFile(ln.Addr())
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil // closing the listener is how the caller stops us
		}
		if err != nil {
			return err
		}
		answer(conn)
	}
}

// answer reads one client's request to its end and sends the reply.
func answer(conn net.Conn) {
	// Close sends the end of the reply: the client reads io.EOF.
	defer conn.Close()
	// A client that never finishes its request must not block the others
	// forever.
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	// The request ends where the client closed its write side, and may
	// arrive in any number of pieces: read until io.EOF.
	req, err := io.ReadAll(conn)
	if err != nil {
		return
	}
	conn.Write(bytes.ToUpper(req))
}

// removeSocketFile removes the socket file of a Unix listener's address,
// if it is still there and still a socket.
func removeSocketFile(addr net.Addr) {
	if addr.Network() != "unix" {
		return
	}
	if fi, err := os.Lstat(addr.String()); err == nil && fi.Mode().Type() == fs.ModeSocket {
		os.Remove(addr.String())
	}
}

// Request connects to the Unix domain socket at path, sends msg, closes
// its write side to mark the end of the request, and returns the whole
// reply, read until the server closes the connection.
func Request(path string, msg []byte) ([]byte, error) {
	// Network "unix": the address is a file name, not host:port.
	conn, err := net.Dial("unix", path)
	if err != nil {
		return nil, errors.New("unixsock: cannot reach the server")
	}
	defer conn.Close()
	if _, err := conn.Write(msg); err != nil {
		return nil, err
	}
	// Half-close: the server reads io.EOF, the end of our request, and we
	// can still read its reply.
	if err := conn.(*net.UnixConn).CloseWrite(); err != nil {
		return nil, err
	}
	// The reply ends when the server closes; one Read returns whatever has
	// arrived so far.
	return io.ReadAll(conn)
}
