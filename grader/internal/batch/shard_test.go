package batch

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseShard(t *testing.T) {
	for _, s := range []string{"1/1", "2/3", "10/10"} {
		if sh, err := ParseShard(s); err != nil || sh.String() != s {
			t.Errorf("ParseShard(%q) = %v, %v", s, sh, err)
		}
	}
	for _, s := range []string{"", "3", "0/3", "4/3", "-1/3", "1/0", "a/b", "1/3/5", " 1/3"} {
		if _, err := ParseShard(s); err == nil {
			t.Errorf("ParseShard(%q) took it", s)
		}
	}
}

// TestShardsDealEverySubmissionOnce: for any count of submissions and
// shards, the shards together hold every submission once, and none holds
// more than one more than another.
func TestShardsDealEverySubmissionOnce(t *testing.T) {
	for total := range 12 {
		subs := make([]Submission, total)
		for i := range subs {
			subs[i].Name = fmt.Sprintf("s%02d", i)
		}
		for n := 1; n <= 5; n++ {
			seen := map[string]int{}
			lo, hi := total, 0
			for k := 1; k <= n; k++ {
				sh := Shard{k, n}
				got := sh.Of(subs)
				if len(got) != sh.size(total) {
					t.Errorf("%d submissions, shard %s: %d, size says %d", total, sh, len(got), sh.size(total))
				}
				lo, hi = min(lo, len(got)), max(hi, len(got))
				for _, s := range got {
					seen[s.Name]++
				}
			}
			if len(seen) != total || hi-lo > 1 {
				t.Errorf("%d submissions in %d shards: %d distinct dealt, sizes %d to %d", total, n, len(seen), lo, hi)
			}
			for name, c := range seen {
				if c != 1 {
					t.Errorf("%d submissions in %d shards: %s dealt %d times", total, n, name, c)
				}
			}
		}
	}
}

// shardBooks cuts a gradebook of the named rows into n shards' books as
// grader batch --shard would write and read them back.
func shardBooks(t *testing.T, names []string, n int) (*Gradebook, []NamedShard) {
	t.Helper()
	subs := make([]Submission, len(names))
	gb := &Gradebook{IDs: []string{"1.1"}}
	for i, name := range names {
		subs[i].Name = name
		gb.Rows = append(gb.Rows, Row{Submission: name, Total: i, Max: 11, Status: OK, Exercises: map[string]Score{"1.1": {Status: "passed", Score: i, MaxScore: 11}}})
	}
	var out []NamedShard
	for k := 1; k <= n; k++ {
		sh := Shard{k, n}
		var rows []Row
		for i := k - 1; i < len(names); i += n {
			rows = append(rows, gb.Rows[i])
		}
		var buf bytes.Buffer
		if err := WriteShard(&buf, &ShardBook{Shard: sh.String(), Listing: ListingOf(subs), Seed: 1 << 63, Timeout: "5m0s", Exercises: gb.IDs, Rows: rows}); err != nil {
			t.Fatal(err)
		}
		sb, err := ReadShard(&buf)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, NamedShard{Name: fmt.Sprintf("shard-%d.json", k), Book: sb})
	}
	return gb, out
}

// TestMergeWritesOneMachinesGradebook: merged in any order, the shards
// write the same CSV and JSON bytes as the unsharded gradebook, names
// that need escaping included.
func TestMergeWritesOneMachinesGradebook(t *testing.T) {
	names := []string{"=cmd", "ada", "bob", "cy\x1b[2J", "dee", "\xffeve", "fay"}
	for n := 1; n <= 8; n++ {
		gb, shards := shardBooks(t, names, n)
		for i, j := 0, len(shards)-1; i < j; i, j = i+1, j-1 {
			shards[i], shards[j] = shards[j], shards[i] // files in any order
		}
		merged, err := Merge(shards)
		if err != nil {
			t.Fatalf("%d shards: %v", n, err)
		}
		for name, write := range Formats {
			var want, got bytes.Buffer
			write(&want, gb)
			write(&got, merged)
			if diff := cmp.Diff(want.String(), got.String()); diff != "" {
				t.Errorf("%d shards, %s (-unsharded +merged):\n%s", n, name, diff)
			}
		}
	}
}

// TestMergeNamesWhatIsWrong: a shard missing, given twice, or not of the
// same batch is an error that names it.
func TestMergeNamesWhatIsWrong(t *testing.T) {
	names := []string{"ada", "bob", "cy", "dee", "eve"}
	for _, tc := range []struct {
		name  string
		edit  func(s []NamedShard) []NamedShard
		wants []string
	}{
		{"none", func(s []NamedShard) []NamedShard { return nil }, []string{"no shard"}},
		{"one missing", func(s []NamedShard) []NamedShard { return append(s[:1], s[2:]...) }, []string{"shard 2/3 is missing"}},
		{"two missing", func(s []NamedShard) []NamedShard { return s[1:2] }, []string{"shards 1/3, 3/3 are missing"}},
		{"twice", func(s []NamedShard) []NamedShard { return append(s, NamedShard{"copy.json", s[1].Book}) }, []string{"shard 2/3 is given twice", "shard-2.json", "copy.json"}},
		{"other cut", func(s []NamedShard) []NamedShard {
			_, other := shardBooks(t, names, 2)
			return append(s[:2], other[1])
		}, []string{"shard-2.json is shard 2/2", "shard-1.json is shard 1/3"}},
		{"other listing", func(s []NamedShard) []NamedShard {
			_, other := shardBooks(t, append(names, "fay"), 3)
			return append(s[:2], other[2])
		}, []string{"shard 3/3", "6 submissions", "5", "same submissions folder"}},
		{"other seed", func(s []NamedShard) []NamedShard {
			b := *s[2].Book
			b.Seed = 7
			s[2].Book = &b
			return s
		}, []string{"shard 3/3", "seed 7", "--seed"}},
		{"other exercises", func(s []NamedShard) []NamedShard {
			b := *s[1].Book
			b.Exercises = []string{"1.2"}
			s[1].Book = &b
			return s
		}, []string{"shard 2/3", "[1.2]"}},
		{"row lost", func(s []NamedShard) []NamedShard {
			b := *s[0].Book
			b.Rows = b.Rows[1:]
			s[0].Book = &b
			return s
		}, []string{"shard 1/3", "holds 1 rows, want 2"}},
		{"row renamed", func(s []NamedShard) []NamedShard {
			b := *s[0].Book
			b.Rows = append([]Row{}, b.Rows...)
			b.Rows[0].Submission = "mallory"
			s[0].Book = &b
			return s
		}, []string{"not the submissions"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, shards := shardBooks(t, names, 3)
			_, err := Merge(tc.edit(shards))
			if err == nil {
				t.Fatal("merged")
			}
			for _, w := range tc.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestReadShardRefusesOtherJSON(t *testing.T) {
	for _, in := range []string{
		`[{"submission": "ada"}]`, // a gradebook, not a shard's
		`{"shard": "1/2", "rows": [], "extra": 1}`,
		`{"shard": "3/2", "rows": []}`,
	} {
		if _, err := ReadShard(strings.NewReader(in)); err == nil {
			t.Errorf("ReadShard(%s) took it", in)
		}
	}
}
