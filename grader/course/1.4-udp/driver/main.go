// Command udp is the child of exercise 1.4: it runs the submission's Serve
// on a UDP socket it opened, or its Request against the judge's fake peer,
// and reports what they returned.
package main

import (
	"encoding/json"
	"net"
	"os"
	"slices"
	"time"

	udp "netcourse/exercises/1.4-udp"
	"netcourse/grader/child"
	"netcourse/grader/wire"
)

// ServeArgs are the arguments of the "serve" operation.
type ServeArgs struct {
	Network string // "udp4"
	Addr    string // "127.0.0.1:0"
}

// Listening is the event sent once the socket is open.
type Listening struct {
	Addr string
}

// ServeResult is the result of "serve", sent after the judge's "close".
type ServeResult struct {
	Returned      bool          // Serve returned (on its own, or within returnWithin of the close)
	Early         bool          // Serve returned before the socket was closed
	Err           *wire.Err     // what Serve returned
	ReturnedAfter time.Duration // from closing the socket to Serve's return; 0 when Early
}

// RequestArgs are the arguments of "request": one call of Request.
type RequestArgs struct {
	Addr    string
	Req     []byte
	Timeout time.Duration
	Retries int
}

// RequestsArgs are the arguments of "requests": calls of Request one after
// another, each whatever the one before returned.
type RequestsArgs struct {
	Calls []RequestArgs
}

// Results is the result of "requests": what each call returned.
type Results struct {
	Calls []wire.Return
}

// ReplySuffix is what Answer appends: the server's reply function.
const ReplySuffix = "/ok"

// Answer is the reply function the driver gives Serve: the datagram with
// ReplySuffix appended, so that the judge can tell a reply from an echo and
// see which datagram, and how much of it, Serve passed on.
func Answer(d []byte) []byte { return append(slices.Clone(d), ReplySuffix...) }

const returnWithin = 2 * time.Second // how long Serve gets to return after the close

func main() {
	os.Exit(child.Main(map[string]child.Handler{"serve": serve, "request": request, "requests": requests}))
}

type outcome struct {
	err   error
	at    time.Time
	early bool
}

func serve(s *child.Session, raw json.RawMessage) (any, error) {
	var a ServeArgs
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, err
	}
	conn, err := net.ListenPacket(a.Network, a.Addr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if err := s.Event("listening", Listening{Addr: conn.LocalAddr().String()}); err != nil {
		return nil, err
	}
	closing := make(chan struct{})
	done := make(chan outcome, 1)
	s.Go(func() {
		err := udp.Serve(conn, Answer)
		o := outcome{err: err, at: time.Now()}
		select {
		case <-closing:
		default:
			o.early = true
		}
		done <- o
	})
	if err := s.Await("close", nil); err != nil {
		return nil, err
	}
	close(closing)
	closedAt := time.Now()
	conn.Close()
	var r ServeResult
	select {
	case o := <-done:
		r.Returned, r.Early, r.Err = true, o.early, wire.Describe(o.err)
		if !o.early {
			r.ReturnedAfter = max(0, o.at.Sub(closedAt))
		}
	case <-time.After(returnWithin):
	}
	return r, nil
}

// call runs Request once, timed in this process around the call alone.
func call(a RequestArgs) wire.Return {
	start := time.Now()
	data, err := udp.Request(a.Addr, a.Req, a.Timeout, a.Retries)
	return wire.Return{Data: data, Err: wire.Describe(err), Elapsed: time.Since(start)}
}

func request(s *child.Session, raw json.RawMessage) (any, error) {
	var a RequestArgs
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, err
	}
	var r wire.Return
	err := s.Call(func() { r = call(a) })
	return r, err
}

func requests(s *child.Session, raw json.RawMessage) (any, error) {
	var a RequestsArgs
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, err
	}
	var res Results
	err := s.Call(func() {
		for _, c := range a.Calls {
			res.Calls = append(res.Calls, call(c))
		}
	})
	return res, err
}
