// Command driver is the child of exercise 2.5: it runs the submission's
// Send when the judge asks.
package main

import (
	"errors"
	"net/textproto"
	"os"
	"runtime/debug"
	"time"

	sendmail "netcourse/exercises/2.5-sendmail"
	"netcourse/grader/child"
	"netcourse/grader/course/2.5-sendmail/contract"
	"netcourse/grader/wire"
)

func main() {
	os.Exit(child.Serve(child.Handle(contract.Send, send)))
}

// send calls Send once. The collector stays off for the child's short
// life: a connection Send never closed is closed by its finalizer when the
// collector happens to run, and the judge counts the sockets left open.
func send(s *child.Session, a contract.SendArgs) (contract.SendResult, error) {
	debug.SetGCPercent(-1)
	var r contract.SendResult
	err := s.Call(func() {
		start := time.Now()
		err := sendmail.Send(a.Addr, a.From, a.To, a.Subject, a.Body)
		r = contract.SendResult{Err: wire.Describe(err), Elapsed: time.Since(start)}
		var te *textproto.Error
		if errors.As(err, &te) {
			r.Code = te.Code
		}
	})
	return r, err
}
