// Command netutil is the child of exercise 1.7: it runs the submission's
// lookups with a resolver that asks the judge's fake DNS server, and its
// formatting and byte-order helpers on the judge's inputs.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"sync/atomic"
	"time"

	netutil "netcourse/exercises/1.7-netutil"
	"netcourse/grader/child"
	"netcourse/grader/wire"
)

// LookupArgs are the arguments of "lookup-host".
type LookupArgs struct {
	DNS      string        // the fake DNS server, "127.0.0.1:NNNN", over UDP and TCP
	Host     string        // the name to look up
	Deadline time.Duration // the deadline of the context passed in
}

// LookupResult is the result of "lookup-host".
type LookupResult struct {
	Addrs          []string      // what LookupHost returned, each netip.Addr's String
	Err            *wire.Err     // the error it returned
	NotFound       bool          // errors.As finds a *net.DNSError with IsNotFound
	Elapsed        time.Duration // how long the call took
	SystemResolver bool          // the submission asked net.DefaultResolver (which the child blocks)
}

// PortArgs are the arguments of "lookup-port": one call per row.
type PortArgs struct {
	Rows []PortRow
}

// PortRow is one LookupPort call.
type PortRow struct {
	Network string
	Service string
}

// PortResult is what one LookupPort call returned.
type PortResult struct {
	Port int
	Err  *wire.Err
}

// EndpointArgs are the arguments of "endpoint": one call per row.
type EndpointArgs struct {
	Rows []EndpointRow
}

// EndpointRow is one Endpoint call.
type EndpointRow struct {
	Host string
	Port int
}

// EndpointResult is what one Endpoint call returned.
type EndpointResult struct {
	Endpoint string
	Err      *wire.Err
}

// BytesArgs are the arguments of "bytes": one call per row.
type BytesArgs struct {
	Rows []BytesRow
}

// BytesRow is one call of a byte-order helper: Op is "PutUint16",
// "PutUint32", "Uint16" or "Uint32". Put calls write Value into Buf; the
// others read from Buf.
type BytesRow struct {
	Op    string
	Value uint32
	Buf   []byte
}

// BytesResult is what one call returned: Buf after the call, and the value
// read.
type BytesResult struct {
	Buf   []byte
	Value uint32
	Err   *wire.Err
}

// portsWithin bounds the context of each LookupPort call; the services
// database is a local file, so it needs no network.
const portsWithin = 2 * time.Second

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
	os.Exit(child.Main(map[string]child.Handler{
		"lookup-host": lookupHost,
		"lookup-port": lookupPort,
		"endpoint":    endpoint,
		"bytes":       bytesOps,
	}))
}

func lookupHost(s *child.Session, raw json.RawMessage) (any, error) {
	var a LookupArgs
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, err
	}
	r := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, a.DNS)
	}}
	var res LookupResult
	err := s.Call(func() {
		ctx, cancel := context.WithTimeout(context.Background(), a.Deadline)
		defer cancel()
		start := time.Now()
		addrs, err := netutil.LookupHost(ctx, r, a.Host)
		res.Elapsed = time.Since(start)
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

func lookupPort(s *child.Session, raw json.RawMessage) (any, error) {
	var a PortArgs
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, err
	}
	// Service names come from the services database, not from DNS: this
	// resolver has no server to ask.
	r := &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		return nil, errors.New("no DNS server in this check: LookupPort needs none")
	}}
	out := make([]PortResult, len(a.Rows))
	err := s.Call(func() {
		for i, row := range a.Rows {
			ctx, cancel := context.WithTimeout(context.Background(), portsWithin)
			port, err := netutil.LookupPort(ctx, r, row.Network, row.Service)
			cancel()
			out[i] = PortResult{Port: port, Err: wire.Describe(err)}
		}
	})
	return out, err
}

func endpoint(s *child.Session, raw json.RawMessage) (any, error) {
	var a EndpointArgs
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, err
	}
	out := make([]EndpointResult, len(a.Rows))
	err := s.Call(func() {
		for i, row := range a.Rows {
			ep, err := netutil.Endpoint(row.Host, row.Port)
			out[i] = EndpointResult{Endpoint: ep, Err: wire.Describe(err)}
		}
	})
	return out, err
}

func bytesOps(s *child.Session, raw json.RawMessage) (any, error) {
	var a BytesArgs
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, err
	}
	out := make([]BytesResult, len(a.Rows))
	err := s.Call(func() {
		for i, row := range a.Rows {
			b := row.Buf
			var v uint32
			var err error
			switch row.Op {
			case "PutUint16":
				err = netutil.PutUint16(b, uint16(row.Value))
			case "PutUint32":
				err = netutil.PutUint32(b, row.Value)
			case "Uint16":
				var v16 uint16
				v16, err = netutil.Uint16(b)
				v = uint32(v16)
			case "Uint32":
				v, err = netutil.Uint32(b)
			}
			out[i] = BytesResult{Buf: b, Value: v, Err: wire.Describe(err)}
		}
	})
	return out, err
}
