// Command driver is the child of exercise 1.8: it runs the submission's
// Checksum or Decode on each packet the judge sends, its Ping on the raw
// socket the judge passed, or its Capture on the packet socket the judge
// passed.
package main

import (
	"errors"
	"net"
	"net/netip"
	"os"
	"syscall"
	"time"

	rawsock "netcourse/exercises/1.8-rawsock"
	"netcourse/grader/child"
	"netcourse/grader/course/1.8-rawsock/contract"
	"netcourse/grader/wire"
)

func main() {
	os.Exit(child.Serve(
		child.Handle(contract.Checksum, checksum),
		child.Handle(contract.Decode, decode),
		child.Handle(contract.Ping, ping),
		child.Handle(contract.Capture, capture),
	))
}

func is(err error) contract.Errs {
	return contract.Errs{
		TooLong:      errors.Is(err, rawsock.ErrTooLong),
		Truncated:    errors.Is(err, rawsock.ErrTruncated),
		HeaderLength: errors.Is(err, rawsock.ErrHeaderLength),
		TotalLength:  errors.Is(err, rawsock.ErrTotalLength),
	}
}

func checksum(s *child.Session, a contract.Packets) ([]contract.ChecksumResult, error) {
	out := make([]contract.ChecksumResult, len(a.Packets))
	for i, b := range a.Packets {
		if err := s.Call(func() {
			sum, err := rawsock.Checksum(b)
			out[i] = contract.ChecksumResult{Sum: sum, Err: wire.Describe(err), Is: is(err)}
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func decode(s *child.Session, a contract.Packets) ([]contract.DecodeResult, error) {
	out := make([]contract.DecodeResult, len(a.Packets))
	for i, b := range a.Packets {
		if err := s.Call(func() {
			p, err := rawsock.Decode(b)
			out[i] = contract.DecodeResult{Packet: convert(p), Err: wire.Describe(err), Is: is(err)}
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func convert(p rawsock.Packet) contract.Packet {
	ip := p.IP
	c := contract.Packet{
		IP: contract.IPv4{
			Version: ip.Version, IHL: ip.IHL, TOS: ip.TOS, TotalLen: ip.TotalLen, ID: ip.ID,
			Flags: ip.Flags, FragOff: ip.FragOff, TTL: ip.TTL, Protocol: ip.Protocol, Checksum: ip.Checksum,
			Src: ip.Src.String(), Dst: ip.Dst.String(), Options: ip.Options,
		},
		Payload: p.Payload,
	}
	if t := p.TCP; t != nil {
		c.TCP = &contract.TCP{SrcPort: t.SrcPort, DstPort: t.DstPort, Seq: t.Seq, Ack: t.Ack, DataOffset: t.DataOffset,
			Flags: t.Flags, Window: t.Window, Checksum: t.Checksum, Urgent: t.Urgent, Options: t.Options}
	}
	if u := p.UDP; u != nil {
		c.UDP = &contract.UDP{SrcPort: u.SrcPort, DstPort: u.DstPort, Length: u.Length, Checksum: u.Checksum}
	}
	if m := p.ICMP; m != nil {
		c.ICMP = &contract.ICMP{Type: m.Type, Code: m.Code, Checksum: m.Checksum, ID: m.ID, Seq: m.Seq}
	}
	return c
}

func ping(s *child.Session, a contract.PingArgs) ([]contract.PingResult, error) {
	dst, err := netip.ParseAddr(a.Dst)
	if err != nil {
		return nil, err
	}
	f := os.NewFile(contract.RawFD, "raw ICMP socket")
	c, err := net.FilePacketConn(f)
	f.Close()
	if err != nil {
		return nil, err
	}
	defer c.Close()
	out := make([]contract.PingResult, len(a.Pings))
	for i, p := range a.Pings {
		if err := s.Call(func() {
			start := time.Now()
			r, err := rawsock.Ping(c, dst, a.ID, p.Seq, p.Data, p.Timeout)
			out[i] = contract.PingResult{RTT: r.RTT, Data: r.Data, Err: wire.Describe(err),
				Deadline: errors.Is(err, os.ErrDeadlineExceeded), Elapsed: time.Since(start)}
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func capture(s *child.Session, a contract.CaptureArgs) ([]contract.CaptureResult, error) {
	// Non-blocking, so that the *os.File is pollable and its read
	// deadline works, as a net.Conn's does.
	if err := syscall.SetNonblock(contract.PacketFD, true); err != nil {
		return nil, err
	}
	f := os.NewFile(contract.PacketFD, "packet socket")
	defer f.Close()
	out := make([]contract.CaptureResult, len(a.Captures))
	for i, r := range a.Captures {
		if err := s.Call(func() {
			start := time.Now()
			sums, err := rawsock.Capture(f, r.N, r.Timeout)
			res := contract.CaptureResult{Summaries: []contract.Summary{}, Err: wire.Describe(err), Elapsed: time.Since(start)}
			for _, m := range sums {
				res.Summaries = append(res.Summaries, contract.Summary{EtherType: m.EtherType, Protocol: m.Protocol,
					Src: m.Src.String(), Dst: m.Dst.String(), SrcPort: m.SrcPort, DstPort: m.DstPort, Flags: m.Flags, Length: m.Length})
			}
			out[i] = res
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}
