// Command driver is the child of exercise 2.4: it runs the submission's
// Get or Post when the judge asks, under the policy the judge chose.
package main

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"time"

	robust "netcourse/exercises/2.4-robust"
	"netcourse/grader/child"
	"netcourse/grader/course/2.4-robust/contract"
	"netcourse/grader/wire"
)

func main() {
	os.Exit(child.Serve(
		child.Handle(contract.Get, func(s *child.Session, a contract.Args) (contract.Result, error) {
			return run(s, a, func(ctx context.Context, p robust.Policy) ([]byte, error) { return robust.Get(ctx, a.URL, p) })
		}),
		child.Handle(contract.Post, func(s *child.Session, a contract.Args) (contract.Result, error) {
			return run(s, a, func(ctx context.Context, p robust.Policy) ([]byte, error) {
				return robust.Post(ctx, a.URL, a.ContentType, a.Body, p)
			})
		}),
	))
}

func run(s *child.Session, a contract.Args, call func(context.Context, robust.Policy) ([]byte, error)) (contract.Result, error) {
	p := robust.Policy{
		Attempts: a.Attempts, AttemptTimeout: a.AttemptTimeout, Total: a.Total,
		BaseBackoff: a.BaseBackoff, MaxBackoff: a.MaxBackoff,
		Rand: rand.New(rand.NewPCG(a.Seed, 0)),
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type returned struct {
		r  contract.Result
		at time.Time
	}
	done := make(chan returned, 1)
	do := func() {
		start := time.Now()
		data, err := call(ctx, p)
		var r contract.Result
		r.Return = wire.Return{Data: data, Err: wire.Describe(err), Elapsed: time.Since(start)}
		var se *robust.StatusError
		if errors.As(err, &se) {
			r.Status = se.Code
		}
		r.Canceled = errors.Is(err, context.Canceled)
		at := time.Now()
		if a.WaitCancel && ctx.Err() == nil {
			child.Returned(s, err) // before the cancel: the judge may be waiting for its requests
		}
		done <- returned{r, at}
	}
	if !a.WaitCancel {
		if err := s.Call(do); err != nil {
			return contract.Result{}, err
		}
		return (<-done).r, nil
	}
	s.Go(do)
	if _, err := child.Wait(s, contract.Cancel); err != nil {
		return contract.Result{}, err
	}
	cancelled := time.Now()
	select {
	case o := <-done:
		o.r.Early = o.at.Before(cancelled)
		if !o.r.Early {
			o.r.AfterCancel = o.at.Sub(cancelled)
		}
		return o.r, nil
	default:
	}
	cancel()
	select {
	case o := <-done:
		o.r.AfterCancel = o.at.Sub(cancelled)
		return o.r, nil
	case <-time.After(contract.CancelWithin):
		return contract.Result{Hung: true, AfterCancel: time.Since(cancelled)}, nil
	}
}
