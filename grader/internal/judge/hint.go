package judge

// Hint is the help a student asks for with `grader hint ID` (or `h` in
// `grader watch`), in layers beyond the short hint every failing check
// already prints: first the idea of the exercise, then a pointed nudge.
// Hints point at the place to look and ask the question to answer there;
// they never give the code.
type Hint struct {
	Concept string            // layer 1: what the exercise is about, in the course's words
	Nudge   string            // layer 2: where to look when stuck
	Checks  map[string]string // layer 2, for a failing check: a nudge of its own, by check name
}
