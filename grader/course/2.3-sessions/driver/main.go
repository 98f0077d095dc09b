// Command driver is the child of exercise 2.3: it makes a Session with the
// submission's NewSession and runs the judge's script of calls on it.
package main

import (
	"errors"
	"os"
	"time"

	sessions "netcourse/exercises/2.3-sessions"
	"netcourse/grader/child"
	"netcourse/grader/course/2.3-sessions/contract"
	"netcourse/grader/wire"
)

func main() {
	os.Exit(child.Serve(child.Handle(contract.Session, session)))
}

func session(s *child.Session, a contract.Script) (contract.Result, error) {
	var r contract.Result
	err := s.Call(func() {
		ss, err := sessions.NewSession()
		if err == nil && ss == nil {
			err = errors.New("NewSession returned a nil *Session and no error")
		}
		if err != nil {
			r.New = wire.Describe(err)
			return
		}
		for _, st := range a.Steps {
			start := time.Now()
			var data []byte
			var err error
			switch st.Do {
			case contract.Login:
				data, err = ss.Login(st.URL, st.User, st.Password)
			case contract.Get:
				data, err = ss.Get(st.URL)
			case contract.GetBasic:
				data, err = ss.GetBasic(st.URL, st.User, st.Password)
			default:
				err = errors.New("driver: unknown step " + st.Do)
			}
			r.Returns = append(r.Returns, wire.Return{Data: data, Err: wire.Describe(err), Elapsed: time.Since(start)})
		}
	})
	return r, err
}
