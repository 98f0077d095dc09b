package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// gsTest is a results.json test as Gradescope reads it.
type gsTest struct {
	Name       string   `json:"name"`
	Number     string   `json:"number"`
	Score      *float64 `json:"score"`
	MaxScore   *float64 `json:"max_score"`
	Status     string   `json:"status"`
	Output     string   `json:"output"`
	Visibility string   `json:"visibility"`
}

type gsResults struct {
	Score            *float64 `json:"score"`
	Output           string   `json:"output"`
	OutputFormat     string   `json:"output_format"`
	StdoutVisibility string   `json:"stdout_visibility"`
	Tests            []gsTest `json:"tests"`
}

func TestGradescopeGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := Gradescope(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	golden(t, "gradescope.golden", buf.Bytes())
}

func TestGradescopeResults(t *testing.T) {
	var buf bytes.Buffer
	run := sample()
	if err := Gradescope(&buf, run); err != nil {
		t.Fatal(err)
	}
	var got gsResults
	dec := json.NewDecoder(&buf)
	if err := dec.Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.Score == nil || *got.Score != float64(run.Score) {
		t.Errorf("score %v, want %d", got.Score, run.Score)
	}
	var score, maxScore float64
	numbers := map[string]bool{}
	for _, tc := range got.Tests {
		if tc.Score == nil || tc.MaxScore == nil {
			t.Errorf("test %s %q has no score or max_score", tc.Number, tc.Name)
			continue
		}
		score += *tc.Score
		maxScore += *tc.MaxScore
		if numbers[tc.Number] {
			t.Errorf("number %s used twice", tc.Number)
		}
		numbers[tc.Number] = true
		if tc.Status != "passed" && tc.Status != "failed" {
			t.Errorf("test %s: status %q", tc.Number, tc.Status)
		}
		switch tc.Visibility {
		case "visible", "hidden", "after_due_date", "after_published":
		default:
			t.Errorf("test %s: visibility %q", tc.Number, tc.Visibility)
		}
	}
	// Each check carries its points and each exercise that did not run
	// carries the exercise's, so the tests add up to the run's totals.
	// (sample() is hand-made: its 1.1 maximum is not its checks' sum.)
	wantMax := 0
	for _, e := range run.Exercises {
		if len(e.Checks) == 0 {
			wantMax += e.MaxScore
		}
		for _, c := range e.Checks {
			wantMax += c.MaxScore
		}
	}
	if score != float64(run.Score) || maxScore != float64(wantMax) {
		t.Errorf("tests add up to %v/%v, want %d/%d", score, maxScore, run.Score, wantMax)
	}
	for _, n := range []string{"1.1.1", "1.1.5", "1.2", "1.3"} {
		if !numbers[n] {
			t.Errorf("no test numbered %s (have %v)", n, numbers)
		}
	}
	want := map[string]string{
		"1.1.1": "passed", "1.1.2": "failed", "1.1.3": "failed", "1.1.4": "passed", "1.2": "failed", "1.3": "failed",
	}
	for _, tc := range got.Tests {
		if s, ok := want[tc.Number]; ok && tc.Status != s {
			t.Errorf("test %s: status %s, want %s", tc.Number, tc.Status, s)
		}
		if tc.Number == "1.3" && !strings.Contains(tc.Output, "x.go:3:1: syntax error") {
			t.Errorf("build error test lacks the compiler's message: %q", tc.Output)
		}
		if tc.Number == "1.1.2" && (!strings.Contains(tc.Output, "Hint: Read until io.EOF.") || !strings.Contains(tc.Output, "| debug: 2 bytes")) {
			t.Errorf("failing check lacks hint or output: %q", tc.Output)
		}
	}
	if got.StdoutVisibility != "hidden" || got.OutputFormat != "text" {
		t.Errorf("stdout_visibility %q, output_format %q", got.StdoutVisibility, got.OutputFormat)
	}
}

// TestGradescopeHiddenStaysHidden: a hidden check's message may appear only
// in that check's own test, which Gradescope hides from students.
func TestGradescopeHiddenStaysHidden(t *testing.T) {
	var buf bytes.Buffer
	if err := Gradescope(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	var got gsResults
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	const secret = "students must not see this"
	if strings.Contains(got.Output, secret) || strings.Contains(got.Output, "a secret") {
		t.Errorf("top-level output, which students see, leaks a hidden check: %q", got.Output)
	}
	found := false
	for _, tc := range got.Tests {
		if tc.Visibility == "visible" && (strings.Contains(tc.Output, secret) || strings.Contains(tc.Name, "a secret")) {
			t.Errorf("visible test %s leaks a hidden check", tc.Number)
		}
		if tc.Visibility == "hidden" {
			found = true
			if !strings.Contains(tc.Output, secret) {
				t.Errorf("hidden test %s lost its message for instructors: %q", tc.Number, tc.Output)
			}
		}
	}
	if !found {
		t.Error("the hidden check is missing")
	}
}
