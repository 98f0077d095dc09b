package judge

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// What a check's reference solution measured is kept in the cache for the
// next run, another process's too: the least of every run, and only for
// the reference that measured it.
func TestReferencesKeepTheLeast(t *testing.T) {
	b := builder(t)
	var seen []string
	var measured int64
	ex := fakeExercise("9.1", Check{Name: "budget", Points: 1, Run: func(t *T) error {
		v, ok := t.KeptReference("peak memory")
		seen = append(seen, fmt.Sprint(v, ok))
		t.KeepReference("peak memory", measured)
		if _, ok := t.KeptReference("CPU time"); ok {
			return Fail("another measurement of the check is kept: %v", t.refs.m)
		}
		return nil
	}})
	solutions := filepath.Join(b.Root, "solutions")
	// Another reference: the same code and a comment more.
	other := t.TempDir()
	src, err := os.ReadFile(filepath.Join(solutions, tcpclient.Dir, "client.go"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(other, tcpclient.Dir), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(other, tcpclient.Dir, "client.go"), string(src)+"\n// another reference\n")

	grade := func(ref string, measure int64) {
		t.Helper()
		measured = measure
		run := &Builder{Root: b.Root, Cache: b.Cache} // a process of its own
		res, err := run.Grade(context.Background(), []*Exercise{ex}, Options{Impl: solutions, Ref: ref, Seed: 1, Jobs: 1})
		if err != nil {
			t.Fatal(err)
		}
		if c := res.Exercises[0].Checks[0]; c.Score != 1 {
			t.Fatalf("the check failed: %s", c.Message)
		}
	}
	grade(solutions, 30<<20)
	grade(solutions, 40<<20)
	grade(solutions, 20<<20)
	grade(solutions, 50<<20)
	grade(other, 60<<20)
	want := []string{"0 false", fmt.Sprint(30<<20, " true"), fmt.Sprint(30<<20, " true"), fmt.Sprint(20<<20, " true"), "0 false"}
	if !reflect.DeepEqual(seen, want) {
		t.Errorf("the runs saw kept %q, want %q", seen, want)
	}
}
