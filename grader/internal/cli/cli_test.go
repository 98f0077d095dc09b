package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"netcourse/grader/course"
	"netcourse/grader/internal/result"
)

func run(args ...string) (string, error) {
	var out, errOut bytes.Buffer
	err := Run(context.Background(), args, &out, &errOut)
	return out.String() + errOut.String(), err
}

// TestBadInputIsAUsageError: the grader's own bad input is a one-line
// usage error (exit status 2), never a panic or a grading.
func TestBadInputIsAUsageError(t *testing.T) {
	empty := t.TempDir()
	noGo := t.TempDir()
	os.WriteFile(filepath.Join(noGo, "notes.txt"), []byte("hi"), 0o644)
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"grade", "9.9"},
		{"grade", "--impl", filepath.Join(empty, "missing")},
		{"grade", "--impl", empty},
		{"grade", "--impl", noGo},
		{"grade", "--format", "xml"},
		{"grade", "--seed", "minus-one"},
	} {
		_, err := run(args...)
		var ue *UsageError
		if !errors.As(err, &ue) {
			t.Errorf("grader %q: err = %v, want a usage error", args, err)
			continue
		}
		if first, _, _ := strings.Cut(ue.Msg, "\n"); first == "" {
			t.Errorf("grader %q: empty message", args)
		}
	}
}

func TestListShowsEveryExercise(t *testing.T) {
	out, err := run("list")
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range course.Exercises {
		if !strings.Contains(out, ex.ID) || !strings.Contains(out, ex.Title) {
			t.Errorf("list lacks %s %s:\n%s", ex.ID, ex.Title, out)
		}
	}
}

// TestGradeJSONContract grades the reference and the stub of 1.1 and
// reads the JSON as CI would.
func TestGradeJSONContract(t *testing.T) {
	root, err := findRoot()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		impl, status string
		err          error
	}{
		{filepath.Join(root, "solutions"), result.Passed, nil},
		{filepath.Join(root, "exercises"), result.NotStarted, ErrNotPassed},
	} {
		var out bytes.Buffer
		err := Run(context.Background(), []string{"grade", "--impl", tc.impl, "--format", "json", "--seed", "42", "1.1"}, &out, &bytes.Buffer{})
		if !errors.Is(err, tc.err) && err != tc.err {
			t.Errorf("%s: err = %v, want %v", tc.impl, err, tc.err)
		}
		var doc map[string]any
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatalf("%s: not one JSON document: %v\n%s", tc.impl, err, out.String())
		}
		for _, k := range []string{"score", "max_score", "seed", "exercises"} {
			if _, ok := doc[k]; !ok {
				t.Errorf("%s: no %q in %s", tc.impl, k, out.String())
			}
		}
		var run result.Run
		json.Unmarshal(out.Bytes(), &run)
		if run.Seed != 42 || len(run.Exercises) != 1 || run.Exercises[0].Status != tc.status {
			t.Errorf("%s: seed %d, exercises %+v, want status %s", tc.impl, run.Seed, run.Exercises, tc.status)
			continue
		}
		e := run.Exercises[0]
		if tc.status == result.Passed && (e.Score != e.MaxScore || run.Score != run.MaxScore || len(e.Checks) == 0) {
			t.Errorf("reference: %d/%d", e.Score, e.MaxScore)
		}
		if tc.status == result.NotStarted && run.Score != 0 {
			t.Errorf("stub scored %d", run.Score)
		}
	}
}

// TestTimeLimitStillWritesResults: when the overall limit passes, the
// report is still one complete document, with the checks not run marked.
func TestTimeLimitStillWritesResults(t *testing.T) {
	root, err := findRoot()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err = Run(context.Background(), []string{"grade", "--impl", filepath.Join(root, "solutions"), "--format", "json", "--timeout", "1ns", "1.1"}, &out, &bytes.Buffer{})
	if !errors.Is(err, ErrNotPassed) {
		t.Errorf("err = %v, want ErrNotPassed", err)
	}
	var run result.Run
	if err := json.Unmarshal(out.Bytes(), &run); err != nil {
		t.Fatalf("no complete JSON document: %v\n%s", err, out.String())
	}
	if len(run.Exercises) != 1 || run.Exercises[0].Status != result.Timeout || run.Score != 0 || run.MaxScore == 0 {
		t.Errorf("got %+v, want 1.1 timed out with its points still counted in max_score", run.Exercises)
	}
}
