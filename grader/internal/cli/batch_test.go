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
)

// TestBatchBadInputIsAUsageError: no DIR, a DIR that is not a batch, bad
// flags: exit status 2, before anything is graded.
func TestBatchBadInputIsAUsageError(t *testing.T) {
	empty := t.TempDir()
	one := t.TempDir()
	os.MkdirAll(filepath.Join(one, "1.1-tcpclient"), 0o755)
	for _, args := range [][]string{
		{"batch"},
		{"batch", filepath.Join(empty, "missing")},
		{"batch", empty},
		{"batch", one},
		{"batch", "--format", "xlsx", empty},
		{"batch", "--jobs", "0", empty},
		{"batch", empty, "9.9"},
	} {
		_, err := run(args...)
		var ue *UsageError
		if !errors.As(err, &ue) {
			t.Errorf("grader %q: err = %v, want a usage error", args, err)
		}
	}
}

// TestBatchJSONOnStdout grades one copy of the 1.1 reference: the
// gradebook alone on stdout, the summary with the seed on stderr, no
// progress bar when stderr is not a terminal.
func TestBatchJSONOnStdout(t *testing.T) {
	root, err := findRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src := filepath.Join(root, "solutions", "1.1-tcpclient")
	dst := filepath.Join(dir, "ada", "1.1-tcpclient")
	os.MkdirAll(dst, 0o755)
	data, err := os.ReadFile(filepath.Join(src, "client.go"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dst, "client.go"), data, 0o644)

	var out, errOut bytes.Buffer
	if err := Run(context.Background(), []string{"batch", "--format", "json", "--seed", "42", dir, "1.1"}, &out, &errOut); err != nil {
		t.Fatalf("err = %v\n%s", err, errOut.String())
	}
	var rows []struct {
		Submission    string `json:"submission"`
		Total         int    `json:"total"`
		Max           int    `json:"max"`
		GradingStatus string `json:"grading_status"`
	}
	if err := json.Unmarshal(out.Bytes(), &rows); err != nil {
		t.Fatalf("stdout is not one JSON array: %v\n%s", err, out.String())
	}
	if len(rows) != 1 || rows[0].Submission != "ada" || rows[0].GradingStatus != "ok" || rows[0].Total != rows[0].Max || rows[0].Max == 0 {
		t.Errorf("rows = %+v, want ada ok with full marks", rows)
	}
	if s := errOut.String(); strings.Contains(s, "\r") || !strings.Contains(s, "seed 42") {
		t.Errorf("stderr = %q, want one summary line with the seed and no progress bar", s)
	}
}
