package htmllinks

import "testing"

func TestListDiff(t *testing.T) {
	for _, tc := range []struct {
		want, got []string
		most      int
		diff      string
	}{
		{[]string{"a", "b"}, []string{"a", "b"}, 10, "links (-want +got):\n    … 2 equal"},
		{[]string{"a", "b", "c"}, []string{"a", "c"}, 10, "links (-want +got):\n    a\n  - b\n    c"},
		{[]string{"a", "c"}, []string{"a", "x", "c", "c"}, 10, "links (-want +got):\n    a\n  + x\n    c\n  + c"},
		{[]string{"a", "b"}, []string{"b", "a"}, 10, "links (-want +got):\n  + b\n    a\n  - b"},
		{[]string{"a", "b", "c"}, nil, 2, "links (-want +got):\n  - a\n  - b\n  … and 1 more lines"},
		{[]string{"a", "b", "c", "d", "e", "f", "g"}, []string{"a", "b", "c", "d", "e", "f"}, 10, "links (-want +got):\n    … 4 equal\n    e\n    f\n  - g"},
		{[]string{"x", "a", "b", "c", "d", "e", "f", "y"}, []string{"a", "b", "c", "d", "e", "f"}, 10, "links (-want +got):\n  - x\n    a\n    b\n    … 2 equal\n    e\n    f\n  - y"},
	} {
		if got := listDiff(tc.want, tc.got, tc.most); got != tc.diff {
			t.Errorf("listDiff(%q, %q) =\n%s\nwant\n%s", tc.want, tc.got, got, tc.diff)
		}
	}
}
