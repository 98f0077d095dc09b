package batch

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"

	"netcourse/grader/internal/textsafe"
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
// grading status and the detail. Text cells are escaped and cannot be
// formulas (see cell).
func CSV(w io.Writer, gb *Gradebook) error {
	cw := csv.NewWriter(w)
	head := append([]string{"submission", "total", "max"}, gb.IDs...)
	cw.Write(append(head, "grading_status", "detail"))
	for _, r := range gb.Rows {
		rec := []string{cell(r.Submission), strconv.Itoa(r.Total), strconv.Itoa(r.Max)}
		for _, id := range gb.IDs {
			score := ""
			if e, ok := r.Exercises[id]; ok {
				score = strconv.Itoa(e.Score)
			}
			rec = append(rec, score)
		}
		cw.Write(append(rec, cell(r.Status), cell(r.Detail)))
	}
	cw.Flush()
	return cw.Error()
}

// cell is a text cell as a spreadsheet cannot run it: a submission's
// folder name or a detail quoting it that starts with =, +, -, @, tab or
// CR is a formula to Excel, LibreOffice and Google Sheets
// (=HYPERLINK(...) sends a click to any address), so it gets a leading
// single quote, as OWASP advises: shown, never evaluated. Control
// characters are escaped as in every report.
func cell(s string) string {
	s = textsafe.Escape(s)
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// JSON writes the gradebook as one indented JSON array of rows. Names
// keep their first character (JSON is not evaluated), but their control
// characters are escaped as in every report: jq -r hands them to a
// terminal.
func JSON(w io.Writer, gb *Gradebook) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(escapeRows(gb.Rows))
}

// escapeRows returns a copy of rows with their texts escaped.
func escapeRows(in []Row) []Row {
	rows := make([]Row, len(in)) // [] rather than null when empty
	for i, r := range in {
		r.Submission, r.Status, r.Detail = textsafe.Escape(r.Submission), textsafe.Escape(r.Status), textsafe.Escape(r.Detail)
		ex := make(map[string]Score, len(r.Exercises))
		for id, e := range r.Exercises {
			e.Status, e.Message = textsafe.Escape(e.Status), textsafe.Escape(e.Message)
			ex[textsafe.Escape(id)] = e
		}
		if r.Exercises == nil {
			ex = nil
		}
		r.Exercises = ex
		rows[i] = r
	}
	return rows
}
