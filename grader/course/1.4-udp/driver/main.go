// Command udp is the child of exercise 1.4: it runs the submission's Serve
// on a UDP socket it opened, or its Request against the judge's fake peer,
// and reports what they returned.
package main

import (
	"errors"
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
	if a.Hold {
		if _, err := child.Wait(s, contract.Go); err != nil {
			return wire.Stopped{}, err
		}
	}
	reply := contract.Answer
	if a.Pause > 0 {
		reply = func(d []byte) []byte {
			drained(conn, a.Pause)
			return contract.Answer(d)
		}
	}
	return child.ServeUntilStopped(s, func() error { return udp.Serve(conn, reply) }, func() { conn.Close() })
}

// call runs Request once, timed in this process around the call alone.
func call(a contract.RequestArgs) contract.Reply {
	start := time.Now()
	data, err := udp.Request(a.Addr, a.Req, a.Timeout, a.Retries)
	elapsed := time.Since(start)
	return contract.Reply{
		Return:  wire.Return{Data: data, Err: wire.Describe(err), Elapsed: elapsed},
		NoReply: err != nil && errors.Is(err, udp.ErrNoReply),
	}
}

func request(s *child.Session, a contract.RequestArgs) (contract.Reply, error) {
	var r contract.Reply
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
