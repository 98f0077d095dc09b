// Package concurrency is exercise 1.6: a line server that serves many
// clients at once and shuts down gracefully. Read README.md in this folder
// first.
package concurrency

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"time"
)

// Serve runs the line-reversing service on ln until ctx is cancelled or ln
// is closed.
func Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	var wg sync.WaitGroup
	var err error
	for {
		conn, aerr := ln.Accept()
		if aerr != nil {
			if ctx.Err() == nil && !errors.Is(aerr, net.ErrClosed) {
				err = aerr
			}
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			handle(ctx, conn, grace)
		}()
	}
	cancel()
	wg.Wait()
	return err
}

// handle answers the lines of one client: each Read is one line.
func handle(ctx context.Context, conn net.Conn, grace time.Duration) {
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() {
		conn.SetDeadline(time.Now().Add(grace))
	})
	defer stop()
	buf := make([]byte, 1024)
	for {
		n, err := conn.Read(buf)
		if err != nil {
			return
		}
		line := strings.TrimRight(string(buf[:n]), "\r\n")
		if _, err := conn.Write([]byte(reverse(line) + "\n")); err != nil {
			return
		}
		if ctx.Err() != nil {
			return
		}
	}
}

func reverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}
