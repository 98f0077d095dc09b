// Command driver is the child of exercise 3.4: it connects to the judge's
// fake peer and runs the submission's ReadLog or WriteLog on the
// connection.
package main

import (
	"errors"
	"math"
	"net"
	"os"
	"time"

	binrecords "netcourse/exercises/3.4-binrecords"
	"netcourse/grader/child"
	"netcourse/grader/course/3.4-binrecords/contract"
	"netcourse/grader/wire"
)

func main() {
	os.Exit(child.Serve(
		child.Handle(contract.ReadLog, readLog),
		child.Handle(contract.WriteLog, writeLog),
	))
}

func is(err error) contract.Errs {
	return contract.Errs{
		Magic:    errors.Is(err, binrecords.ErrMagic),
		Version:  errors.Is(err, binrecords.ErrVersion),
		TooLarge: errors.Is(err, binrecords.ErrTooLarge),
		Checksum: errors.Is(err, binrecords.ErrChecksum),
	}
}

func readLog(s *child.Session, a contract.ReadArgs) (contract.ReadResult, error) {
	c, err := net.DialTimeout("tcp", a.Addr, contract.DialWithin)
	if err != nil {
		return contract.ReadResult{}, err
	}
	defer c.Close()
	var r contract.ReadResult
	err = s.Call(func() {
		start := time.Now()
		h, recs, err := binrecords.ReadLog(c)
		r.Elapsed = time.Since(start)
		r.Header = contract.Header{Version: h.Version, Flags: h.Flags, Count: h.Count}
		r.Err, r.Is = wire.Describe(err), is(err)
		for _, rec := range recs {
			r.Records = append(r.Records, contract.Record{ID: rec.ID, Time: rec.Time, Value: math.Float64bits(rec.Value), Payload: rec.Payload})
		}
	})
	return r, err
}

func writeLog(s *child.Session, a contract.WriteArgs) (contract.WriteResult, error) {
	h := binrecords.Header{Version: a.Header.Version, Flags: a.Header.Flags, Count: a.Header.Count}
	recs := make([]binrecords.Record, len(a.Records))
	for i, rec := range a.Records {
		recs[i] = binrecords.Record{ID: rec.ID, Time: rec.Time, Value: math.Float64frombits(rec.Value), Payload: rec.Payload}
	}
	c, err := net.DialTimeout("tcp", a.Addr, contract.DialWithin)
	if err != nil {
		return contract.WriteResult{}, err
	}
	// Closing sends the peer the end once the kernel has sent what
	// WriteLog wrote.
	defer c.Close()
	var r contract.WriteResult
	err = s.Call(func() {
		err := binrecords.WriteLog(c, h, recs)
		r.Err, r.Is = wire.Describe(err), is(err)
	})
	return r, err
}
