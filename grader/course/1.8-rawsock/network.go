package rawsock

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"

	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/sandbox"
)

// network is the judge's side of a ping check: it plays the host pinged.
// A raw ICMP socket reads the child's echo requests (whole IPv4 packets);
// a raw IPv4 socket sends replies with headers of the judge's making, so
// that they come from the address pinged, faults included. The kernel's
// own echo replies are switched off in the sandbox's network namespace.
type network struct {
	in, out int
	dst     [4]byte // the address the child pings, on loopback
	id      uint16
}

// request is an echo request the child sent.
type request struct {
	src [4]byte
	msg []byte // the ICMP message: header and data
}

func (r request) seq() uint16 { return binary.BigEndian.Uint16(r.msg[6:]) }

// quiet stops the kernel answering echo requests in the sandbox's network
// namespace (once per grader: it has that namespace to itself), so that
// every reply the child reads is one the judge sent.
var quiet = sync.OnceValue(func() error {
	return os.WriteFile("/proc/sys/net/ipv4/icmp_echo_ignore_all", []byte("1"), 0)
})

// newNetwork opens the judge's sockets and the child's raw ICMP socket,
// which it returns to be passed (T.Pass). Where the machine cannot, it
// returns the check's skip.
func newNetwork(t *judge.T, dst [4]byte, id uint16) (*network, *os.File, error) {
	if st := sandbox.Report(); st.Network != sandbox.Isolated {
		return nil, nil, t.Skip("pinging needs the sandbox's own network namespace, where the grader opens raw sockets and answers pings itself; here: " + strings.Join(st.Notes, "; "))
	}
	if err := quiet(); err != nil {
		return nil, nil, t.Skip(fmt.Sprintf("the grader cannot stop the kernel's own echo replies in its network namespace (%v)", err))
	}
	var fds []int
	closeAll := func() {
		for _, fd := range fds {
			syscall.Close(fd)
		}
	}
	for _, proto := range []int{syscall.IPPROTO_ICMP, syscall.IPPROTO_RAW, syscall.IPPROTO_ICMP} {
		fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_RAW|syscall.SOCK_CLOEXEC, proto)
		if err != nil {
			closeAll()
			if errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EACCES) {
				return nil, nil, t.Skip(fmt.Sprintf("the grader cannot open raw sockets here (%v)", err))
			}
			return nil, nil, fmt.Errorf("raw socket: %w", err)
		}
		fds = append(fds, fd)
	}
	tv := syscall.NsecToTimeval(int64(20 * time.Millisecond))
	if err := syscall.SetsockoptTimeval(fds[0], syscall.SOL_SOCKET, syscall.SO_RCVTIMEO, &tv); err != nil {
		closeAll()
		return nil, nil, fmt.Errorf("raw socket: %w", err)
	}
	n := &network{in: fds[0], out: fds[1], dst: dst, id: id}
	child := os.NewFile(uintptr(fds[2]), "the child's raw ICMP socket")
	t.Cleanup(func() {
		syscall.Close(n.in)
		syscall.Close(n.out)
		child.Close()
	})
	return n, child, nil
}

// next waits up to within for the child's next echo request to n.dst with
// n.id, and reports false if none came by then or once done is closed.
func (n *network) next(t *judge.T, done <-chan struct{}, within time.Duration) (request, bool) {
	end := time.Now().Add(within)
	buf := make([]byte, 65536)
	for time.Now().Before(end) {
		select {
		case <-done:
			return request{}, false
		case <-t.Ctx.Done():
			return request{}, false
		default:
		}
		k, _, err := syscall.Recvfrom(n.in, buf, 0)
		if err != nil || k < 20 {
			continue // the receive timeout: look at done again
		}
		p := buf[:k]
		hlen := int(p[0]&0x0f) * 4
		if hlen < 20 || k < hlen+8 || p[9] != protoICMP || [4]byte(p[16:20]) != n.dst {
			continue
		}
		m := p[hlen:]
		if m[0] != 8 || binary.BigEndian.Uint16(m[4:]) != n.id {
			continue // a reply the judge sent, or another check's
		}
		return request{src: [4]byte(p[12:16]), msg: append([]byte(nil), m...)}, true
	}
	return request{}, false
}

// echo returns an ICMP echo message with its checksum.
func echo(typ uint8, id, seq uint16, data []byte) []byte {
	m := make([]byte, 8+len(data))
	m[0] = typ
	binary.BigEndian.PutUint16(m[4:], id)
	binary.BigEndian.PutUint16(m[6:], seq)
	copy(m[8:], data)
	binary.BigEndian.PutUint16(m[2:], checksum(m))
	return m
}

// send sends the ICMP message m to the child, from src.
func (n *network) send(src, to [4]byte, m []byte) error {
	p := make([]byte, 20, 20+len(m))
	p[0] = 0x45
	binary.BigEndian.PutUint16(p[2:], uint16(20+len(m)))
	p[8], p[9] = 64, protoICMP
	copy(p[12:], src[:])
	copy(p[16:], to[:])
	binary.BigEndian.PutUint16(p[10:], checksum(p))
	if err := syscall.Sendto(n.out, append(p, m...), 0, &syscall.SockaddrInet4{Addr: to}); err != nil {
		return fmt.Errorf("sending a reply: %w", err)
	}
	return nil
}

// reply answers req as the host pinged, with m.
func (n *network) reply(req request, m []byte) error { return n.send(n.dst, req.src, m) }

// pause waits d, or until the check ends.
func pause(t *judge.T, d time.Duration) {
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
	case <-t.Ctx.Done():
	}
}

// loopback returns a random loopback address other than 127.0.0.1, which
// the child's requests come from.
func loopback(t *judge.T) [4]byte {
	return netip.AddrFrom4([4]byte{127, byte(1 + t.Rand.IntN(254)), byte(t.Rand.IntN(256)), byte(2 + t.Rand.IntN(253))}).As4()
}
