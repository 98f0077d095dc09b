// Package unixsock is exercise 1.5: a client and a server that talk over a
// Unix domain socket, a socket with a file name instead of an address and
// port. Read README.md in this folder first.
package unixsock

import (
	"errors"
	"net"
)

// Listen listens for connections on the Unix domain socket at path
// (network "unix"). A stale socket file at path, left by a server that is
// gone, is removed first; anything else at path (a regular file, a
// directory) is left alone and Listen returns an error. Closing the
// listener, and Serve's return, must leave no socket file behind.
func Listen(path string) (net.Listener, error) {
	// TODO: your code here. Delete the line below when you start.
	return nil, errors.ErrUnsupported
}

// Serve accepts clients on ln until ln is closed. Each client sends a
// request and then closes its write side; Serve answers with the request
// in upper case (bytes.ToUpper) and closes that client's connection. When
// ln is closed, Serve returns nil (or an error wrapping net.ErrClosed),
// and by then the socket file must be gone.
func Serve(ln net.Listener) error {
	// TODO: your code here. Delete the line below when you start.
	return errors.ErrUnsupported
}

// Request connects to the Unix domain socket at path, sends msg, closes
// its write side to mark the end of the request, and returns the whole
// reply, read until the server closes the connection.
func Request(path string, msg []byte) ([]byte, error) {
	// TODO: your code here. Delete the line below when you start.
	return nil, errors.ErrUnsupported
}
