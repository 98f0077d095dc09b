// Command tcpclient is the child of exercise 1.1: it runs the
// submission's Get when the judge asks.
package main

import (
	"encoding/json"
	"os"
	"time"

	tcpclient "netcourse/exercises/1.1-tcpclient"
	"netcourse/grader/child"
	"netcourse/grader/wire"
)

// GetArgs are the arguments of the "get" operation.
type GetArgs struct {
	Host string
	Port int
	Path string
}

func main() {
	os.Exit(child.Main(map[string]child.Handler{"get": get}))
}

func get(s *child.Session, raw json.RawMessage) (any, error) {
	var a GetArgs
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, err
	}
	var r wire.Return
	err := s.Call(func() {
		start := time.Now()
		data, err := tcpclient.Get(a.Host, a.Port, a.Path)
		r = wire.Return{Data: data, Err: wire.Describe(err), Elapsed: time.Since(start)}
	})
	return r, err
}
