// Package judge grades submissions: it builds each exercise's child
// process, runs the exercise's checks against it with fake peers, and turns
// what the checks observed into results. It links no submission code.
package judge

import (
	"cmp"
	"context"
	"math/rand/v2"
	"os"
	"time"

	"netcourse/grader/internal/sandbox"
	"netcourse/grader/internal/trypeer"
)

// Exercise is one entry of the course registry.
type Exercise struct {
	ID      string // course numbering, "1.3"
	Title   string
	Dir     string // folder in exercises/ and solutions/, "1.3-sockets"
	Package string // its package name, "sockets"
	Checks  []Check
	Hint    Hint          // what `grader hint` shows
	Try     *trypeer.Peer // the fake peer of `grader try`; nil where the student writes the server

	// Imports are the packages outside the standard library a
	// submission may import ("golang.org/x/net/html"), each in a module
	// the project's go.mod requires: the child is built with copies of
	// them and of what they import, vendored at the project's versions,
	// offline. A submission importing anything else does not build.
	Imports []string

	// Promises map every behaviour the exercise's README promises to
	// the check that fails when it is broken (TestPromisesNameRealChecks).
	Promises []Promise
}

// Promise is one behaviour an exercise's README promises, and how it is
// held to it.
type Promise struct {
	README string // the promise, in the README's words
	Check  string // the name of the check that fails when it is broken
	Bound  string // the time bound, error identity or input range it uses, if any
}

// Folder is the exercise's one folder on the grader's side: its checks,
// hints and try peer, contract/, driver/ and testdata/bad/.
func (e *Exercise) Folder() string { return "grader/course/" + e.Dir }

// ChildFolders are the exercise's folders that go into its child, besides
// ChildPackages and the submission: the driver and the contract it
// shares with the checks.
func (e *Exercise) ChildFolders() []string {
	return []string{e.Folder() + "/contract", e.Folder() + "/driver"}
}

// Check is one graded property of an exercise.
type Check struct {
	Name    string
	Points  int
	Timeout time.Duration // hard limit for the whole check; DefaultTimeout when zero
	Run     func(t *T) error

	// Visibility says when students see the check's details: Visible
	// (the default) or one of Hidden, AfterDueDate, AfterPublished. A
	// check that is not visible is still run and scored.
	Visibility string

	// Limits bound each child the check starts; zero fields take the
	// run's limits, then sandbox.Default with CPU time up to Timeout.
	Limits Limits
}

// timeout is the check's hard limit.
func (c Check) timeout() time.Duration { return cmp.Or(c.Timeout, DefaultTimeout) }

// Limits bound a child: CPU time, memory, processes, open files, file
// size and output.
type Limits = sandbox.Limits

// Visibilities, named as Gradescope names them.
const (
	Visible        = "visible"
	Hidden         = "hidden"
	AfterDueDate   = "after_due_date"
	AfterPublished = "after_published"
)

// DefaultTimeout bounds a check that sets no Timeout.
const DefaultTimeout = 10 * time.Second

// MaxScore is the sum of the exercise's check points.
func (e *Exercise) MaxScore() int {
	n := 0
	for _, c := range e.Checks {
		n += c.Points
	}
	return n
}

// T is what a check works with: its deadline, its seeded randomness and
// the submission's child processes.
type T struct {
	Ctx  context.Context
	Seed uint64     // this check's seed, derived from the run's seed
	Rand *rand.Rand // seeded from Seed: every fault schedule comes from here

	ex       *Exercise
	check    string // the check's name
	bin      string // the submission's child
	ref      func() (string, error)
	refs     *references
	out      *capture
	src      string // the submission as the student names it, for crash locations
	limits   Limits
	shared   []string
	files    []*os.File // passed to the children after wire.ReplyFD
	kids     []*Child   // the submission's children, not the reference's
	cleanups []func()
}

// Cleanup registers f to run when the check ends, last registered first.
func (t *T) Cleanup(f func()) { t.cleanups = append(t.cleanups, f) }

// Start runs the submission's child and sends it the operation op with
// args. The child is stopped when the check ends.
func (t *T) Start(op string, args any) (*Child, error) {
	c, err := t.start(t.bin, t.out, op, args)
	if err == nil {
		t.kids = append(t.kids, c)
	}
	return c, err
}

// Share lets the children the check starts from now on see dir, at the
// same path, and write in it (a folder for Unix socket files). Everything
// else of the machine's files is hidden from them where the sandbox can.
func (t *T) Share(dir string) { t.shared = append(t.shared, dir) }

// Pass gives the children the check starts from now on f as their next
// file descriptor: the first passed is wire.ReplyFD+1, and so on (a raw
// socket the judge opened, which the child could not). The check still
// owns f and closes it.
func (t *T) Pass(f *os.File) { t.files = append(t.files, f) }

// StartReference is Start on the reference solution, for checks whose
// budget is measured against it in the same run.
func (t *T) StartReference(op string, args any) (*Child, error) {
	bin, err := t.ref()
	if err != nil {
		return nil, err
	}
	return t.start(bin, newCapture(), op, args)
}

// Skip ends the check as skipped, for what this machine cannot do.
func (t *T) Skip(reason string) error { return &SkipError{Reason: reason} }

func (t *T) start(bin string, out *capture, op string, args any) (*Child, error) {
	c, err := startChild(t.Ctx, bin, out, t.src, t.limits, t.shared, op, args, t.files...)
	if err != nil {
		return nil, err
	}
	t.Cleanup(c.Stop)
	return c, nil
}
