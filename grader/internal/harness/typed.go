package harness

import (
	"errors"
	"reflect"
	"time"

	"netcourse/grader/internal/judge"
	"netcourse/grader/wire"
)

// Start runs the submission's child on op with args (see T.Start).
func Start[A, R any](t *judge.T, op wire.Op[A, R], args A) (*judge.Child, error) {
	return t.Start(op.Name, args)
}

// StartReference is Start on the reference solution.
func StartReference[A, R any](t *judge.T, op wire.Op[A, R], args A) (*judge.Child, error) {
	return t.StartReference(op.Name, args)
}

// Call starts the child on op and waits up to within for its result.
func Call[A, R any](t *judge.T, op wire.Op[A, R], args A, within time.Duration) (*judge.Child, R, error) {
	var r R
	c, err := Start(t, op, args)
	if err != nil {
		return nil, r, err
	}
	r, err = Result(c, op, within)
	return c, r, err
}

// Result waits up to within for op's result from c. The stub's
// errors.ErrUnsupported anywhere in it makes a *judge.NotStartedError: this is
// the one place stubs are told from attempts.
func Result[A, R any](c *judge.Child, op wire.Op[A, R], within time.Duration) (R, error) {
	var r R
	if err := c.Result(within, &r); err != nil {
		return r, err
	}
	if unsupported(reflect.ValueOf(r)) {
		return r, &judge.NotStartedError{Func: op.Func}
	}
	return r, nil
}

// Stub runs op once on args in the submission's child and returns the
// *judge.NotStartedError when the stub answers within within; nil for any
// other outcome, which the check's own run judges. For a check that
// measures the reference solution before the submission's run: a stub
// then costs no measurement. args should be quick to answer.
func Stub[A, R any](t *judge.T, op wire.Op[A, R], args A, within time.Duration) error {
	c, err := Start(t, op, args)
	if err != nil {
		return err
	}
	defer c.Stop()
	var ne *judge.NotStartedError
	if _, err := Result(c, op, within); errors.As(err, &ne) {
		return ne
	}
	return nil
}

// Await waits up to within for the event e from c and returns its data.
func Await[V any](c *judge.Child, e wire.Event[V], within time.Duration) (V, error) {
	var v V
	err := c.Expect(e.Name, within, &v)
	return v, err
}

// Send sends the command cmd with its data v to c.
func Send[V any](c *judge.Child, cmd wire.Command[V], v V) error { return c.Send(cmd.Name, v) }

var errType = reflect.TypeFor[*wire.Err]()

// unsupported reports whether v holds a *wire.Err that is the stub's.
func unsupported(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return false
		}
		if v.Type() == errType {
			return v.Interface().(*wire.Err).Unsupported
		}
		return unsupported(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && unsupported(v.Field(i)) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		if !mayHoldErr(v.Type().Elem(), nil) {
			return false // 16 MiB of bytes hold no error: not walked
		}
		for i := range v.Len() {
			if unsupported(v.Index(i)) {
				return true
			}
		}
	}
	return false
}

// mayHoldErr reports whether a value of type t can hold a *wire.Err.
func mayHoldErr(t reflect.Type, seen map[reflect.Type]bool) bool {
	if t == errType {
		return true
	}
	if seen[t] {
		return false // a recursive type: its other fields decide
	}
	if seen == nil {
		seen = map[reflect.Type]bool{}
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return mayHoldErr(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() && mayHoldErr(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}
