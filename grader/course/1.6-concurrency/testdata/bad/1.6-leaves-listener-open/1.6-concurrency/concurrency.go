// Package concurrency is exercise 1.6: a line server that serves many
// clients at once and shuts down gracefully. Read README.md in this folder
// first.
package concurrency

import (
	"bufio"
	"context"
	"errors"
	"net"
	"os"
	"sync"
	"time"
)

// Serve runs the line-reversing service on ln until ctx is cancelled or ln
// is closed. The caller opened ln, so the caller closes it: Serve only
// stops accepting, polling ctx between Accepts.
func Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	stopping, stop := context.WithCancel(ctx)
	defer stop()
	tl := ln.(*net.TCPListener)
	var wg sync.WaitGroup
	for stopping.Err() == nil {
		tl.SetDeadline(time.Now().Add(50 * time.Millisecond))
		conn, err := tl.Accept()
		if errors.Is(err, os.ErrDeadlineExceeded) {
			continue
		}
		if err != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			handle(stopping, conn, grace)
		}()
	}
	stop()
	wg.Wait()
	return nil
}

// handle answers the lines of one client until it hangs up, or until the
// server stops and the line in flight is done.
func handle(stopping context.Context, conn net.Conn, grace time.Duration) {
	defer conn.Close()
	unwatch := context.AfterFunc(stopping, func() {
		conn.SetDeadline(time.Now().Add(grace))
	})
	defer unwatch()
	r := bufio.NewReader(conn)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		if _, err := conn.Write(reverse(line)); err != nil {
			return
		}
		if stopping.Err() != nil {
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
