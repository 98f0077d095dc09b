package batch

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"netcourse/grader/course"
	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/result"
)

// brief is what a test compares of a row.
type brief struct {
	Name, Status   string
	Total, Max     int
	ExerciseStatus string // of 1.1
}

func briefs(gb *Gradebook) []brief {
	var out []brief
	for _, r := range gb.Rows {
		out = append(out, brief{r.Submission, r.Status, r.Total, r.Max, r.Exercises["1.1"].Status})
	}
	return out
}

// TestBatchGradesEachSubmissionOnItsOwn grades four real submissions of
// 1.1, two at a time: the reference (inside an exercises/ folder, as a
// copy of the whole course), the stub, one that does not compile, and one
// without the exercise's folder. The broken ones spoil nothing.
func TestBatchGradesEachSubmissionOnItsOwn(t *testing.T) {
	root := projectRoot(t)
	ex := course.Lookup("1.1")
	dir := t.TempDir()
	copyExercise(t, filepath.Join(root, "solutions", ex.Dir), filepath.Join(dir, "ada", "exercises", ex.Dir), "")
	copyExercise(t, filepath.Join(root, "exercises", ex.Dir), filepath.Join(dir, "bob", ex.Dir), "")
	copyExercise(t, filepath.Join(root, ex.Folder(), "testdata/bad/1.1-compile-error", ex.Dir), filepath.Join(dir, "cy", ex.Dir), "")
	copyExercise(t, filepath.Join(root, "solutions", "1.2-tcpserver"), filepath.Join(dir, "dee", "1.2-tcpserver"), "")
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not a submission"), 0o644)
	os.MkdirAll(filepath.Join(dir, ".git"), 0o755)

	subs, err := Find(dir, course.Exercises)
	if err != nil {
		t.Fatal(err)
	}
	wantSubs := []Submission{
		{"ada", filepath.Join(dir, "ada", "exercises")},
		{"bob", filepath.Join(dir, "bob")},
		{"cy", filepath.Join(dir, "cy")},
		{"dee", filepath.Join(dir, "dee")},
	}
	if diff := cmp.Diff(wantSubs, subs); diff != "" {
		t.Fatalf("Find (-want +got):\n%s", diff)
	}

	b := &judge.Builder{Root: root, Cache: t.TempDir()}
	var done atomic.Int32
	gb, err := Grade(context.Background(), b, subs, Options{
		Exercises: []*judge.Exercise{ex}, Ref: filepath.Join(root, "solutions"), Seed: 1, Jobs: 2,
		Timeout: 2 * time.Minute, Done: func(Row) { done.Add(1) },
	})
	if err != nil {
		t.Fatal(err)
	}
	full := ex.MaxScore()
	want := []brief{
		{"ada", OK, full, full, result.Passed},
		{"bob", OK, 0, full, result.NotStarted},
		{"cy", BuildError, 0, full, result.BuildError},
		{"dee", OK, 0, full, result.NotStarted},
	}
	if diff := cmp.Diff(want, briefs(gb)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"1.1"}, gb.IDs); diff != "" {
		t.Errorf("IDs (-want +got):\n%s", diff)
	}
	if len(gb.Rows) == 4 {
		// The student's own path, without the batch folder in front.
		if d := gb.Rows[2].Detail; !strings.HasPrefix(d, "1.1 does not compile: 1.1-tcpclient/client.go:") || !strings.Contains(d, "hots") {
			t.Errorf("cy's detail = %q, want where it does not compile", d)
		}
		if m := gb.Rows[3].Exercises["1.1"].Message; !strings.Contains(m, "there is no folder") {
			t.Errorf("dee's 1.1 message = %q, want that the folder is missing", m)
		}
	}
	if done.Load() != 4 {
		t.Errorf("Done called %d times, want 4", done.Load())
	}
}

// TestBadSubmissionsStayInTheirRows: a grading that panics, fails in the
// grader or runs past its time limit gets its status; the others are
// graded as usual, and a hung one is stopped, not waited for.
func TestBadSubmissionsStayInTheirRows(t *testing.T) {
	ex := &judge.Exercise{ID: "1.1", Checks: []judge.Check{{Name: "a", Points: 3}}}
	graded := func(status string, score int) *result.Run {
		run := &result.Run{Exercises: []result.Exercise{{ID: "1.1", Status: status, Score: score, MaxScore: 3}}}
		run.Total()
		return run
	}
	g := func(ctx context.Context, impl string) (*result.Run, error) {
		switch impl {
		case "panics":
			panic("index out of range [3] with length 3")
		case "fails":
			return graded(result.Failed, 1), &judge.InternalError{Errs: []error{errors.New("1.1 \"a\": fixture: listen: too many open files")}}
		case "hangs":
			<-ctx.Done() // as the judge does: stop when told
			return graded(result.Timeout, 0), nil
		}
		return graded(result.Passed, 3), nil
	}
	subs := []Submission{{"a", "good"}, {"b", "panics"}, {"c", "fails"}, {"d", "hangs"}, {"e", "good"}}
	start := time.Now()
	gb, err := gradeWith(context.Background(), g, subs, Options{Exercises: []*judge.Exercise{ex}, Jobs: 3, Timeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("batch took %v: the hung submission was waited for", d)
	}
	want := []brief{
		{"a", OK, 3, 3, result.Passed},
		{"b", InternalError, 0, 3, ""},
		{"c", InternalError, 1, 3, result.Failed},
		{"d", Timeout, 0, 3, result.Timeout},
		{"e", OK, 3, 3, result.Passed},
	}
	if diff := cmp.Diff(want, briefs(gb)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	for i, sub := range []string{"panicked: index out of range", "too many open files", "50ms"} {
		if d := gb.Rows[i+1].Detail; !strings.Contains(d, sub) {
			t.Errorf("%s: detail %q, want it to mention %q", gb.Rows[i+1].Submission, d, sub)
		}
	}
}

// TestInterruptedBatchSaysSo: after the batch's context ends, what was not
// graded is marked, not reported as a score of 0 earned.
func TestInterruptedBatchSaysSo(t *testing.T) {
	ex := &judge.Exercise{ID: "1.1", Checks: []judge.Check{{Name: "a", Points: 3}}}
	ctx, cancel := context.WithCancel(context.Background())
	g := func(ctx context.Context, impl string) (*result.Run, error) {
		cancel() // Ctrl-C during the first grading
		<-ctx.Done()
		return &result.Run{}, nil
	}
	gb, err := gradeWith(ctx, g, []Submission{{"a", "a"}, {"b", "b"}}, Options{Exercises: []*judge.Exercise{ex}, Jobs: 1})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	for _, r := range gb.Rows {
		if r.Status != InternalError || !strings.Contains(r.Detail, "interrupted") {
			t.Errorf("%s: %s %q, want internal_error: interrupted", r.Submission, r.Status, r.Detail)
		}
	}
}

func TestFindRejectsWhatIsNotABatch(t *testing.T) {
	one := t.TempDir() // one submission, given where a batch belongs
	os.MkdirAll(filepath.Join(one, "1.1-tcpclient"), 0o755)
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "grades.csv"), nil, 0o644)
	for dir, want := range map[string]string{
		one:                                 "looks like one submission",
		empty:                               "holds no submission folders",
		filepath.Join(empty, "nonexistent"): "no such folder",
	} {
		_, err := Find(dir, course.Exercises)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Find(%s) = %v, want an error saying %q", dir, err, want)
		}
	}
}

// TestConcurrentBuildsOfOneKeyShareTheCache: submissions graded at once
// build the same reference child at the same moment; each must get a
// whole binary, and the cache must hold it once.
func TestConcurrentBuildsOfOneKeyShareTheCache(t *testing.T) {
	root := projectRoot(t)
	b := &judge.Builder{Root: root, Cache: t.TempDir()}
	ex := course.Lookup("1.1")
	bins := make([]string, 3)
	errs := make([]error, 3)
	var wg sync.WaitGroup
	for i := range bins {
		wg.Go(func() { bins[i], errs[i] = b.Build(context.Background(), ex, filepath.Join(root, "solutions")) })
	}
	wg.Wait()
	for i := range bins {
		if errs[i] != nil || bins[i] != bins[0] {
			t.Fatalf("build %d: %q, %v; want %q", i, bins[i], errs[i], bins[0])
		}
	}
	entries, err := os.ReadDir(b.Cache)
	if err != nil || len(entries) != 1 {
		t.Errorf("cache holds %v (%v), want the one binary and no leftovers", entries, err)
	}
	if fi, err := os.Stat(bins[0]); err != nil || fi.Mode()&0o111 == 0 {
		t.Errorf("%s: %v, %v: want an executable", bins[0], fi, err)
	}
}
