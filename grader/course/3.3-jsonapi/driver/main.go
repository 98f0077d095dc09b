// Command driver is the child of exercise 3.3: it connects to the judge's
// fake peer and runs the submission's DecodeReply or StreamItems on the
// connection.
package main

import (
	"encoding/json"
	"net"
	"os"
	"time"

	jsonapi "netcourse/exercises/3.3-jsonapi"
	"netcourse/grader/child"
	"netcourse/grader/course/3.3-jsonapi/contract"
	"netcourse/grader/wire"
)

func main() {
	os.Exit(child.Serve(
		child.Handle(contract.DecodeReply, decodeReply),
		child.Handle(contract.StreamItems, streamItems),
	))
}

func decodeReply(s *child.Session, a contract.ConnArgs) (contract.ReplyResult, error) {
	c, err := net.DialTimeout("tcp", a.Addr, contract.DialWithin)
	if err != nil {
		return contract.ReplyResult{}, err
	}
	defer c.Close()
	var res contract.ReplyResult
	err = s.Call(func() {
		start := time.Now()
		r, err := jsonapi.DecodeReply(c, a.Idle)
		res.Err, res.Elapsed = wire.Describe(err), time.Since(start)
		attrs, merr := json.Marshal(r.Attrs)
		if merr != nil {
			attrs = []byte("json.Marshal: " + merr.Error())
		}
		res.Reply = contract.Reply{ID: r.ID, Name: r.Name, Price: r.Price.String(), Tags: r.Tags, Parent: r.Parent, Attrs: string(attrs)}
	})
	return res, err
}

func streamItems(s *child.Session, a contract.ConnArgs) (contract.Items, error) {
	c, err := net.DialTimeout("tcp", a.Addr, contract.DialWithin)
	if err != nil {
		return contract.Items{}, err
	}
	defer c.Close()
	var res contract.Items
	err = s.Call(func() {
		start := time.Now()
		err := jsonapi.StreamItems(c, a.Idle, func(it jsonapi.Item) error {
			ci := contract.Item{ID: it.ID, SKU: it.SKU, Qty: it.Qty, Price: it.Price.String()}
			if res.Count < a.Keep {
				res.Items = append(res.Items, ci)
			}
			res.Count++
			res.Digest = contract.Digest(res.Digest, ci)
			return nil
		})
		res.Err, res.Elapsed = wire.Describe(err), time.Since(start)
	})
	return res, err
}
