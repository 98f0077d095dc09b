package batch

import (
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/result"
)

// TestHungGradingIsLeftBehind: a grading that ignores its context and
// never returns gets a timeout row once its limit and the grace have
// passed; the batch goes on, and the others are graded as usual.
func TestHungGradingIsLeftBehind(t *testing.T) {
	ex := &judge.Exercise{ID: "1.1", Checks: []judge.Check{{Name: "a", Points: 3}}}
	stuck := make(chan struct{})
	t.Cleanup(func() { close(stuck) }) // lets the grading left behind go
	g := func(ctx context.Context, impl string) (*result.Run, error) {
		if impl == "hostile" {
			<-stuck // deaf to ctx, as a grading stuck in a fake peer's Close was
		}
		run := &result.Run{Exercises: []result.Exercise{{ID: "1.1", Status: result.Passed, Score: 3, MaxScore: 3}}}
		run.Total()
		return run, nil
	}
	subs := []Submission{{"ada", "good"}, {"bob", "hostile"}, {"cy", "good"}}
	opt := Options{Exercises: []*judge.Exercise{ex}, Jobs: 2, Timeout: 100 * time.Millisecond, Grace: 200 * time.Millisecond}
	start := time.Now()
	gb, err := gradeWith(context.Background(), g, subs, opt)
	if err != nil {
		t.Fatal(err)
	}
	if d, bound := time.Since(start), 10*(opt.Timeout+opt.Grace); d > bound {
		t.Errorf("batch took %v, want at most %v: the hung grading was waited for", d, bound)
	}
	want := []brief{
		{"ada", OK, 3, 3, result.Passed},
		{"bob", Timeout, 0, 3, ""},
		{"cy", OK, 3, 3, result.Passed},
	}
	if diff := cmp.Diff(want, briefs(gb)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// TestHostileSubmissionDoesNotStopTheBatch grades three real submissions
// of 1.1 with the grader as built, two at a time, in its sandbox: two
// copies of the reference and, between them, one whose child connects
// again and again to every TCP listener in /proc/net/tcp, the fake peers
// of the submission graded beside it too. (Such a child once held two of
// three batches past 150 s.) The batch ends well within its bound, and
// the other two get full marks.
func TestHostileSubmissionDoesNotStopTheBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the grader and grades three submissions in its sandbox")
	}
	root := projectRoot(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	tmp := t.TempDir()
	grader := filepath.Join(tmp, "grader")
	build := exec.CommandContext(ctx, "go", "build", "-o", grader, "./grader")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := filepath.Join(tmp, "batch")
	const ex = "1.1-tcpclient"
	copyExercise(t, filepath.Join(root, "solutions", ex), filepath.Join(dir, "ada", ex), "")
	copyExercise(t, filepath.Join(root, "grader/internal/batch/testdata/knocks-everywhere", ex), filepath.Join(dir, "bob", ex), "")
	copyExercise(t, filepath.Join(root, "solutions", ex), filepath.Join(dir, "cy", ex), "cy's own copy")

	// The bound is on grading, not on compiling: a fresh clone's first
	// build of the child (the standard library among it) can take most of
	// a minute on a busy machine, so the cache is filled first, untimed.
	warm := exec.CommandContext(ctx, grader, "grade", "--impl", filepath.Join(dir, "ada"), "--format", "json", "1.1")
	warm.Dir = root
	if out, err := warm.CombinedOutput(); err != nil && ctx.Err() != nil {
		t.Fatalf("warming the cache: %v\n%s", err, out)
	}

	// Two rounds of two at most, each within its limit plus the grace.
	const limit = time.Minute
	bound := 2 * (limit + DefaultGrace)
	cmd := exec.CommandContext(ctx, grader, "batch", "--jobs", "2", "--seed", "1", "--format", "json", "--timeout", limit.String(), dir, "1.1")
	cmd.Dir = root
	start := time.Now()
	out, err := cmd.Output()
	took := time.Since(start)
	if err != nil {
		var stderr []byte
		if xe, ok := err.(*exec.ExitError); ok {
			stderr = xe.Stderr
		}
		t.Fatalf("grader batch: %v after %v\n%s%s", err, took, out, stderr)
	}
	if took > bound {
		t.Errorf("the batch took %v, more than its bound of %v", took, bound)
	}
	var rows []struct {
		Submission string `json:"submission"`
		Total      int    `json:"total"`
		Max        int    `json:"max"`
		Status     string `json:"grading_status"`
		Detail     string `json:"detail"`
	}
	if err := json.Unmarshal(out, &rows); err != nil {
		t.Fatalf("gradebook: %v\n%s", err, out)
	}
	if len(rows) != 3 || rows[1].Submission != "bob" {
		t.Fatalf("gradebook has rows %+v, want ada, bob and cy", rows)
	}
	for _, r := range []int{0, 2} {
		if got := rows[r]; got.Status != OK || got.Total != got.Max || got.Max == 0 {
			t.Errorf("%s, graded beside the hostile one: %s %d/%d %q, want ok and full marks", got.Submission, got.Status, got.Total, got.Max, got.Detail)
		}
	}
	t.Logf("batch took %v; the hostile submission: %+v", took, rows[1])
}
