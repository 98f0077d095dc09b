// Package contract is what the judge and the child of exercise 1.7 say to
// each other: its operations with their argument and result types, its
// events and commands. The driver and the checks both use these values, so
// a change on one side that the other does not follow does not compile.
package contract

import (
	"time"

	"netcourse/grader/wire"
)

// LookupHost runs the submission's LookupHost(ctx, r, Host) with a resolver
// r that asks the judge's fake DNS server.
var LookupHost = wire.Op[LookupArgs, LookupResult]{Name: "lookup-host", Func: "LookupHost"}

// LookupPort runs the submission's LookupPort once per row, each with a
// context of PortWithin.
var LookupPort = wire.Op[PortArgs, []PortResult]{Name: "lookup-port", Func: "LookupPort"}

// Endpoint runs the submission's Endpoint once per row.
var Endpoint = wire.Op[EndpointArgs, []EndpointResult]{Name: "endpoint", Func: "Endpoint"}

// The byte-order helpers, each once per row: the Put ones write the row's
// Value into its Buf, the others read from Buf.
var (
	PutUint16 = wire.Op[BytesArgs, []BytesResult]{Name: "put-uint16", Func: "PutUint16"}
	PutUint32 = wire.Op[BytesArgs, []BytesResult]{Name: "put-uint32", Func: "PutUint32"}
	Uint16    = wire.Op[BytesArgs, []BytesResult]{Name: "uint16", Func: "Uint16"}
	Uint32    = wire.Op[BytesArgs, []BytesResult]{Name: "uint32", Func: "Uint32"}
)

// PortWithin bounds the context of each LookupPort call; the services
// database is a local file, so it needs no network.
const PortWithin = 2 * time.Second

// LookupArgs are LookupHost's arguments.
type LookupArgs struct {
	DNS      string        // the fake DNS server, "127.0.0.1:NNNN", over UDP and TCP
	Host     string        // the name to look up
	Deadline time.Duration // the deadline of the context passed in
	// Reference, when set, is a name the driver looks up itself at the
	// same time, with the same resolver settings and the same context, so
	// that how late this machine lets a lookup return is measured in the
	// same run (ReferenceLate).
	Reference string
}

// LookupResult is LookupHost's result.
type LookupResult struct {
	Addrs          []string      // what LookupHost returned, each netip.Addr's String
	Err            *wire.Err     // the error it returned
	NotFound       bool          // errors.As finds a *net.DNSError with IsNotFound
	Elapsed        time.Duration // how long the call took
	BeforeDeadline time.Duration // how long before the context's deadline it returned; negative after it
	ReferenceLate  time.Duration // how long after the deadline the Reference lookup returned
	SystemResolver bool          // the submission asked net.DefaultResolver (which the child blocks)
}

// PortArgs are LookupPort's arguments: one call per row.
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

// EndpointArgs are Endpoint's arguments: one call per row.
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

// BytesArgs are a byte-order helper's arguments: one call per row.
type BytesArgs struct {
	Rows []BytesRow
}

// BytesRow is one call of a byte-order helper: a Put writes Value into
// Buf; a read reads from Buf.
type BytesRow struct {
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
