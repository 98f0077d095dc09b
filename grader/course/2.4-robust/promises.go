package robust

import "netcourse/grader/internal/judge"

// promises are what exercises/2.4-robust/README.md promises the student, in
// its words, each with the check that fails when it is broken.
//
// TODO(grader new): one promise per behaviour the README promises (under
// "What the grader throws at it"), each held by a check, with the time
// bound, error identity or input range it uses in Bound.
var promises = []judge.Promise{
	{README: "send some bytes and close: Fetch must return every one of them, and no error", Check: "returns what the server sent"},
}
