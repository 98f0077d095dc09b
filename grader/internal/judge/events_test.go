package judge

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"netcourse/grader/internal/result"
)

// fakeExercise is 1.1's folder (its child builds from the reference) with
// checks of the test's own, which start no child.
func fakeExercise(id string, checks ...Check) *Exercise {
	return &Exercise{ID: id, Title: "fake " + id, Dir: tcpclient.Dir, Package: tcpclient.Package, Checks: checks}
}

// describe is an event in short, for comparing sequences.
func describe(e Event) string {
	switch e.Kind {
	case Building:
		return "building " + e.Exercise.ID
	case Checking:
		return "checking " + e.Exercise.ID
	case CheckDone:
		return fmt.Sprintf("check %s %q %s not-started=%v", e.Exercise.ID, e.Check.Name, e.Check.Status, e.NotStarted)
	case ExerciseDone:
		return fmt.Sprintf("done %s %s %d/%d", e.Exercise.ID, e.Result.Status, e.Result.Score, e.Result.MaxScore)
	}
	return fmt.Sprintf("kind %d", e.Kind)
}

// TestEventsReportEachVerdict: an exercise of two checks reports its
// build, the start of its checks, each check in the registry's order,
// even when the first takes longer to finish (its clean-up runs while the
// second check runs), and its result with the status Grade returns.
func TestEventsReportEachVerdict(t *testing.T) {
	b := builder(t)
	ex := fakeExercise("9.1",
		Check{Name: "slow to clean up", Points: 2, Run: func(t *T) error {
			t.Cleanup(func() { time.Sleep(300 * time.Millisecond) })
			return nil
		}},
		Check{Name: "fails at once", Points: 3, Run: func(*T) error { return Fail("wrong") }},
	)
	var got []Event
	opt := Options{Impl: filepath.Join(b.Root, "solutions"), Ref: filepath.Join(b.Root, "solutions"), Seed: 1,
		Events: func(e Event) { got = append(got, e) }}
	run, err := b.Grade(context.Background(), []*Exercise{ex}, opt)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range got {
		names = append(names, describe(e))
	}
	want := []string{
		"building 9.1",
		"checking 9.1",
		`check 9.1 "slow to clean up" passed not-started=false`,
		`check 9.1 "fails at once" failed not-started=false`,
		"done 9.1 failed 2/5",
	}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("events:\n  %s\nwant:\n  %s", strings.Join(names, "\n  "), strings.Join(want, "\n  "))
	}
	res := run.Exercises[0]
	if last := got[len(got)-1]; !reflect.DeepEqual(last.Result, res) || last.Exercise != ex {
		t.Errorf("ExerciseDone carries %+v, Grade returned %+v", last.Result, res)
	}
	for i, e := range got[2:4] {
		if !reflect.DeepEqual(e.Check, res.Checks[i]) {
			t.Errorf("CheckDone %d carries %+v, Grade returned %+v", i, e.Check, res.Checks[i])
		}
	}
}

// TestEventsOfAStubAndABuildError: checks that meet the stub say so (their
// status alone says failed), and an exercise that does not build goes
// from Building to its result.
func TestEventsOfAStubAndABuildError(t *testing.T) {
	b := builder(t)
	stub := fakeExercise("9.2",
		Check{Name: "a", Points: 1, Run: func(*T) error { return &NotStartedError{Func: "Get"} }},
		Check{Name: "b", Points: 1, Run: func(*T) error { return &NotStartedError{Func: "Get"} }},
	)
	impl, dir := submission(t)
	write(t, filepath.Join(dir, "client.go"), "package tcpclient\n\nfunc Get( {\n")
	broken := fakeExercise("9.3", Check{Name: "c", Points: 1, Run: func(*T) error { return nil }})

	for _, tc := range []struct {
		ex   *Exercise
		impl string
		want []string
	}{
		{stub, filepath.Join(b.Root, "solutions"), []string{
			"building 9.2", "checking 9.2",
			`check 9.2 "a" failed not-started=true`, `check 9.2 "b" failed not-started=true`,
			"done 9.2 not_started 0/2",
		}},
		{broken, impl, []string{"building 9.3", "done 9.3 build_error 0/1"}},
	} {
		var names []string
		opt := Options{Impl: tc.impl, Ref: filepath.Join(b.Root, "solutions"), Seed: 1,
			Events: func(e Event) { names = append(names, describe(e)) }}
		run, err := b.Grade(context.Background(), []*Exercise{tc.ex}, opt)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(names, tc.want) {
			t.Errorf("events:\n  %s\nwant:\n  %s", strings.Join(names, "\n  "), strings.Join(tc.want, "\n  "))
		}
		if s := run.Exercises[0].Status; !strings.Contains(names[len(names)-1], " "+s+" ") {
			t.Errorf("Grade returned %s, the last event says %q", s, names[len(names)-1])
		}
	}
}

// TestEventsNeverOverlap: exercises graded at once report from their own
// goroutines, but the handler is never called while it runs.
func TestEventsNeverOverlap(t *testing.T) {
	b := builder(t)
	var exs []*Exercise
	for i := range 4 {
		var checks []Check
		for j := range 3 {
			checks = append(checks, Check{Name: fmt.Sprint(j), Points: 1, Run: func(*T) error { return nil }})
		}
		exs = append(exs, fakeExercise(fmt.Sprintf("9.%d", i), checks...))
	}
	var in, overlaps, calls atomic.Int32
	perExercise := map[string][]EventKind{} // touched only inside the handler
	opt := Options{Impl: filepath.Join(b.Root, "solutions"), Ref: filepath.Join(b.Root, "solutions"), Seed: 1, Jobs: 4,
		Events: func(e Event) {
			if in.Add(1) > 1 {
				overlaps.Add(1)
			}
			calls.Add(1)
			perExercise[e.Exercise.ID] = append(perExercise[e.Exercise.ID], e.Kind)
			time.Sleep(time.Millisecond) // room for another call to come in
			in.Add(-1)
		}}
	if _, err := b.Grade(context.Background(), exs, opt); err != nil {
		t.Fatal(err)
	}
	if n := overlaps.Load(); n > 0 {
		t.Errorf("the handler was called %d times while it ran", n)
	}
	if n := calls.Load(); n != 4*(3+3) {
		t.Errorf("%d events, want %d", n, 4*(3+3))
	}
	want := []EventKind{Building, Checking, CheckDone, CheckDone, CheckDone, ExerciseDone}
	for id, kinds := range perExercise {
		if !reflect.DeepEqual(kinds, want) {
			t.Errorf("%s: events %v, want %v", id, kinds, want)
		}
	}
}

// TestExerciseDoneWhenTheRunIsOver: an exercise the run has no time left
// for still ends with ExerciseDone, its status the one Grade returns.
func TestExerciseDoneWhenTheRunIsOver(t *testing.T) {
	b := builder(t)
	ex := fakeExercise("9.4", Check{Name: "a", Points: 1, Run: func(*T) error { return nil }})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var last Event
	opt := Options{Impl: filepath.Join(b.Root, "solutions"), Seed: 1, Events: func(e Event) { last = e }}
	run, _ := b.Grade(ctx, []*Exercise{ex}, opt)
	if last.Kind != ExerciseDone || last.Result.Status != run.Exercises[0].Status || last.Result.Status != result.Timeout {
		t.Errorf("last event %s, Grade returned %s, want done with timeout", describe(last), run.Exercises[0].Status)
	}
}

// TestChecksRunAtOnceUpToJobs: Jobs checks run at once, never more, and
// AutoJobs runs all of a small exercise's checks at once. Each check
// waits (up to a bound) until as many checks as may run are in: fewer
// at once would keep it waiting, and the verdict says so.
func TestChecksRunAtOnceUpToJobs(t *testing.T) {
	b := builder(t)
	const n = 6
	for _, tc := range []struct{ jobs, want int }{{1, 1}, {3, 3}, {AutoJobs, n}} {
		var in, most atomic.Int32
		check := func(*T) error {
			now := in.Add(1)
			defer in.Add(-1)
			for m := most.Load(); now > m && !most.CompareAndSwap(m, now); m = most.Load() {
			}
			for deadline := time.Now().Add(5 * time.Second); in.Load() < int32(tc.want); time.Sleep(time.Millisecond) {
				if time.Now().After(deadline) {
					return Fail("only %d checks at once", in.Load())
				}
			}
			time.Sleep(20 * time.Millisecond) // room for one too many to come in
			return nil
		}
		var checks []Check
		for i := range n {
			checks = append(checks, Check{Name: fmt.Sprint(i), Points: 1, Run: check})
		}
		opt := Options{Impl: filepath.Join(b.Root, "solutions"), Ref: filepath.Join(b.Root, "solutions"), Seed: 1, Jobs: tc.jobs}
		run, err := b.Grade(context.Background(), []*Exercise{fakeExercise("9.5", checks...)}, opt)
		if err != nil {
			t.Fatal(err)
		}
		if got := run.Exercises[0]; got.Status != result.Passed {
			t.Errorf("jobs %d: %s: %v", tc.jobs, got.Status, got.Checks)
		}
		if got := most.Load(); got != int32(tc.want) {
			t.Errorf("jobs %d: %d checks ran at once, want %d", tc.jobs, got, tc.want)
		}
	}
}
