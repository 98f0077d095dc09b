// Command netutil is the child of exercise 1.7: it runs the submission's
// lookups with a resolver that asks the judge's fake DNS server, and its
// formatting and byte-order helpers on the judge's inputs.
package main

import (
	"context"
	"errors"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	netutil "netcourse/exercises/1.7-netutil"
	"netcourse/grader/child"
	"netcourse/grader/course/1.7-netutil/contract"
	"netcourse/grader/wire"
)

// systemAsked records that the submission used net.DefaultResolver.
var systemAsked atomic.Bool

func main() {
	// The submission must use the resolver it is given. Block the system's
	// (net.LookupHost and friends) so that a submission that ignores it
	// never reaches the real network and fails the same way everywhere.
	net.DefaultResolver = &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		systemAsked.Store(true)
		return nil, errors.New("the grader blocks the system resolver (net.DefaultResolver): use the *net.Resolver you are given")
	}}
	os.Exit(child.Serve(
		child.Handle(contract.LookupHost, lookupHost),
		child.Handle(contract.LookupPort, lookupPort),
		child.Handle(contract.Endpoint, endpoint),
		child.Handle(contract.PutUint16, rows(putUint16)),
		child.Handle(contract.PutUint32, rows(putUint32)),
		child.Handle(contract.Uint16, rows(uint16At)),
		child.Handle(contract.Uint32, rows(uint32At)),
	))
}

func lookupHost(s *child.Session, a contract.LookupArgs) (contract.LookupResult, error) {
	r := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, a.DNS)
	}}
	var res contract.LookupResult
	err := s.Call(func() {
		ctx, cancel := context.WithTimeout(context.Background(), a.Deadline)
		defer cancel()
		deadline, _ := ctx.Deadline()
		var ref sync.WaitGroup
		if a.Reference != "" {
			// The standard resolver on the same context, at the same
			// time: how late it returns is how late this machine, loaded
			// as it is now, lets a lookup that stops at the deadline return.
			ref.Add(1)
			go func() {
				defer ref.Done()
				rr := &net.Resolver{PreferGo: true, Dial: r.Dial}
				rr.LookupNetIP(ctx, "ip", a.Reference)
				res.ReferenceLate = -time.Until(deadline)
			}()
		}
		start := time.Now()
		addrs, err := netutil.LookupHost(ctx, r, a.Host)
		res.Elapsed = time.Since(start)
		res.BeforeDeadline = time.Until(deadline)
		ref.Wait()
		for _, ad := range addrs {
			res.Addrs = append(res.Addrs, ad.String())
		}
		res.Err = wire.Describe(err)
		var de *net.DNSError
		res.NotFound = errors.As(err, &de) && de.IsNotFound
	})
	res.SystemResolver = systemAsked.Load()
	return res, err
}

func lookupPort(s *child.Session, a contract.PortArgs) ([]contract.PortResult, error) {
	// Service names come from the services database, not from DNS: this
	// resolver has no server to ask.
	r := &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		return nil, errors.New("no DNS server in this check: LookupPort needs none")
	}}
	out := make([]contract.PortResult, len(a.Rows))
	err := s.Call(func() {
		for i, row := range a.Rows {
			ctx, cancel := context.WithTimeout(context.Background(), contract.PortWithin)
			port, err := netutil.LookupPort(ctx, r, row.Network, row.Service)
			cancel()
			out[i] = contract.PortResult{Port: port, Err: wire.Describe(err)}
		}
	})
	return out, err
}

func endpoint(s *child.Session, a contract.EndpointArgs) ([]contract.EndpointResult, error) {
	out := make([]contract.EndpointResult, len(a.Rows))
	err := s.Call(func() {
		for i, row := range a.Rows {
			ep, err := netutil.Endpoint(row.Host, row.Port)
			out[i] = contract.EndpointResult{Endpoint: ep, Err: wire.Describe(err)}
		}
	})
	return out, err
}

// rows serves a byte-order helper, called by f with each row's buffer and
// value; f returns the value it read, if any. Every row is called on the
// buffer the judge sent, so the result shows what a Put left in it.
func rows(f func(b []byte, v uint32) (uint32, error)) func(*child.Session, contract.BytesArgs) ([]contract.BytesResult, error) {
	return func(s *child.Session, a contract.BytesArgs) ([]contract.BytesResult, error) {
		out := make([]contract.BytesResult, len(a.Rows))
		err := s.Call(func() {
			for i, row := range a.Rows {
				v, err := f(row.Buf, row.Value)
				out[i] = contract.BytesResult{Buf: row.Buf, Value: v, Err: wire.Describe(err)}
			}
		})
		return out, err
	}
}

func putUint16(b []byte, v uint32) (uint32, error) { return 0, netutil.PutUint16(b, uint16(v)) }

func putUint32(b []byte, v uint32) (uint32, error) { return 0, netutil.PutUint32(b, v) }

func uint16At(b []byte, _ uint32) (uint32, error) {
	v, err := netutil.Uint16(b)
	return uint32(v), err
}

func uint32At(b []byte, _ uint32) (uint32, error) { return netutil.Uint32(b) }
