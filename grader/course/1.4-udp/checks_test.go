package udp

import (
	"strings"
	"testing"

	"netcourse/grader/wire"
)

// sequenceProblems names, for each request of a sequence, what its call
// returned instead of its own reply, and tells glued datagrams apart.
func TestSequenceProblems(t *testing.T) {
	reqs := [][]byte{[]byte("AAAA one"), []byte("BBBB two"), []byte("CCCC three")}
	answer := func(req []byte) []byte { return append(append([]byte{}, req[:4]...), " re:"+string(req[4:])...) }
	own := func(i int) []byte { return answer(reqs[i]) }
	glue := func(ps ...[]byte) []byte {
		var b []byte
		for _, p := range ps {
			b = append(b, p...)
		}
		return b
	}
	ok := func(i int) wire.Return { return wire.Return{Data: own(i)} }
	for _, tc := range []struct {
		name  string
		rs    []wire.Return
		want  []string // one substring per problem, in order
		glued bool
	}{
		{name: "every reply its own", rs: []wire.Return{ok(0), ok(1), ok(2)}},
		{
			name: "an error",
			rs:   []wire.Return{ok(0), {Err: &wire.Err{Text: "i/o timeout", Timeout: true}}, ok(2)},
			want: []string{`request 2 (ID "BBBB") returned the error "i/o timeout", though the server answered it`},
		},
		{
			name: "a stale reply",
			rs:   []wire.Return{ok(0), {Data: own(0)}, {Data: own(1)}},
			want: []string{
				`request 2 (ID "BBBB") returned the reply to request 1 (ID "AAAA")`,
				`request 3 (ID "CCCC") returned the reply to request 2 (ID "BBBB")`,
			},
		},
		{
			name:  "a duplicate glued on",
			rs:    []wire.Return{{Data: glue(own(0), own(0))}, ok(1), ok(2)},
			want:  []string{`request 1 (ID "AAAA") returned 2 datagrams glued together, 2 copies of its own reply`},
			glued: true,
		},
		{
			name:  "a stale reply glued before its own",
			rs:    []wire.Return{ok(0), {Data: glue(own(0), own(1))}, ok(2)},
			want:  []string{`request 2 (ID "BBBB") returned 2 datagrams glued together, the reply to request 1 + its own reply`},
			glued: true,
		},
		{
			name: "bytes that are no reply",
			rs:   []wire.Return{ok(0), ok(1), {Data: []byte("CCCC re:thr")}},
			want: []string{`request 3 (ID "CCCC") returned the wrong bytes:`},
		},
	} {
		probs, glued := sequenceProblems(tc.rs, reqs, answer)
		if len(probs) != len(tc.want) {
			t.Errorf("%s: %d problems, want %d:\n%s", tc.name, len(probs), len(tc.want), strings.Join(probs, "\n"))
			continue
		}
		for i, w := range tc.want {
			if !strings.HasPrefix(probs[i], w) {
				t.Errorf("%s: problem %d = %q, want it to start with %q", tc.name, i+1, probs[i], w)
			}
		}
		if glued != tc.glued {
			t.Errorf("%s: glued = %v, want %v", tc.name, glued, tc.glued)
		}
	}
}
