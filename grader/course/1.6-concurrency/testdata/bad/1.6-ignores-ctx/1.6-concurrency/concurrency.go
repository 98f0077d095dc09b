// Package concurrency is exercise 1.6: a line server that serves many
// clients at once and shuts down gracefully. Read README.md in this folder
// first.
package concurrency

import (
	"bufio"
	"context"
	"net"
	"sync"
	"time"
)

// Serve runs the line-reversing service on ln until ln is closed.
func Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	var wg sync.WaitGroup
	quit := make(chan struct{})
	for {
		conn, err := ln.Accept()
		if err != nil {
			break // the listener was closed
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			handle(conn, quit, grace)
		}()
	}
	close(quit)
	wg.Wait()
	return nil
}

// handle answers the lines of one client until it hangs up or the server
// quits.
func handle(conn net.Conn, quit <-chan struct{}, grace time.Duration) {
	defer conn.Close()
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-quit:
			conn.SetDeadline(time.Now().Add(grace))
		case <-done:
		}
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
		select {
		case <-quit:
			return
		default:
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
