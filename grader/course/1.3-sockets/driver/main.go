// Command sockets is the child of exercise 1.3: it connects to the judge's
// fake peer, wraps the connection in the course socket with the faults the
// judge asks for, and runs the submission's SendAll, RecvAll, RecvExactly
// or Fetch on it.
package main

import (
	"encoding/json"
	"net"
	"os"
	"syscall"
	"time"

	sockets "netcourse/exercises/1.3-sockets"
	"netcourse/fixtures/sock"
	"netcourse/grader/child"
	"netcourse/grader/wire"
)

// Faults say how to set up the socket handed to the submission.
type Faults struct {
	ShortSends  bool   // sock.WithShortSends(Seed)
	ShortRecvs  bool   // sock.WithShortRecvs(Seed)
	Seed        uint64 // seed of the short sends and receives
	EOFWithData bool   // sock.WithEOFWithData()
	SendBuffer  int    // SO_SNDBUF before connecting, when > 0
	RecvBuffer  int    // SO_RCVBUF before connecting, when > 0
}

// ConnArgs say where to connect and how.
type ConnArgs struct {
	Addr   string
	Faults Faults
	// WaitGo makes the driver wait, once connected, for the judge's "go"
	// before calling the submission, so the peer can set the stage first.
	WaitGo bool
}

// SendArgs are the arguments of "sendall": the data is wire.Payload(Seed, Len).
type SendArgs struct {
	ConnArgs
	Seed uint64
	Len  int
}

// RecordsArgs are the arguments of "recvexactly": one call per size, in
// order, until one returns an error.
type RecordsArgs struct {
	ConnArgs
	Sizes []int
}

// Records is the result of "recvexactly": what each call returned.
type Records struct {
	Calls []wire.Return
}

// FetchArgs are the arguments of "fetch".
type FetchArgs struct {
	Addr    string
	Request []byte
	Timeout time.Duration
}

// KindGo is the judge's signal to call the submission (see WaitGo).
const KindGo = "go"

func main() {
	os.Exit(child.Main(map[string]child.Handler{
		"sendall":     sendAll,
		"recvall":     recvAll,
		"recvexactly": recvExactly,
		"fetch":       fetch,
	}))
}

// connect dials the fake peer and wraps the connection.
func connect(s *child.Session, a ConnArgs) (*sock.Conn, error) {
	f := a.Faults
	d := net.Dialer{Timeout: 5 * time.Second}
	if f.SendBuffer > 0 || f.RecvBuffer > 0 {
		// Before connect, so the window the kernel advertises is small
		// from the first segment on.
		d.Control = func(network, address string, rc syscall.RawConn) error {
			var serr error
			err := rc.Control(func(fd uintptr) {
				if f.SendBuffer > 0 {
					serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_SNDBUF, f.SendBuffer)
				}
				if serr == nil && f.RecvBuffer > 0 {
					serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, f.RecvBuffer)
				}
			})
			if err != nil {
				return err
			}
			return serr
		}
	}
	nc, err := d.Dial("tcp", a.Addr)
	if err != nil {
		return nil, err
	}
	var opts []sock.Option
	if f.ShortSends {
		opts = append(opts, sock.WithShortSends(f.Seed))
	}
	if f.ShortRecvs {
		opts = append(opts, sock.WithShortRecvs(f.Seed))
	}
	if f.EOFWithData {
		opts = append(opts, sock.WithEOFWithData())
	}
	c, err := sock.Wrap(nc, opts...)
	if err != nil {
		nc.Close()
		return nil, err
	}
	if a.WaitGo {
		if err := s.Await(KindGo, nil); err != nil {
			c.Close()
			return nil, err
		}
	}
	return c, nil
}

func sendAll(s *child.Session, raw json.RawMessage) (any, error) {
	var a SendArgs
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, err
	}
	data := wire.Payload(a.Seed, a.Len)
	c, err := connect(s, a.ConnArgs)
	if err != nil {
		return nil, err
	}
	// Closing sends the peer end of data once the kernel has sent
	// whatever SendAll handed it.
	defer c.Close()
	var r wire.Return
	err = s.Call(func() {
		start := time.Now()
		err := sockets.SendAll(c, data)
		r = wire.Return{Err: wire.Describe(err), Elapsed: time.Since(start)}
	})
	return r, err
}

func recvAll(s *child.Session, raw json.RawMessage) (any, error) {
	var a ConnArgs
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, err
	}
	c, err := connect(s, a)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	var r wire.Return
	err = s.Call(func() {
		start := time.Now()
		data, err := sockets.RecvAll(c)
		r = wire.Return{Data: data, Err: wire.Describe(err), Elapsed: time.Since(start)}
	})
	return r, err
}

func recvExactly(s *child.Session, raw json.RawMessage) (any, error) {
	var a RecordsArgs
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, err
	}
	c, err := connect(s, a.ConnArgs)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	var res Records
	err = s.Call(func() {
		for _, n := range a.Sizes {
			start := time.Now()
			data, err := sockets.RecvExactly(c, n)
			res.Calls = append(res.Calls, wire.Return{Data: data, Err: wire.Describe(err), Elapsed: time.Since(start)})
			if err != nil {
				return
			}
		}
	})
	return res, err
}

func fetch(s *child.Session, raw json.RawMessage) (any, error) {
	var a FetchArgs
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, err
	}
	var r wire.Return
	err := s.Call(func() {
		start := time.Now()
		data, err := sockets.Fetch(a.Addr, a.Request, a.Timeout)
		r = wire.Return{Data: data, Err: wire.Describe(err), Elapsed: time.Since(start)}
	})
	return r, err
}
