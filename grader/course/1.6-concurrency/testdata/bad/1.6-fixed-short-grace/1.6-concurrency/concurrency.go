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

// drainTime is how long a client in mid-line gets once the server stops:
// a fifth of a second is plenty for anyone typing.
const drainTime = 200 * time.Millisecond

// Serve runs the line-reversing service on ln until ctx is cancelled or ln
// is closed.
func Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	stopping, stop := context.WithCancel(ctx)
	defer stop()
	unwatch := context.AfterFunc(stopping, func() { ln.Close() })
	defer unwatch()
	var wg sync.WaitGroup
	for {
		conn, err := ln.Accept()
		if err != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			handle(stopping, conn)
		}()
	}
	stop()
	wg.Wait()
	return nil
}

// handle answers the lines of one client until it hangs up or the server
// stops.
func handle(stopping context.Context, conn net.Conn) {
	defer conn.Close()
	unwatch := context.AfterFunc(stopping, func() {
		conn.SetDeadline(time.Now().Add(drainTime))
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
