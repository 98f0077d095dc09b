package rawsock

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"runtime"
	"time"

	"golang.org/x/sys/unix"

	"netcourse/grader/internal/judge"
)

// network is the judge's side of a ping check: it plays the host pinged,
// in a network namespace made for the check alone (only loopback; the
// kernel's own echo replies off), so that no other check's pings, and no
// other grading's, reach the child. A raw ICMP socket reads the child's
// echo requests (whole IPv4 packets); a raw IPv4 socket sends replies with
// headers of the judge's making, so that they come from the address
// pinged, faults included. The child's raw ICMP socket is opened there
// too: a socket stays in the namespace it was made in.
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

// errNoNamespace is why a check skips: the judge could not make its
// namespace or its raw sockets.
type errNoNamespace struct{ why string }

func (e errNoNamespace) Error() string { return e.why }

// inPrivateNet runs open on a thread in a new network namespace with
// loopback up and the kernel's echo replies off, then puts the thread
// back in the grader's namespace; what open made stays where it was made.
func inPrivateNet(open func() error) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		orig, err := os.Open(fmt.Sprintf("/proc/self/task/%d/ns/net", unix.Gettid()))
		if err != nil {
			runtime.UnlockOSThread()
			errc <- errNoNamespace{fmt.Sprintf("the grader cannot see its network namespace (%v)", err)}
			return
		}
		defer orig.Close()
		if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
			runtime.UnlockOSThread()
			errc <- errNoNamespace{fmt.Sprintf("the grader cannot make a network namespace here (%v)", err)}
			return
		}
		err = setupNet()
		if err == nil {
			err = open()
		}
		if e := unix.Setns(int(orig.Fd()), unix.CLONE_NEWNET); e != nil {
			// The thread stays locked, so it ends with this goroutine
			// rather than serve others in the wrong namespace.
			errc <- fmt.Errorf("going back to the grader's network namespace: %w", e)
			return
		}
		runtime.UnlockOSThread()
		errc <- err
	}()
	return <-errc
}

// setupNet brings loopback up in the thread's new namespace and stops
// the kernel answering echo requests there (every reply the child reads
// is one the judge sent) or forwarding (every frame the child captures
// is one the judge sent).
func setupNet() error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq("lo")
	if err != nil {
		return err
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr); err != nil {
		return fmt.Errorf("loopback: %w", err)
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	if err := unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr); err != nil {
		return errNoNamespace{fmt.Sprintf("the grader cannot bring up loopback in its own network namespace (%v)", err)}
	}
	if err := os.WriteFile("/proc/sys/net/ipv4/icmp_echo_ignore_all", []byte("1"), 0); err != nil {
		return errNoNamespace{fmt.Sprintf("the grader cannot stop the kernel's own echo replies in its network namespace (%v)", err)}
	}
	// A new namespace may inherit forwarding from the machine's; off, the
	// frames the capture checks send to addresses of no host here are
	// dropped without a word, not answered with ICMP errors.
	if err := os.WriteFile("/proc/sys/net/ipv4/ip_forward", []byte("0"), 0); err != nil {
		return errNoNamespace{fmt.Sprintf("the grader cannot turn forwarding off in its network namespace (%v)", err)}
	}
	return nil
}

// socketsInPrivateNet opens sockets (of a kind: "raw") with open, in
// order, in a network namespace of their own (inPrivateNet). Where the
// grader cannot, it returns the check's skip: needs, then why.
func socketsInPrivateNet(t *judge.T, kind, needs string, open ...func() (int, error)) ([]int, error) {
	var fds []int
	err := inPrivateNet(func() error {
		for _, o := range open {
			fd, err := o()
			if err != nil {
				if errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) {
					return errNoNamespace{fmt.Sprintf("the grader cannot open %s sockets here (%v)", kind, err)}
				}
				return fmt.Errorf("%s socket: %w", kind, err)
			}
			fds = append(fds, fd)
		}
		return nil
	})
	if err == nil {
		return fds, nil
	}
	for _, fd := range fds {
		unix.Close(fd)
	}
	var no errNoNamespace
	if errors.As(err, &no) {
		return nil, t.Skip(needs + no.why)
	}
	return nil, err
}

// newNetwork opens the judge's sockets and the child's raw ICMP socket,
// which it returns to be passed (T.Pass), all in a namespace of their
// own. Where the machine cannot, it returns the check's skip.
func newNetwork(t *judge.T, dst [4]byte, id uint16) (*network, *os.File, error) {
	raw := func(proto int) func() (int, error) {
		return func() (int, error) { return unix.Socket(unix.AF_INET, unix.SOCK_RAW|unix.SOCK_CLOEXEC, proto) }
	}
	fds, err := socketsInPrivateNet(t, "raw", "pinging needs a network namespace of the grader's own making, where it opens raw sockets and answers pings itself: ",
		raw(unix.IPPROTO_ICMP), raw(unix.IPPROTO_RAW), raw(unix.IPPROTO_ICMP))
	if err != nil {
		return nil, nil, err
	}
	closeAll := func() {
		for _, fd := range fds {
			unix.Close(fd)
		}
	}
	tv := unix.NsecToTimeval(int64(20 * time.Millisecond))
	if err := unix.SetsockoptTimeval(fds[0], unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
		closeAll()
		return nil, nil, fmt.Errorf("raw socket: %w", err)
	}
	n := &network{in: fds[0], out: fds[1], dst: dst, id: id}
	child := os.NewFile(uintptr(fds[2]), "the child's raw ICMP socket")
	t.Cleanup(func() {
		unix.Close(n.in)
		unix.Close(n.out)
		child.Close()
	})
	return n, child, nil
}

// next waits up to within for the child's next echo request to n.dst with
// n.id, and reports false if none came by then. Once done is closed (the
// child returned) it only reads what is queued already: a request the
// child sent before it returned is there, since loopback delivers it
// within the send.
func (n *network) next(t *judge.T, done <-chan struct{}, within time.Duration) (request, bool) {
	end := time.Now().Add(within)
	buf := make([]byte, 65536)
	last := false
	for time.Now().Before(end) {
		select {
		case <-done:
			last = true
		case <-t.Ctx.Done():
			return request{}, false
		default:
		}
		k, _, err := unix.Recvfrom(n.in, buf, 0)
		if err != nil && last {
			return request{}, false // the queue is empty
		}
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
	if err := unix.Sendto(n.out, append(p, m...), 0, &unix.SockaddrInet4{Addr: to}); err != nil {
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
