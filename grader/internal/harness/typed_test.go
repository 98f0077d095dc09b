package harness

import (
	"reflect"
	"testing"

	"netcourse/grader/wire"
)

func TestUnsupportedFindsTheStubAnywhere(t *testing.T) {
	stub := &wire.Err{Text: "unsupported operation", Unsupported: true}
	other := &wire.Err{Text: "connection refused", Refused: true}
	type calls struct{ Calls []wire.Return }
	type nested struct {
		wire.Stopped
		Listen struct{ Err *wire.Err }
	}
	for _, tc := range []struct {
		name string
		v    any
		want bool
	}{
		{"nil error", wire.Return{}, false},
		{"another error", wire.Return{Err: other}, false},
		{"the stub", wire.Return{Err: stub}, true},
		{"pointer to the stub", &wire.Return{Err: stub}, true},
		{"in a slice", calls{Calls: []wire.Return{{Err: other}, {Err: stub}}}, true},
		{"embedded", nested{Stopped: wire.Stopped{Err: stub}}, true},
		{"in a nested struct", func() nested { var n nested; n.Listen.Err = stub; return n }(), true},
		{"nothing like it", struct{ N int }{3}, false},
		{"a big payload", wire.Return{Data: make([]byte, 16<<20)}, false},
	} {
		if got := unsupported(reflect.ValueOf(tc.v)); got != tc.want {
			t.Errorf("%s: unsupported(%+v) = %v, want %v", tc.name, tc.v, got, tc.want)
		}
	}
}
