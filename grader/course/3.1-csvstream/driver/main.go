// Command driver is the child of exercise 3.1: it connects to the judge's
// fake peer and runs the submission's ReadItems on the connection.
package main

import (
	"net"
	"os"
	"strconv"
	"time"

	csvstream "netcourse/exercises/3.1-csvstream"
	"netcourse/grader/child"
	"netcourse/grader/course/3.1-csvstream/contract"
	"netcourse/grader/wire"
)

func main() {
	os.Exit(child.Serve(child.Handle(contract.ReadItems, readItems)))
}

func readItems(s *child.Session, a contract.Args) (contract.Result, error) {
	c, err := net.DialTimeout("tcp", a.Addr, contract.DialWithin)
	if err != nil {
		return contract.Result{}, err
	}
	defer c.Close()
	var r contract.Result
	err = s.Call(func() {
		start := time.Now()
		items, bad, err := csvstream.ReadItems(c)
		r.Elapsed = time.Since(start)
		r.Err = wire.Describe(err)
		for _, it := range items {
			r.Items = append(r.Items, contract.Item{Line: it.Line, SKU: it.SKU, Name: it.Name, Qty: it.Qty,
				Price: strconv.FormatFloat(it.Price, 'g', -1, 64)})
		}
		for _, b := range bad {
			if b == nil {
				r.Bad = append(r.Bad, contract.Bad{Err: "<nil *LineError>"})
				continue
			}
			r.Bad = append(r.Bad, contract.Bad{Line: b.Line, Err: b.Error()})
		}
	})
	return r, err
}
