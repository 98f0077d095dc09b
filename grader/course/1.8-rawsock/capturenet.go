package rawsock

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"

	"netcourse/grader/internal/judge"
)

// link is the judge's side of a capture check: loopback in a network
// namespace made for the check alone (setupNet: nothing forwards, so no
// frame is answered), where the judge writes whole frames of its making
// on a packet socket. Each goes out (a copy to every packet socket, as
// PACKET_OUTGOING) and comes back in (a copy as PACKET_HOST, or BROADCAST,
// MULTICAST, OTHERHOST by its destination MAC). The child's packet socket
// is opened there too, after the judge's own, which watches for each
// frame's arrival before the next is sent: the kernel hands a frame to
// the newest socket first, so once the judge has seen it, the child's
// socket holds it, and every run queues the same frames in the same
// order.
type link struct {
	out, watch int
}

// loIndex is loopback's interface index, the same in every namespace.
const loIndex = 1

// arriveWithin bounds the wait for a frame the judge sent to come back
// in: loopback hands it over within the send.
const arriveWithin = 3 * time.Second

func htons(v uint16) uint16 { return v<<8 | v>>8 }

// packetSocket opens a packet socket for every EtherType, bound to
// loopback.
func packetSocket() (int, error) {
	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_CLOEXEC, int(htons(unix.ETH_P_ALL)))
	if err != nil {
		return -1, err
	}
	if err := unix.Bind(fd, &unix.SockaddrLinklayer{Protocol: htons(unix.ETH_P_ALL), Ifindex: loIndex}); err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}

// newLink opens the judge's packet sockets and the child's, which it
// returns to be passed (T.Pass), all in a namespace of their own. Unless
// outgoing, the child's socket is set not to read the copies of frames
// leaving (PACKET_IGNORE_OUTGOING), so that only the check about them
// fails a capture that reports them. Where the machine cannot, it returns
// the check's skip.
func newLink(t *judge.T, outgoing bool) (*link, *os.File, error) {
	fds, err := socketsInPrivateNet(t, "packet", "capturing needs a network namespace of the grader's own making, where it opens packet sockets and writes frames on loopback itself: ",
		packetSocket, // the judge's watch: first, so that the child's gets each frame before it
		packetSocket, // the child's
		func() (int, error) { return unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_CLOEXEC, 0) }, // the judge's sender: reads nothing
	)
	if err != nil {
		return nil, nil, err
	}
	closeAll := func() {
		for _, fd := range fds {
			unix.Close(fd)
		}
	}
	l, mine := &link{watch: fds[0], out: fds[2]}, fds[1]
	setup := func() error {
		tv := unix.NsecToTimeval(int64(20 * time.Millisecond))
		if err := unix.SetsockoptTimeval(l.watch, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
			return err
		}
		// Room for every frame of a check twice over, whatever the
		// machine's default.
		if unix.SetsockoptInt(mine, unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, 4<<20) != nil {
			if err := unix.SetsockoptInt(mine, unix.SOL_SOCKET, unix.SO_RCVBUF, 4<<20); err != nil {
				return err
			}
		}
		if outgoing {
			return nil
		}
		// Linux 4.20 and later; before, the copies stay, and a capture
		// that reports them fails more checks than the one about them.
		if err := unix.SetsockoptInt(mine, unix.SOL_PACKET, unix.PACKET_IGNORE_OUTGOING, 1); err != nil && !errors.Is(err, unix.ENOPROTOOPT) {
			return err
		}
		return nil
	}
	if err := setup(); err != nil {
		closeAll()
		return nil, nil, fmt.Errorf("packet socket: %w", err)
	}
	child := os.NewFile(uintptr(mine), "the child's packet socket")
	t.Cleanup(func() {
		unix.Close(l.watch)
		unix.Close(l.out)
		child.Close()
	})
	return l, child, nil
}

// send writes f on loopback and waits until it has come back in.
func (l *link) send(t *judge.T, f frame) error {
	if err := unix.Sendto(l.out, f.b, 0, &unix.SockaddrLinklayer{Protocol: htons(f.want.EtherType), Ifindex: loIndex}); err != nil {
		return fmt.Errorf("writing a frame on loopback: %w", err)
	}
	buf := make([]byte, len(f.b)+1)
	end := time.Now().Add(arriveWithin)
	for time.Now().Before(end) && t.Ctx.Err() == nil {
		k, from, err := unix.Recvfrom(l.watch, buf, 0)
		if err != nil {
			continue // the receive timeout: look at the time again
		}
		if ll, ok := from.(*unix.SockaddrLinklayer); ok && ll.Pkttype != unix.PACKET_OUTGOING && bytes.Equal(buf[:k], f.b) {
			return nil
		}
	}
	if err := t.Ctx.Err(); err != nil {
		return err
	}
	return fmt.Errorf("a frame the grader wrote on loopback did not come back in within %v", arriveWithin)
}

// sendAll sends frames in order.
func (l *link) sendAll(t *judge.T, frames []frame) error {
	for _, f := range frames {
		if err := l.send(t, f); err != nil {
			return err
		}
	}
	return nil
}
