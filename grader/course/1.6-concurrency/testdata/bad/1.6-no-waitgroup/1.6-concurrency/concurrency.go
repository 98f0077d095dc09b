// Package concurrency is exercise 1.6: a line server that serves many
// clients at once and shuts down gracefully. Read README.md in this folder
// first.
package concurrency

import (
	"bufio"
	"context"
	"net"
	"time"
)

// Serve runs the line-reversing service on ln until ctx is cancelled or ln
// is closed.
func Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	for {
		conn, err := ln.Accept()
		if err != nil {
			break
		}
		go handle(ctx, conn, grace)
	}
	// The handlers see the cancel and finish their line within grace.
	cancel()
	return nil
}

// handle answers the lines of one client.
func handle(ctx context.Context, conn net.Conn, grace time.Duration) {
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() {
		conn.SetDeadline(time.Now().Add(grace))
	})
	defer stop()
	r := bufio.NewReader(conn)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		if _, err := conn.Write(reverse(line)); err != nil {
			return
		}
		if ctx.Err() != nil {
			return
		}
	}
}

func reverse(line string) []byte {
	text := line[:len(line)-1]
	out := make([]byte, 0, len(line))
	for i := len(text) - 1; i >= 0; i-- {
		out = append(out, text[i])
	}
	return append(out, '\n')
}
