// Package result is the grading outcome that every report format reads.
// Its JSON form is the contract CI relies on.
package result

import "time"

// Exercise statuses.
const (
	Passed     = "passed"
	Failed     = "failed"
	NotStarted = "not_started"
	BuildError = "build_error"
	Timeout    = "timeout"
	Crashed    = "crashed"
	Skipped    = "skipped" // a check this machine cannot run; an exercise none of whose checks it can

	// Interrupted: the run was stopped (Ctrl-C, SIGTERM) before this
	// check or exercise had its verdict. It is nobody's failure.
	Interrupted = "interrupted"

	// Limits the judge killed the submission at. Running out of CPU time
	// is a Timeout.
	MemoryLimit = "memory_limit"
	OutputLimit = "output_limit"
)

// Run is one grading run.
type Run struct {
	Score     int        `json:"score"`
	MaxScore  int        `json:"max_score"`
	Seed      uint64     `json:"seed"`
	Impl      string     `json:"impl"`
	Exercises []Exercise `json:"exercises"`
	Sandbox   *Sandbox   `json:"sandbox,omitempty"`
}

// Sandbox says how the submission was contained during the run.
type Sandbox struct {
	Network string   `json:"network"`         // "isolated": loopback only; "shared": the machine's network
	Notes   []string `json:"notes,omitempty"` // protections missing on this machine, and why
}

// Sandbox network statuses.
const (
	NetworkIsolated = "isolated"
	NetworkShared   = "shared"
)

// Exercise is the outcome of one exercise.
type Exercise struct {
	ID       string  `json:"id"`
	Title    string  `json:"title"`
	Dir      string  `json:"dir"`
	Status   string  `json:"status"`
	Score    int     `json:"score"`
	MaxScore int     `json:"max_score"`
	Message  string  `json:"message,omitempty"` // why the exercise as a whole did not run (build error, not started)
	Checks   []Check `json:"checks"`
}

// Check is the outcome of one check.
type Check struct {
	Name     string `json:"name"`
	Status   string `json:"status"`
	Score    int    `json:"score"`
	MaxScore int    `json:"max_score"`
	Message  string `json:"message,omitempty"`
	Hint     string `json:"hint,omitempty"`
	// Visibility is "visible", "hidden", "after_due_date" or
	// "after_published": when students may see this check's details.
	Visibility string `json:"visibility"`
	Output     string `json:"output,omitempty"` // the child's stdout and stderr, trimmed

	Duration time.Duration `json:"-"` // wall time of the check, for benchmarks
}

// Shown reports whether a student grading locally sees the check's details.
func (c Check) Shown() bool { return c.Visibility == "" || c.Visibility == "visible" }

// Passed reports whether every graded exercise passed.
func (r *Run) Passed() bool {
	for _, e := range r.Exercises {
		if e.Status != Passed && e.Status != Skipped {
			return false
		}
	}
	return true
}

// Total recomputes the run's score from its exercises.
func (r *Run) Total() {
	r.Score, r.MaxScore = 0, 0
	for _, e := range r.Exercises {
		r.Score += e.Score
		r.MaxScore += e.MaxScore
	}
}
