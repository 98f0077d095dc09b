// Package report writes grading results in the formats people and CI read.
// Each format is a function over an io.Writer; none of them grades.
package report

import (
	"encoding/json"
	"io"

	"netcourse/grader/internal/result"
)

// JSON writes the run as one indented JSON document: the CI contract.
func JSON(w io.Writer, run *result.Run) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(run)
}
