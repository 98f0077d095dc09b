// Package concurrency is the reference solution of exercise 1.6.
package concurrency

import (
	"bufio"
	"context"
	"errors"
	"net"
	"sync"
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
	// stopping ends when the server must wind down, for either reason: the
	// caller's ctx, or the listener closing under the accept loop.
	stopping, stop := context.WithCancel(ctx)
	defer stop()
	// Accept blocks until a client comes and knows nothing of contexts:
	// closing the listener is what wakes it.
	unwatch := context.AfterFunc(stopping, func() { ln.Close() })
	defer unwatch()

	var wg sync.WaitGroup
	var err error
	for {
		conn, aerr := ln.Accept()
		if aerr != nil {
			if stopping.Err() == nil && !errors.Is(aerr, net.ErrClosed) {
				err = aerr
			}
			break
		}
		// One goroutine per client: a client that sends nothing blocks
		// only its own handler, never the accept loop or other clients.
		wg.Add(1)
		go func() {
			defer wg.Done()
			serveConn(stopping, conn, grace)
		}()
	}
	stop()    // tell every handler to finish up
	wg.Wait() // and return only once each has closed its connection
	return err
}

// serveConn answers the lines of one client until the client closes, or
// until the server stops and the line in flight is done (or grace runs
// out).
func serveConn(stopping context.Context, conn net.Conn, grace time.Duration) {
	defer conn.Close()
	// A handler spends its life blocked in Read, where no context reaches
	// it. When the server stops, a deadline does: a client in the middle of
	// a line gets until then to finish it, and an idle one is let go.
	unwatch := context.AfterFunc(stopping, func() {
		conn.SetDeadline(time.Now().Add(grace))
	})
	defer unwatch()
	// One Read returns whatever has arrived: a single byte, or several
	// lines. ReadString gathers reads until the newline and keeps what
	// came after it for the next line.
	r := bufio.NewReader(conn)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			// The client closed (a last piece without "\n" is no line),
			// or the grace ran out while stopping.
			return
		}
		if _, err := conn.Write(reverse(line)); err != nil {
			return
		}
		if stopping.Err() != nil {
			return // that was the line in flight; now hang up
		}
	}
}

// reverse turns "abc\n" into "cba\n".
func reverse(line string) []byte {
	text := line[:len(line)-1]
	out := make([]byte, 0, len(line))
	for i := len(text) - 1; i >= 0; i-- {
		out = append(out, text[i])
	}
	return append(out, '\n')
}
