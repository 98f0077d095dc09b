// Command driver is the child of exercise 2.6: it runs a session of the
// submission's FTP client when the judge asks.
package main

import (
	"errors"
	"net/textproto"
	"os"
	"runtime/debug"
	"time"

	ftpclient "netcourse/exercises/2.6-ftpclient"
	"netcourse/grader/child"
	"netcourse/grader/course/2.6-ftpclient/contract"
	"netcourse/grader/wire"
)

func main() {
	os.Exit(child.Serve(child.Handle(contract.Session, session)))
}

// session runs Dial, Login, the steps and Quit. The collector stays off
// for the rest of the child's short life: a connection the client never
// closed is closed by its finalizer when the collector happens to run, and
// a leak must not depend on when that is.
func session(s *child.Session, a contract.SessionArgs) (contract.SessionResult, error) {
	debug.SetGCPercent(-1)
	var r contract.SessionResult
	err := s.Call(func() {
		start := time.Now()
		defer func() { r.Elapsed = time.Since(start) }()
		c, err := ftpclient.Dial(a.Addr)
		if err != nil || c == nil {
			r.Dial = describe(err).Err
			if r.Dial == nil {
				r.Dial = describe(errors.New("Dial returned a nil *Client and a nil error")).Err
			}
			return
		}
		r.Login = describe(c.Login(a.User, a.Pass))
		if r.Login == nil {
			for _, st := range a.Steps {
				var sr contract.StepResult
				var err error
				switch st.Op {
				case contract.List:
					sr.Lines, err = c.List(st.Path)
				case contract.Retr:
					sr.Data, err = c.Retr(st.Path)
				}
				sr.Err = describe(err)
				r.Steps = append(r.Steps, sr)
			}
		}
		r.Quit = describe(c.Quit())
	})
	return r, err
}

// describe is err with the reply code a *textproto.Error in it carries.
func describe(err error) *contract.Reply {
	if err == nil {
		return nil
	}
	r := &contract.Reply{Err: wire.Describe(err)}
	var te *textproto.Error
	if errors.As(err, &te) {
		r.Code = te.Code
	}
	return r
}
