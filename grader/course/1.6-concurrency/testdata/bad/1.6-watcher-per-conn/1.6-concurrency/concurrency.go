// Package concurrency is exercise 1.6: a line server that serves many
// clients at once and shuts down gracefully. Read README.md in this folder
// first.
package concurrency

import (
	"bufio"
	"context"
	"errors"
	"net"
	"sync"
	"time"
)

// Serve runs the line-reversing service on ln until ctx is cancelled or ln
// is closed.
func Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
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

// handle answers the lines of one client.
func handle(ctx context.Context, conn net.Conn, grace time.Duration) {
	defer conn.Close()
	// Wake the handler when the server stops.
	go func() {
		<-ctx.Done()
		conn.SetDeadline(time.Now().Add(grace))
	}()
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
