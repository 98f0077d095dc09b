package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestShardedBatchMergesToTheUnshardedGradebook grades five submissions of
// 1.1 (the reference twice, the stub, one that does not compile, one that
// reads once) as one batch and as three shards, and merges the shards: the
// same CSV and JSON bytes. A shard left out is an error naming it.
func TestShardedBatchMergesToTheUnshardedGradebook(t *testing.T) {
	root, err := findRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bad := filepath.Join(root, "grader/course/1.1-tcpclient/testdata/bad")
	for to, from := range map[string]string{
		"ada/1.1-tcpclient":            "solutions/1.1-tcpclient",
		"bob/1.1-tcpclient":            "exercises/1.1-tcpclient",
		"cy/1.1-tcpclient":             filepath.Join(bad, "1.1-compile-error/1.1-tcpclient"),
		"dee/1.1-tcpclient":            filepath.Join(bad, "1.1-one-read/1.1-tcpclient"),
		"=eve/exercises/1.1-tcpclient": "solutions/1.1-tcpclient", // escaped in the CSV
	} {
		if !filepath.IsAbs(from) {
			from = filepath.Join(root, from)
		}
		if err := os.CopyFS(filepath.Join(dir, to), os.DirFS(from)); err != nil {
			t.Fatal(err)
		}
	}
	cache := t.TempDir() // built once, for every grading below
	grade := func(args ...string) []byte {
		t.Helper()
		var out, errOut bytes.Buffer
		args = append([]string{"batch", "--seed", "42", "--jobs", "2", "--cache", cache}, append(args, dir, "1.1")...)
		if err := Run(context.Background(), args, &out, &errOut); err != nil {
			t.Fatalf("grader %q: %v\n%s", args, err, errOut.String())
		}
		return out.Bytes()
	}
	start := time.Now()
	want := map[string][]byte{"csv": grade("--format", "csv"), "json": grade("--format", "json")}
	unsharded := time.Since(start)

	start = time.Now()
	shards := t.TempDir()
	var files []string
	for k := 1; k <= 3; k++ {
		f := filepath.Join(shards, fmt.Sprintf("shard-%d.json", k))
		if err := os.WriteFile(f, grade("--shard", fmt.Sprintf("%d/3", k)), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	t.Logf("unsharded, csv and json: %v; three shards: %v", unsharded.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))

	for format, want := range want {
		var out, errOut bytes.Buffer
		if err := Run(context.Background(), append([]string{"gradebook", "merge", "--format", format}, files[2], files[0], files[1]), &out, &errOut); err != nil {
			t.Fatalf("merge: %v", err)
		}
		if diff := cmp.Diff(string(want), out.String()); diff != "" {
			t.Errorf("merged %s (-unsharded +merged):\n%s", format, diff)
		}
	}
	if !bytes.Contains(want["csv"], []byte("\n'=eve,")) || !bytes.Contains(want["csv"], []byte("\ncy,0,11,0,build_error,")) {
		t.Errorf("the unsharded gradebook is not the batch this test means:\n%s", want["csv"])
	}

	_, err = run("gradebook", "merge", files[0], files[2])
	var ue *UsageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "shard 2/3 is missing") {
		t.Errorf("merge without shard 2: err = %v, want a usage error naming it", err)
	}
	_, err = run("gradebook", "merge", files[0], files[1], files[2], files[1])
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "shard 2/3 is given twice") {
		t.Errorf("merge with shard 2 twice: err = %v, want a usage error naming it", err)
	}
}

// TestShardBadInputIsAUsageError: a shard that is not K/N, a shard without
// a fixed seed (each machine would pick its own), a shard told a format,
// and a merge of nothing or of a plain gradebook.
func TestShardBadInputIsAUsageError(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "ada", "1.1-tcpclient"), 0o755)
	plain := filepath.Join(t.TempDir(), "grades.json")
	os.WriteFile(plain, []byte(`[{"submission": "ada"}]`), 0o644)
	for _, args := range [][]string{
		{"batch", "--seed", "1", "--shard", "0/3", dir},
		{"batch", "--seed", "1", "--shard", "4/3", dir},
		{"batch", "--seed", "1", "--shard", "two", dir},
		{"batch", "--shard", "1/3", dir},
		{"batch", "--seed", "1", "--shard", "1/3", "--format", "csv", dir},
		{"gradebook"},
		{"gradebook", "join"},
		{"gradebook", "merge"},
		{"gradebook", "merge", "--format", "xlsx", plain},
		{"gradebook", "merge", plain},
		{"gradebook", "merge", filepath.Join(dir, "missing.json")},
	} {
		_, err := run(args...)
		var ue *UsageError
		if !errors.As(err, &ue) {
			t.Errorf("grader %q: err = %v, want a usage error", args, err)
		}
	}
}

// TestEmptyShard: a shard past the last submission (more machines than
// students) grades nothing and still writes its gradebook, so that the
// merge finds every shard.
func TestEmptyShard(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "ada", "1.1-tcpclient"), 0o755)
	var out, errOut bytes.Buffer
	if err := Run(context.Background(), []string{"batch", "--seed", "5", "--shard", "2/2", dir, "1.1"}, &out, &errOut); err != nil {
		t.Fatalf("err = %v\n%s", err, errOut.String())
	}
	for _, want := range []string{`"shard": "2/2"`, `"submissions": 1`, `"seed": "5"`, `"rows": []`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("shard gradebook lacks %s:\n%s", want, out.String())
		}
	}
	if !strings.Contains(errOut.String(), "0 of 1 submissions (shard 2/2)") {
		t.Errorf("stderr = %q, want the shard's count of the whole", errOut.String())
	}
}
