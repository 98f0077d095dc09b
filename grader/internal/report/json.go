// Package report writes grading results in the formats people and CI read.
// Each format is a function over an io.Writer; none of them grades.
package report

import (
	"encoding/json"
	"io"

	"netcourse/grader/internal/result"
)

// JSON writes the run as one indented JSON document: the CI contract.
//
// Its strings are escaped as the text report's are, not kept verbatim:
// encoding/json alone would write C1 controls (U+009B, CSI) and
// bidirectional overrides raw, and escape ESC only as far as the JSON
// text, so `jq -r .exercises[].message` would hand the submission's
// sequences to a terminal. A reader gets the text a person would see,
// with what acts shown as \x1b; the JSON itself stays valid (and
// encoding/json still writes U+2028 and U+2029 as \u escapes).
func JSON(w io.Writer, run *result.Run) error {
	run = escaped(run)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(run)
}
