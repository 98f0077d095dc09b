package harness

import (
	"time"

	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// Tell is Send for a child that may be gone by now: a panic it reported
// then explains the failed send better than the broken pipe does.
func Tell[V any](c *judge.Child, cmd wire.Command[V], v V) error {
	if err := Send(c, cmd, v); err != nil {
		if _, nerr := c.Next(time.Second); nerr != nil {
			return nerr
		}
		return err
	}
	return nil
}

// Ask tells c the command cmd with its data a and waits up to within for
// the child's reply, the event reply, and returns its data.
func Ask[A, V any](c *judge.Child, cmd wire.Command[A], a A, reply wire.Event[V], within time.Duration) (V, error) {
	if err := Tell(c, cmd, a); err != nil {
		var v V
		return v, err
	}
	return Await(c, reply, within)
}
