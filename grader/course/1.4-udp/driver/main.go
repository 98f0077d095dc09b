// Command udp is the child of exercise 1.4: it runs the submission's Serve
// on a UDP socket it opened, or its Request against the judge's fake peer,
// and reports what they returned.
package main

import (
	"net"
	"os"
	"time"

	udp "netcourse/exercises/1.4-udp"
	"netcourse/grader/child"
	"netcourse/grader/course/1.4-udp/contract"
	"netcourse/grader/wire"
)

func main() {
	os.Exit(child.Serve(
		child.Handle(contract.Serve, serve),
		child.Handle(contract.Request, request),
		child.Handle(contract.Requests, requests),
	))
}

func serve(s *child.Session, a contract.ServeArgs) (wire.Stopped, error) {
	conn, err := net.ListenPacket(a.Network, a.Addr)
	if err != nil {
		return wire.Stopped{}, err
	}
	defer conn.Close()
	if err := child.Emit(s, contract.Listening, contract.Addr{Addr: conn.LocalAddr().String()}); err != nil {
		return wire.Stopped{}, err
	}
	return child.ServeUntilStopped(s, func() error { return udp.Serve(conn, contract.Answer) }, func() { conn.Close() })
}

// call runs Request once, timed in this process around the call alone.
func call(a contract.RequestArgs) wire.Return {
	start := time.Now()
	data, err := udp.Request(a.Addr, a.Req, a.Timeout, a.Retries)
	return wire.Return{Data: data, Err: wire.Describe(err), Elapsed: time.Since(start)}
}

func request(s *child.Session, a contract.RequestArgs) (wire.Return, error) {
	var r wire.Return
	err := s.Call(func() { r = call(a) })
	return r, err
}

func requests(s *child.Session, a contract.RequestsArgs) (contract.Results, error) {
	var res contract.Results
	err := s.Call(func() {
		for _, c := range a.Calls {
			res.Calls = append(res.Calls, call(c))
		}
	})
	return res, err
}
