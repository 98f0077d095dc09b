// Command sockets is the child of exercise 1.3: it connects to the judge's
// fake peer, wraps the connection in the course socket with the faults the
// judge asks for, and runs the submission's SendAll, RecvAll, RecvExactly
// or Fetch on it.
package main

import (
	"net"
	"os"
	"syscall"
	"time"

	sockets "netcourse/exercises/1.3-sockets"
	"netcourse/fixtures/sock"
	"netcourse/grader/child"
	"netcourse/grader/course/1.3-sockets/contract"
	"netcourse/grader/wire"
)

func main() {
	os.Exit(child.Serve(
		child.Handle(contract.SendAll, sendAll),
		child.Handle(contract.RecvAll, recvAll),
		child.Handle(contract.RecvAllBig, recvAllBig),
		child.Handle(contract.RecvExactly, recvExactly),
		child.Handle(contract.Fetch, fetch),
	))
}

// connect dials the fake peer and wraps the connection.
func connect(s *child.Session, a contract.ConnArgs) (*sock.Conn, error) {
	f := a.Faults
	d := net.Dialer{Timeout: contract.DialWithin}
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
		if _, err := child.Wait(s, contract.Go); err != nil {
			c.Close()
			return nil, err
		}
	}
	return c, nil
}

func sendAll(s *child.Session, a contract.SendArgs) (wire.Return, error) {
	data := wire.Payload(a.Seed, a.Len)
	c, err := connect(s, a.ConnArgs)
	if err != nil {
		return wire.Return{}, err
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

func recvAll(s *child.Session, a contract.ConnArgs) (wire.Return, error) {
	c, err := connect(s, a)
	if err != nil {
		return wire.Return{}, err
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

func recvAllBig(s *child.Session, a contract.BigArgs) (contract.BigReturn, error) {
	c, err := connect(s, a.ConnArgs)
	if err != nil {
		return contract.BigReturn{}, err
	}
	defer c.Close()
	var r contract.BigReturn
	var data []byte
	err = s.Call(func() {
		start := time.Now()
		var err error
		data, err = sockets.RecvAll(c)
		r = contract.BigReturn{Err: wire.Describe(err), Elapsed: time.Since(start)}
	})
	r.Data = wire.DigestOf(data, a.Sums)
	return r, err
}

func recvExactly(s *child.Session, a contract.RecordsArgs) (contract.Records, error) {
	c, err := connect(s, a.ConnArgs)
	if err != nil {
		return contract.Records{}, err
	}
	defer c.Close()
	var res contract.Records
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

func fetch(s *child.Session, a contract.FetchArgs) (wire.Return, error) {
	var r wire.Return
	err := s.Call(func() {
		start := time.Now()
		data, err := sockets.Fetch(a.Addr, a.Request, a.Timeout)
		r = wire.Return{Data: data, Err: wire.Describe(err), Elapsed: time.Since(start)}
	})
	return r, err
}
