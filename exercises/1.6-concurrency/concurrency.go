// Package concurrency is exercise 1.6: a line server that serves many
// clients at once and shuts down gracefully. Read README.md in this folder
// first.
package concurrency

import (
	"context"
	"errors"
	"net"
	"time"
)

// Serve runs the line-reversing service on ln: every line a client sends
// (bytes up to and including "\n") is answered with the same line, its
// bytes in reverse order, followed by "\n". It serves every client at
// once, each for as long as the client stays connected, until ctx is
// cancelled or ln is closed. Then it stops accepting (closing ln), gives
// each open connection up to grace to finish the line it is in the middle
// of, closes them all, waits until every goroutine it started has ended,
// and returns nil (an error only when Accept fails for another reason).
func Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	// TODO: your code here. Delete the line below when you start.
	return errors.ErrUnsupported
}
