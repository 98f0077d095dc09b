package wire

import "time"

// Return is what most operations send back: the bytes the submission
// returned, its error, and how long the call took, measured in the child
// around the call alone.
type Return struct {
	Data    []byte        `json:"data,omitempty"`
	Err     *Err          `json:"err,omitempty"`
	Elapsed time.Duration `json:"elapsed"`
}
