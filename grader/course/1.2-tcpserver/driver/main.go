// Command tcpserver is the child of exercise 1.2: it listens, runs the
// submission's Serve on the listener, and when the judge says so closes
// the listener and reports how Serve ended and what sockets it left open.
package main

import (
	"net"
	"os"
	"strings"
	"time"

	tcpserver "netcourse/exercises/1.2-tcpserver"
	"netcourse/grader/child"
	"netcourse/grader/course/1.2-tcpserver/contract"
)

func main() {
	os.Exit(child.Serve(child.Handle(contract.Serve, serve)))
}

func serve(s *child.Session, a contract.ServeArgs) (contract.ServeResult, error) {
	ln, err := net.Listen(a.Network, a.Addr)
	if err != nil {
		return contract.ServeResult{}, err
	}
	// On the error paths below the listener is left to the process's end:
	// closing it would wake Serve, and what it does then is not this
	// operation's business.
	before, sockErr := sockets()
	if err := child.Emit(s, contract.Listening, contract.Addr{Addr: ln.Addr().String()}); err != nil {
		return contract.ServeResult{}, err
	}
	if a.Hold {
		if _, err := child.Wait(s, contract.Begin); err != nil {
			return contract.ServeResult{}, err
		}
	}
	st, err := child.ServeUntilStopped(s, func() error { return tcpserver.Serve(ln) }, func() { ln.Close() })
	if err != nil {
		return contract.ServeResult{}, err
	}
	r := contract.ServeResult{Stopped: st, LeakedSockets: -1}
	if sockErr == nil {
		r.LeakedSockets = leaked(before, contract.Settle)
	}
	return r, nil
}

// sockets returns the sockets this process holds open, by their
// /proc/self/fd links ("socket:[12345]").
func sockets() (map[string]bool, error) {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return nil, err
	}
	m := make(map[string]bool)
	for _, e := range ents {
		l, err := os.Readlink("/proc/self/fd/" + e.Name())
		if err == nil && strings.HasPrefix(l, "socket:") {
			m[l] = true
		}
	}
	return m, nil
}

// leaked counts the sockets open now that were not open before, waiting
// up to within for them to go (a handler goroutine may close a moment
// after Serve returned). -1 when they cannot be counted.
func leaked(before map[string]bool, within time.Duration) int {
	deadline := time.Now().Add(within)
	for {
		now, err := sockets()
		if err != nil {
			return -1
		}
		n := 0
		for l := range now {
			if !before[l] {
				n++
			}
		}
		if n == 0 || time.Now().After(deadline) {
			return n
		}
		time.Sleep(10 * time.Millisecond)
	}
}
