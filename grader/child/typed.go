package child

import (
	"encoding/json"

	"netcourse/grader/wire"
)

// Entry is one operation a driver serves, made by Handle.
type Entry struct {
	name string
	run  Handler
}

// Handle serves op with f: the arguments arrive decoded as op declares
// them, and f's result goes back as op declares it.
func Handle[A, R any](op wire.Op[A, R], f func(s *Session, a A) (R, error)) Entry {
	return Entry{name: op.Name, run: func(s *Session, raw json.RawMessage) (any, error) {
		var a A
		if err := json.Unmarshal(raw, &a); err != nil {
			return nil, err
		}
		r, err := f(s, a)
		if err != nil {
			return nil, err
		}
		return r, nil
	}}
}

// Serve is Main for the operations of entries; drivers call it from main:
// os.Exit(child.Serve(child.Handle(contract.Get, get))).
func Serve(entries ...Entry) int {
	handlers := make(map[string]Handler, len(entries))
	for _, e := range entries {
		handlers[e.name] = e.run
	}
	return Main(handlers)
}

// Emit sends the event e with its data v.
func Emit[V any](s *Session, e wire.Event[V], v V) error { return s.Event(e.Name, v) }

// Wait waits for the judge's command c and returns its data.
func Wait[V any](s *Session, c wire.Command[V]) (V, error) {
	var v V
	err := s.Await(c.Name, &v)
	return v, err
}
