package netutil

import (
	"slices"
	"testing"

	"netcourse/grader/course/1.7-netutil/contract"
	"netcourse/grader/wire"
)

// tableDiff is what the student sees for a wrong table: every entry once,
// in key order, the differing ones as -want/+got, and the same text every
// run (transcripts record it).
func TestTableDiff(t *testing.T) {
	for _, tc := range []struct {
		name      string
		want, got map[string]string
		diff      string
	}{
		{name: "equal", want: map[string]string{"a": "1", "b": "2"}, got: map[string]string{"b": "2", "a": "1"}},
		{name: "both empty", want: map[string]string{}, got: nil},
		{
			name: "a value differs",
			want: map[string]string{`Endpoint("::1", 80)`: `"[::1]:80"`, `Endpoint("a", 1)`: `"a:1"`},
			got:  map[string]string{`Endpoint("::1", 80)`: `"::1:80"`, `Endpoint("a", 1)`: `"a:1"`},
			diff: "diff (-want +got):\n" +
				`- Endpoint("::1", 80): "[::1]:80"` + "\n" +
				`+ Endpoint("::1", 80): "::1:80"` + "\n" +
				`  Endpoint("a", 1):    "a:1"`,
		},
		{
			name: "missing and extra keys",
			want: map[string]string{"192.0.2.1": "A", "2001:db8::1": "AAAA"},
			got:  map[string]string{"::ffff:192.0.2.1": "IPv4-mapped IPv6", "2001:db8::1": "AAAA"},
			diff: "diff (-want +got):\n" +
				"- 192.0.2.1:        A\n" +
				"  2001:db8::1:      AAAA\n" +
				"+ ::ffff:192.0.2.1: IPv4-mapped IPv6",
		},
		{
			name: "an error is explained",
			want: map[string]string{"LookupPort(x)": "error"},
			got:  map[string]string{"LookupPort(x)": "0"},
			diff: "diff (-want +got):\n" +
				"- LookupPort(x): error\n" +
				"+ LookupPort(x): 0\n" +
				`("error" stands for any non-nil error.)`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for range 3 { // map order must not show
				if d := tableDiff(tc.want, tc.got); d != tc.diff {
					t.Fatalf("tableDiff =\n%s\nwant\n%s", d, tc.diff)
				}
			}
		})
	}
}

// nuAddrSet names each address with its family, counts duplicates and
// keeps what does not parse, so the diff shows what is wrong with each.
func TestAddrSet(t *testing.T) {
	got := nuAddrSet([]string{"192.0.2.1", "2001:db8::1", "::ffff:192.0.2.7", "192.0.2.1", "nonsense"})
	want := map[string]string{
		"192.0.2.1":        "A, 2 times",
		"2001:db8::1":      "AAAA",
		"::ffff:192.0.2.7": "IPv4-mapped IPv6",
		"nonsense":         "not an address",
	}
	if d := tableDiff(want, got); d != "" {
		t.Error(d)
	}
}

// nuSorted makes the comparison of address lists independent of order:
// IPv4 first, as netip orders them, then what does not parse.
func TestSorted(t *testing.T) {
	in := []string{"zz", "2001:db8::1", "192.0.2.10", "aa", "192.0.2.9"}
	want := []string{"192.0.2.9", "192.0.2.10", "2001:db8::1", "aa", "zz"}
	if got := nuSorted(in); !slices.Equal(got, want) {
		t.Errorf("nuSorted(%q) = %q, want %q", in, got, want)
	}
	if in[0] != "zz" {
		t.Error("nuSorted sorted its argument in place")
	}
}

// nuErrText leaves out the system's DNS server, which Go's error names
// though the query went to the fake one.
func TestErrText(t *testing.T) {
	for in, want := range map[string]string{
		"lookup x.netcourse.test on 127.0.0.53:53: no such host":     "lookup x.netcourse.test: no such host",
		"lookup x.netcourse.test on [::1]:53: server misbehaving":    "lookup x.netcourse.test: server misbehaving",
		"netutil: lookup x.netcourse.test: i/o timeout":              "netutil: lookup x.netcourse.test: i/o timeout",
		"lookup x.netcourse.test on 10.0.0.1:53: dial udp: no route": "lookup x.netcourse.test: dial udp: no route",
	} {
		if got := nuErrText(&wire.Err{Text: in}); got != want {
			t.Errorf("nuErrText(%q) = %q, want %q", in, got, want)
		}
	}
}

// nuCall writes each call as the student's code would, naming the helper
// by the operation that runs it.
func TestCall(t *testing.T) {
	for _, tc := range []struct {
		c    bytesCall
		want string
	}{
		{put(contract.PutUint16, 0x1f90, []byte{0x30, 0xe5}), "PutUint16([30 e5], 0x1f90)"},
		{put(contract.PutUint32, 0xc0000201, []byte{}), "PutUint32([], 0xc0000201)"},
		{get(contract.Uint16, []byte{0x1f, 0x90, 0x01}), "Uint16([1f 90 01])"},
		{get(contract.Uint32, []byte{0xc0, 0, 2, 1}), "Uint32([c0 00 02 01])"},
	} {
		if got := nuCall(tc.c); got != tc.want {
			t.Errorf("nuCall = %q, want %q", got, tc.want)
		}
	}
}
