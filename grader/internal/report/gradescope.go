package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"netcourse/grader/internal/result"
)

// gradescopeResults is results.json as the Gradescope autograder
// specification describes it.
type gradescopeResults struct {
	Score            int              `json:"score"`
	ExecutionTime    int              `json:"execution_time"`
	Output           string           `json:"output"`
	OutputFormat     string           `json:"output_format"`
	TestOutputFormat string           `json:"test_output_format"`
	TestNameFormat   string           `json:"test_name_format"`
	Visibility       string           `json:"visibility"`
	StdoutVisibility string           `json:"stdout_visibility"`
	ExtraData        map[string]any   `json:"extra_data"`
	Tests            []gradescopeTest `json:"tests"`
}

type gradescopeTest struct {
	Name         string   `json:"name"`
	Number       string   `json:"number"`
	Score        int      `json:"score"`
	MaxScore     int      `json:"max_score"`
	Status       string   `json:"status"`
	Output       string   `json:"output,omitempty"`
	OutputFormat string   `json:"output_format"`
	Visibility   string   `json:"visibility"`
	Tags         []string `json:"tags"`
}

// Gradescope writes the run as the results.json of a Gradescope
// autograder: one test per check numbered "<exercise>.<check>" (1.3.2),
// with the check's visibility passed through, and one test per exercise
// that did not run (build error, not started) carrying the reason and the
// exercise's points. Every text is "text" format: student output must not
// be rendered as HTML or Markdown. The top-level output, which every
// student sees, holds only exercise totals, never a check's details.
func Gradescope(w io.Writer, run *result.Run) error {
	run = escaped(run)
	res := gradescopeResults{
		Score:            run.Score,
		OutputFormat:     "text",
		TestOutputFormat: "text",
		TestNameFormat:   "text",
		Visibility:       "visible",
		// run_autograder's stdout is the grader's own log, for instructors.
		StdoutVisibility: "hidden",
		ExtraData:        map[string]any{"seed": run.Seed},
		Tests:            []gradescopeTest{},
	}
	var out strings.Builder
	fmt.Fprintf(&out, "Score: %d/%d\n", run.Score, run.MaxScore)
	var total time.Duration
	for _, e := range run.Exercises {
		fmt.Fprintf(&out, "%s %s: %d/%d %s\n", e.ID, e.Title, e.Score, e.MaxScore, strings.ReplaceAll(e.Status, "_", " "))
		for i, c := range e.Checks {
			res.Tests = append(res.Tests, gradescopeCheck(e, i, c))
			total += c.Duration
		}
		if len(e.Checks) == 0 && e.Status != result.Passed {
			res.Tests = append(res.Tests, gradescopeTest{
				Name:         fmt.Sprintf("%s: %s", e.Title, strings.ReplaceAll(e.Status, "_", " ")),
				Number:       e.ID,
				MaxScore:     e.MaxScore,
				Status:       gradescopeStatus(e.Status),
				Output:       e.Message,
				OutputFormat: "text",
				Visibility:   "visible",
				Tags:         []string{e.ID, e.Status},
			})
		}
	}
	fmt.Fprintf(&out, "Seed %d: go run ./grader grade --seed %d replays these faults.\n", run.Seed, run.Seed)
	if run.Sandbox != nil {
		res.ExtraData["sandbox"] = run.Sandbox
	}
	res.Output = out.String()
	// The run keeps no wall clock; the time spent in checks is the
	// closest measure Gradescope can show.
	res.ExecutionTime = int(math.Round(total.Seconds()))
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}

func gradescopeCheck(e result.Exercise, i int, c result.Check) gradescopeTest {
	t := gradescopeTest{
		Name:         fmt.Sprintf("%s: %s", e.Title, c.Name),
		Number:       fmt.Sprintf("%s.%d", e.ID, i+1),
		Score:        c.Score,
		MaxScore:     c.MaxScore,
		OutputFormat: "text",
		// The names are Gradescope's own; it hides the whole test, output
		// included, from students until the visibility allows.
		Visibility: c.Visibility,
		Tags:       []string{e.ID, c.Status},
	}
	if t.Visibility == "" {
		t.Visibility = "visible"
	}
	t.Status = gradescopeStatus(c.Status)
	if c.Status == result.Skipped {
		t.Output = "skipped: " + c.Message
	} else {
		t.Output = checkDetails(c)
	}
	return t
}

// gradescopeStatus is Gradescope's passed or failed. What was skipped
// counts toward neither score nor maximum: not the student's failure, so
// not shown as one.
func gradescopeStatus(s string) string {
	if s == result.Passed || s == result.Skipped {
		return "passed"
	}
	return "failed"
}

// checkDetails is what the text report prints under a failing check,
// without indentation or color.
func checkDetails(c result.Check) string {
	var parts []string
	switch {
	case c.Status == result.Timeout || c.Status == result.Crashed || c.Status == result.MemoryLimit || c.Status == result.OutputLimit || c.Status == result.Interrupted:
		parts = append(parts, strings.ReplaceAll(c.Status, "_", " ")+": "+c.Message)
	case c.Message != "":
		parts = append(parts, c.Message)
	}
	if c.Hint != "" {
		parts = append(parts, "Hint: "+c.Hint)
	}
	if c.Output != "" {
		parts = append(parts, "Output of your code:\n"+indent(c.Output, "| "))
	}
	return strings.Join(parts, "\n")
}
