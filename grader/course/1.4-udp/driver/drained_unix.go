//go:build linux || darwin

package main

import (
	"errors"
	"net"
	"syscall"
)

// queueEmpty reports whether no datagram is queued at conn, by peeking
// without waiting: the datagram stays queued for Serve.
func queueEmpty(conn net.PacketConn) (empty, ok bool) {
	sc, isConn := conn.(syscall.Conn)
	if !isConn {
		return false, false
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false, false
	}
	var b [1]byte
	var perr error
	if err := rc.Control(func(fd uintptr) {
		_, _, perr = syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
	}); err != nil {
		return false, false
	}
	if errors.Is(perr, syscall.EAGAIN) || errors.Is(perr, syscall.EWOULDBLOCK) {
		return true, true
	}
	return false, perr == nil
}
