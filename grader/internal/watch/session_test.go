package watch

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"netcourse/grader/course"
	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/progress"
	"netcourse/grader/internal/result"
)

// syncBuffer is the session's output, read while it writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// copyExercises copies the stubs of exs into a new folder laid out like
// exercises/.
func copyExercises(t testing.TB, exs []*judge.Exercise) string {
	t.Helper()
	impl := t.TempDir()
	for _, ex := range exs {
		if err := os.CopyFS(filepath.Join(impl, ex.Dir), os.DirFS(filepath.Join(root, "exercises", ex.Dir))); err != nil {
			t.Fatal(err)
		}
	}
	return impl
}

// solve copies the reference solution of ex over its stub, as a save.
func solve(t testing.TB, impl string, ex *judge.Exercise) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(root, "solutions", ex.Dir, "*.go"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(impl, ex.Dir, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSessionInLineMode plays a student without a terminal: commands are
// lines, output is appended, never redrawn.
func TestSessionInLineMode(t *testing.T) {
	abs, _ := filepath.Abs(root)
	exs := []*judge.Exercise{course.Lookup("1.1"), course.Lookup("1.2")}
	impl := copyExercises(t, exs)
	cache := t.TempDir()
	g := &progress.Grader{B: &judge.Builder{Root: abs, Cache: cache}, Dir: filepath.Join(cache, "results"), Stamp: "test"}
	in, keys := io.Pipe()
	out := &syncBuffer{}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{
			Exercises: exs, Grader: g,
			Judge: judge.Options{Impl: impl, Ref: filepath.Join(abs, "solutions"), Seed: 5},
			In:    in, Out: out,
			Poll: 50 * time.Millisecond, Quiet: 30 * time.Millisecond,
			Hint: func(w io.Writer, ex *judge.Exercise, level int, res *result.Exercise) error {
				fmt.Fprintf(w, "HINT %s level %d (result known: %v)\n", ex.ID, level, res != nil)
				return nil
			},
			HintLevels: 2,
		})
	}()
	// waitFor waits until the output holds want after the mark-th byte.
	mark := 0
	waitFor := func(want string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			if i := strings.Index(out.String()[mark:], want); i >= 0 {
				mark += i + len(want)
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("no %q in the output after byte %d:\n%s", want, mark, out.String())
	}
	send := func(line string) {
		t.Helper()
		if _, err := io.WriteString(keys, line+"\n"); err != nil {
			t.Fatal(err)
		}
	}

	waitFor("── 1.1 TCP client: grading")
	waitFor("1.1 TCP client")
	waitFor("not started")
	waitFor("h hint  n next")
	send("h")
	waitFor("HINT 1.1 level 1 (result known: true)")
	send("hint")
	waitFor("HINT 1.1 level 2")
	send("h")
	waitFor("HINT 1.1 level 2") // the last layer stays
	send("l")
	waitFor("[░░░░░░░░░░░░░░░░░░░░] 0/2 exercises")
	waitFor("Next: 1.1 TCP client")

	solve(t, impl, exs[0])
	waitFor("grading (you saved client.go)")
	waitFor("✓ 1.1 TCP client passes (11/11)")
	waitFor("── 1.2 TCP server: grading")
	waitFor("1.2 TCP server")
	waitFor("not started")
	send("x")
	waitFor("Keys: h hint")
	send("n")
	waitFor("1.2 is the last exercise")
	send("q")
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("still watching 10s after q")
	}
	waitFor("Stopped watching")
	if strings.Contains(out.String(), "\x1b[") {
		t.Error("escape sequences in line mode")
	}

	// The passing result was remembered: progress needs no grading.
	res, _, ok := g.Lookup(ctx, exs[0], judge.Options{Impl: impl, Ref: filepath.Join(abs, "solutions")})
	if !ok || res.Status != result.Passed {
		t.Errorf("1.1 remembered: %v %s, want passed", ok, res.Status)
	}
}

// TestSessionEndsWithInput: without a terminal, the end of input quits.
func TestSessionEndsWithInput(t *testing.T) {
	abs, _ := filepath.Abs(root)
	exs := []*judge.Exercise{course.Lookup("1.1")}
	impl := copyExercises(t, exs)
	g := &progress.Grader{B: &judge.Builder{Root: abs, Cache: t.TempDir()}}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out := &syncBuffer{}
	err := Run(ctx, Options{Exercises: exs, Grader: g, Judge: judge.Options{Impl: impl, Seed: 1}, In: strings.NewReader(""), Out: out})
	if err != nil || ctx.Err() != nil {
		t.Fatalf("Run = %v (context: %v)", err, ctx.Err())
	}
	if !strings.Contains(out.String(), "Stopped watching") {
		t.Errorf("output:\n%s", out)
	}
}

// TestClosedListStaysClosed: a list closed (or replaced by a hint) while
// the course was being graded for it does not reappear when that grading
// ends.
func TestClosedListStaysClosed(t *testing.T) {
	run := &result.Run{Exercises: []result.Exercise{{ID: "1.1", Title: "TCP client", Status: result.Passed, Score: 1, MaxScore: 1}}}
	for _, tc := range []struct {
		panel, want string
	}{
		{listWaiting, "1.1"}, // still waiting: the list appears
		{"", ""},             // closed with Esc or Enter
		{"Hint 1 of 2", "Hint 1 of 2"},
	} {
		var out syncBuffer
		s := &session{opt: Options{Out: &out}, panel: tc.panel}
		s.update(context.Background(), update{list: run})
		if !strings.Contains(s.panel, tc.want) || (tc.want == "" && s.panel != "") {
			t.Errorf("panel %q, then the list arrived: panel %q, want it to hold %q", tc.panel, s.panel, tc.want)
		}
	}
}
