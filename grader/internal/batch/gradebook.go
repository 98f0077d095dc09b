package batch

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Gradebook is a graded batch.
type Gradebook struct {
	IDs  []string // the exercises graded, in course order
	Rows []Row    // one per submission, sorted by name
}

// Row is one submission's line in the gradebook. Its JSON form is the
// contract of grader batch --format json.
type Row struct {
	Submission string           `json:"submission"`
	Total      int              `json:"total"`
	Max        int              `json:"max"`
	Exercises  map[string]Score `json:"exercises"` // by exercise ID; absent when the grader has no result for it
	Status     string           `json:"grading_status"`
	Detail     string           `json:"detail,omitempty"` // why the status is not ok, in one line
}

// Score is one exercise of a submission.
type Score struct {
	Status   string `json:"status"` // as in grader grade: passed, failed, not_started, build_error, timeout, crashed
	Score    int    `json:"score"`
	MaxScore int    `json:"max_score"`
	Message  string `json:"message,omitempty"` // why the exercise as a whole did not run (compiler output, not started)
}

// Formats are the gradebook formats by their --format name.
var Formats = map[string]func(io.Writer, *Gradebook) error{
	"csv":  CSV,
	"json": JSON,
}

// FormatNames lists the format names, sorted, for usage messages.
func FormatNames() string {
	var names []string
	for n := range Formats {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, "|")
}

// CSV writes the gradebook as a spreadsheet: a header, then one line per
// submission with its total, its maximum, one score column per exercise
// (named by its ID; empty when the grader has no result for it), its
// grading status and the detail.
func CSV(w io.Writer, gb *Gradebook) error {
	cw := csv.NewWriter(w)
	head := append([]string{"submission", "total", "max"}, gb.IDs...)
	cw.Write(append(head, "grading_status", "detail"))
	for _, r := range gb.Rows {
		rec := []string{r.Submission, strconv.Itoa(r.Total), strconv.Itoa(r.Max)}
		for _, id := range gb.IDs {
			cell := ""
			if e, ok := r.Exercises[id]; ok {
				cell = strconv.Itoa(e.Score)
			}
			rec = append(rec, cell)
		}
		cw.Write(append(rec, r.Status, r.Detail))
	}
	cw.Flush()
	return cw.Error()
}

// JSON writes the gradebook as one indented JSON array of rows.
func JSON(w io.Writer, gb *Gradebook) error {
	rows := gb.Rows
	if rows == nil {
		rows = []Row{} // [] rather than null
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rows)
}
