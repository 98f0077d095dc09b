package batch

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"netcourse/grader/internal/textsafe"
)

// Shard is one of N slices of a batch, graded on a machine of its own:
// shard K of N (1 ≤ K ≤ N) takes the submissions whose index in the
// sorted listing (Find's order) is K-1 modulo N.
//
// Dealing round-robin from the sorted listing, rather than by a hash of
// each name, keeps the shards within one submission of each other in
// size, so the slowest machine of a matrix waits for no more than its
// share. A hash would keep a submission's shard when others are added,
// but that buys nothing here: every shard records the listing it was cut
// from, and merge refuses shards cut from different listings, since their
// rows could never read as one machine's gradebook.
type Shard struct{ K, N int }

// ParseShard reads "K/N".
func ParseShard(s string) (Shard, error) {
	ks, ns, ok := strings.Cut(s, "/")
	k, kerr := strconv.Atoi(ks)
	n, nerr := strconv.Atoi(ns)
	if !ok || kerr != nil || nerr != nil || n < 1 || k < 1 || k > n {
		return Shard{}, fmt.Errorf("shard %q is not K/N with 1 ≤ K ≤ N (e.g. 2/4: the second of four)", s)
	}
	return Shard{k, n}, nil
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.K, s.N) }

// Of returns the submissions of shard s, in their order in subs.
func (s Shard) Of(subs []Submission) []Submission {
	var out []Submission
	for i := s.K - 1; i < len(subs); i += s.N {
		out = append(out, subs[i])
	}
	return out
}

// size is how many of total submissions shard s grades.
func (s Shard) size(total int) int {
	if total < s.K {
		return 0
	}
	return (total-s.K)/s.N + 1
}

// Listing identifies the list of submissions the shards of a batch are
// cut from: their count, and a SHA-256 over their names as the gradebook
// shows them (escaped, each followed by a NUL, which no escaped name
// holds), so that merge can check its rows against it.
type Listing struct {
	Submissions int    `json:"submissions"`
	SHA256      string `json:"sha256"`
}

// ListingOf is the listing of subs.
func ListingOf(subs []Submission) Listing {
	names := make([]string, len(subs))
	for i, s := range subs {
		names[i] = s.Name
	}
	return listingOfNames(names)
}

func listingOfNames(names []string) Listing {
	h := sha256.New()
	for _, n := range names {
		io.WriteString(h, textsafe.Escape(n))
		h.Write([]byte{0})
	}
	return Listing{Submissions: len(names), SHA256: hex.EncodeToString(h.Sum(nil))}
}

// ShardBook is the gradebook of one shard: its rows, and what merge needs
// to tell that the shards belong together and are all there. Its JSON
// form is what grader batch --shard writes.
type ShardBook struct {
	Shard     string   `json:"shard"` // "K/N"
	Listing   Listing  `json:"listing"`
	Seed      uint64   `json:"seed,string"` // a string: jq and JavaScript round a 64-bit number
	Timeout   string   `json:"timeout"`     // the limit per submission, as grader batch --timeout takes it
	Exercises []string `json:"exercises"`   // the IDs graded: the gradebook's score columns
	Rows      []Row    `json:"rows"`
}

// WriteShard writes sb as indented JSON, its texts escaped as in the JSON
// gradebook (escaping again does nothing, so merge can write them as any
// gradebook).
func WriteShard(w io.Writer, sb *ShardBook) error {
	out := *sb
	out.Rows = escapeRows(sb.Rows)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// ReadShard reads a shard's gradebook, refusing anything else.
func ReadShard(r io.Reader) (*ShardBook, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var sb ShardBook
	if err := dec.Decode(&sb); err != nil {
		return nil, fmt.Errorf("not a shard's gradebook (grader batch --shard K/N writes one): %v", err)
	}
	if _, err := ParseShard(sb.Shard); err != nil {
		return nil, err
	}
	return &sb, nil
}

// NamedShard is a shard's gradebook and where it came from, for errors.
type NamedShard struct {
	Name string
	Book *ShardBook
}

// Merge joins the gradebooks of every shard of a batch into the one
// gradebook a single machine would have written: the same rows in the
// same order. A shard missing or given twice, shards cut differently or
// from different listings, or graded with different seeds, limits or
// exercises are an error that names them.
func Merge(shards []NamedShard) (*Gradebook, error) {
	if len(shards) == 0 {
		return nil, fmt.Errorf("no shard gradebooks to merge")
	}
	first := shards[0]
	fs, _ := ParseShard(first.Book.Shard)
	byK := make([]*NamedShard, fs.N+1)
	for i := range shards {
		s := &shards[i]
		sh, err := ParseShard(s.Book.Shard)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", s.Name, err)
		}
		b, f := s.Book, first.Book
		switch {
		case sh.N != fs.N:
			return nil, fmt.Errorf("%s is shard %s but %s is shard %s: the batch was not cut into the same number of shards", s.Name, sh, first.Name, fs)
		case b.Listing != f.Listing:
			return nil, fmt.Errorf("shard %s (%s) was cut from a listing of %d submissions (sha256 %.12s…), shard %s (%s) from one of %d (%.12s…): grade every shard from the same submissions folder",
				sh, s.Name, b.Listing.Submissions, b.Listing.SHA256, fs, first.Name, f.Listing.Submissions, f.Listing.SHA256)
		case b.Seed != f.Seed:
			return nil, fmt.Errorf("shard %s (%s) was graded with seed %d, shard %s (%s) with seed %d: give every shard the same --seed", sh, s.Name, b.Seed, fs, first.Name, f.Seed)
		case b.Timeout != f.Timeout:
			return nil, fmt.Errorf("shard %s (%s) was graded with --timeout %s, shard %s (%s) with %s", sh, s.Name, b.Timeout, fs, first.Name, f.Timeout)
		case !slices.Equal(b.Exercises, f.Exercises):
			return nil, fmt.Errorf("shard %s (%s) graded exercises %v, shard %s (%s) %v", sh, s.Name, b.Exercises, fs, first.Name, f.Exercises)
		case byK[sh.K] != nil:
			return nil, fmt.Errorf("shard %s is given twice: %s and %s", sh, byK[sh.K].Name, s.Name)
		case len(b.Rows) != sh.size(b.Listing.Submissions):
			return nil, fmt.Errorf("shard %s (%s) holds %d rows, want %d of the %d submissions", sh, s.Name, len(b.Rows), sh.size(b.Listing.Submissions), b.Listing.Submissions)
		}
		byK[sh.K] = s
	}
	var missing []string
	for k := 1; k <= fs.N; k++ {
		if byK[k] == nil {
			missing = append(missing, Shard{k, fs.N}.String())
		}
	}
	if len(missing) > 0 {
		verb := "shard %s is missing"
		if len(missing) > 1 {
			verb = "shards %s are missing"
		}
		return nil, fmt.Errorf(verb+": merge needs the gradebooks of all %d shards", strings.Join(missing, ", "), fs.N)
	}
	total := first.Book.Listing.Submissions
	gb := &Gradebook{IDs: first.Book.Exercises, Rows: make([]Row, total)}
	names := make([]string, total)
	for i := range total {
		gb.Rows[i] = byK[i%fs.N+1].Book.Rows[i/fs.N]
		names[i] = gb.Rows[i].Submission
	}
	if listingOfNames(names) != first.Book.Listing {
		return nil, fmt.Errorf("the shards' rows are not the submissions they say they were cut from (a shard's gradebook was edited?)")
	}
	return gb, nil
}
