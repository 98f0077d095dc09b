package progress

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/result"
)

func ex(id, status string, score, max int) result.Exercise {
	return result.Exercise{ID: id, Title: "Title " + id, Dir: id + "-dir", Status: status, Score: score, MaxScore: max}
}

func TestWriteDrawsSectionsAndNext(t *testing.T) {
	run := &result.Run{Impl: "exercises", Exercises: []result.Exercise{
		ex("1.1", result.Passed, 10, 10),
		ex("1.2", result.Skipped, 0, 0),
		ex("1.3", result.Failed, 5, 17),
		ex("1.4", result.NotStarted, 0, 19),
		ex("2.1", result.NotStarted, 0, 8),
	}}
	run.Total()
	secs := Sections(run)
	if len(secs) != 2 || secs[0].Passed != 2 || len(secs[0].Exercises) != 4 || secs[0].Score != 15 || secs[1].Number != "2" {
		t.Fatalf("sections: %+v", secs)
	}
	if n := Next(run); n == nil || n.ID != "1.3" {
		t.Errorf("next: %v, want 1.3", n)
	}
	var b bytes.Buffer
	if err := Write(&b, run, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Section 1: Network fundamentals\n  [██████████░░░░░░░░░░] 2/4 exercises, 15/46 points",
		"  ✗ 1.3 Title 1.3", "5/17  failed",
		"  · 1.4 Title 1.4", "not started",
		"Section 2: Client programming\n  [░░░░░░░░░░░░░░░░░░░░] 0/1 exercises, 0/8 points",
		"Course [████████░░░░░░░░░░░░] 2/5 exercises, 15/54 points",
		"Next: 1.3 Title 1.3, in exercises/1.3-dir (make watch",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no %q in:\n%s", want, b.String())
		}
	}
	if strings.Contains(b.String(), "\x1b[") {
		t.Error("colors without Color")
	}

	for i := range run.Exercises {
		run.Exercises[i].Status = result.Passed
	}
	b.Reset()
	Write(&b, run, Options{})
	if !strings.Contains(b.String(), "Every exercise passes") || strings.Contains(b.String(), "Next:") {
		t.Errorf("all passed:\n%s", b.String())
	}
}

func TestBar(t *testing.T) {
	for _, tc := range []struct {
		n, total int
		want     string
	}{{0, 7, "[░░░░░░░]"}, {7, 7, "[███████]"}, {3, 7, "[███░░░░]"}, {0, 0, "[░░░░░░░]"}} {
		if got := Bar(tc.n, tc.total, 7, false); got != tc.want {
			t.Errorf("Bar(%d, %d) = %s, want %s", tc.n, tc.total, got, tc.want)
		}
	}
}

// TestGraderRemembersBySources: a result comes back only for the same
// sources, grader and reference; any change grades anew.
func TestGraderRemembersBySources(t *testing.T) {
	root, _ := filepath.Abs("../../..")
	impl := t.TempDir()
	dir := filepath.Join(impl, "1.1-tcpclient")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(root, "exercises", "1.1-tcpclient"))); err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	e := &judge.Exercise{ID: "1.1", Title: "TCP client", Dir: "1.1-tcpclient", Package: "tcpclient",
		Checks: []judge.Check{{Name: "never run", Points: 1, Run: func(*judge.T) error { panic("graded") }}}}
	g := &Grader{B: &judge.Builder{Root: root, Cache: cache}, Dir: filepath.Join(cache, "results"), Stamp: "a"}
	opt := judge.Options{Impl: impl, Ref: filepath.Join(root, "solutions"), Seed: 9}
	ctx := context.Background()
	if _, _, ok := g.Lookup(ctx, e, opt); ok {
		t.Fatal("a result before any grading")
	}
	want := ex("1.1", result.Failed, 3, 10)
	g.Store(ctx, e, opt, want)
	got, seed, ok := g.Lookup(ctx, e, opt)
	if !ok || got.Status != want.Status || got.Score != 3 || seed != 9 {
		t.Fatalf("remembered %v %+v seed %d", ok, got, seed)
	}
	run, err := g.Grade(ctx, []*judge.Exercise{e}, opt, false)
	if err != nil || run.Exercises[0].Score != 3 || run.Score != 3 {
		t.Errorf("Grade did not take the remembered result: %v %+v", err, run)
	}

	other := *g
	other.Stamp = "b" // a new grader
	if _, _, ok := other.Lookup(ctx, e, opt); ok {
		t.Error("a result remembered by another grader")
	}
	os.WriteFile(filepath.Join(dir, "client.go"), []byte("package tcpclient\n\nfunc Get(string, int, string) ([]byte, error) { return nil, nil }\n"), 0o644)
	if _, _, ok := g.Lookup(ctx, e, opt); ok {
		t.Error("a result remembered for other sources")
	}
	os.WriteFile(filepath.Join(dir, "client.go"), []byte("package tcpclient\n\nfunc Get(string, int, string) ([]byte, error) {"), 0o644)
	if _, _, ok := g.Lookup(ctx, e, opt); ok {
		t.Error("a result for sources that do not build")
	}
	none := &Grader{B: g.B} // no Dir: remembers nothing
	none.Store(ctx, e, opt, want)
	if _, _, ok := none.Lookup(ctx, e, opt); ok {
		t.Error("remembered without a folder")
	}
}
