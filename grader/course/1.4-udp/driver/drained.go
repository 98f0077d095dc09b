package main

import (
	"net"
	"time"
)

// drained waits until nothing is left queued at conn (Serve has read every
// datagram that arrived), at most max, and then a moment more, so that the
// read that took the last datagram has finished copying it.
func drained(conn net.PacketConn, max time.Duration) {
	deadline := time.Now().Add(max)
	for time.Now().Before(deadline) {
		if empty, ok := queueEmpty(conn); ok && empty {
			time.Sleep(2 * time.Millisecond)
			return
		} else if !ok {
			break // cannot tell here: wait it out
		}
		time.Sleep(time.Millisecond)
	}
	time.Sleep(time.Until(deadline))
}
