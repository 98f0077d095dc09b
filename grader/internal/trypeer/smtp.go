package trypeer

import (
	"context"
	"fmt"
	"time"

	"netcourse/fixtures/smtpfake"
)

// The recipients the fake mail server refuses in its "refuse" mode.
const (
	LaterRcpt  = "later@example.test"  // 451: try again later
	NobodyRcpt = "nobody@example.test" // 550: no such user
)

// runSMTP runs the fixtures' fake mail server (fixtures/smtpfake) and logs
// every line of each conversation. Modes: "accept" takes every message;
// "refuse" also refuses LaterRcpt with 451 and NobodyRcpt with 550.
func runSMTP(ctx context.Context, p *Peer, f Fault, opt Options, w *logWriter) error {
	cfg := smtpfake.Config{Fragment: true, Seed: max(opt.Seed, 1), Wait: opt.Wait,
		Trace: func(from string, line []byte) { w.logf("%s: %q", from, line) }}
	if f.Mode == "refuse" {
		cfg.Refuse = map[string]smtpfake.Reply{
			LaterRcpt:  {Code: 451, Lines: []string{"4.3.0 <" + LaterRcpt + ">: temporary local problem, try again later"}},
			NobodyRcpt: {Code: 550, Lines: []string{"5.1.1 <" + NobodyRcpt + ">: User unknown"}},
		}
	}
	srv, err := smtpfake.NewServerOn(opt.Listen, cfg)
	if err != nil {
		return err
	}
	defer srv.Close()
	intro(w, p, f, srv.Addr(), opt, "connection")
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	reported := 0
	for {
		ss := srv.Sessions()
		for _, s := range ss[reported:] {
			w.logf("connection ended (%s): %d %s delivered, %s", s.End, len(s.Messages), units(len(s.Messages), "message"), problems(s))
		}
		reported = len(ss)
		if reported >= opt.N {
			w.logf("served %d %s: exiting", reported, units(reported, "connection"))
			return nil
		}
		select {
		case <-ctx.Done():
			w.logf("interrupted: closing")
			return nil
		case <-tick.C:
		}
	}
}

// problems says what the server found wrong in a session.
func problems(s *smtpfake.Session) string {
	n := len(s.Problems)
	if s.BareLFCommands+s.BareLFData > 0 {
		n++
	}
	if n == 0 {
		return "no protocol problem seen"
	}
	out := fmt.Sprintf("%d %s:", n, units(n, "problem"))
	for _, p := range s.Problems {
		out += "\n    " + p
	}
	if s.BareLFCommands+s.BareLFData > 0 {
		out += fmt.Sprintf("\n    %d lines ended in \\n alone (%d commands, %d message lines); SMTP wants \\r\\n", s.BareLFCommands+s.BareLFData, s.BareLFCommands, s.BareLFData)
	}
	return out
}
