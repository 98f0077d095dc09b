package verify

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"netcourse/grader/course"
	"netcourse/grader/internal/judge"
)

// A reference solution's measurement kept from earlier runs never decides
// a failure (see judge's references): with every kept measurement made the
// least there is, the known-bad submissions that fail against a reference
// solution, of every exercise that keeps a measurement, still fail exactly
// as recorded, each judged against a reference run now, with its figures.
func TestKeptReferencesDecideNoFailure(t *testing.T) {
	if testing.Short() {
		t.Skip("grades the references and the known-bad submissions that meet their budgets")
	}
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cache := t.TempDir()
	solutions := filepath.Join(root, "solutions")
	b := &judge.Builder{Root: root, Cache: cache}
	if _, err := b.Grade(ctx, course.Exercises, judge.Options{Impl: solutions, Ref: solutions, Seed: seed, Jobs: judge.AutoJobs}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(cache, "references.json")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("grading the references kept no measurement of theirs: %v", err)
	}
	kept := map[string]int64{}
	if err := json.Unmarshal(data, &kept); err != nil {
		t.Fatal(err)
	}
	keeps := map[string]bool{} // exercise IDs
	for k := range kept {
		keeps[strings.Fields(k)[0]] = true
		kept[k] = 1
	}
	data, err = json.Marshal(kept)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	scens, err := LoadScenarios(root)
	if err != nil {
		t.Fatal(err)
	}
	b = &judge.Builder{Root: root, Cache: cache} // reads the file anew
	var ran []string
	var wg sync.WaitGroup
	for _, s := range scens {
		golden, err := os.ReadFile(filepath.Join(root, s.Dir, "transcript.golden"))
		if err != nil || !keeps[s.Exercise] || !strings.Contains(string(golden), "the reference solution") {
			continue
		}
		ran = append(ran, s.Name)
		wg.Go(func() {
			if o := runScenario(ctx, b, course.Exercises, Options{Root: root}, s); len(o.probs) > 0 {
				t.Errorf("scenario %s, every kept measurement 1:\n%s", s.Name, strings.Join(o.probs, "\n"))
			}
		})
	}
	wg.Wait()
	if len(ran) == 0 {
		t.Fatalf("no known-bad submission of the exercises that keep measurements (%v) fails against the reference", keeps)
	}
	t.Logf("scenarios %v", ran)
}
