package judge

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"
)

// A run starts the checks that took longest when they last passed first,
// from the pace the run before left in the cache; one at a time, in the
// registry's order.
func TestPaceStartsTheLongestFirst(t *testing.T) {
	b := builder(t)
	var mu sync.Mutex
	var started []string
	check := func(name string, took time.Duration) Check {
		return Check{Name: name, Points: 1, Run: func(*T) error {
			mu.Lock()
			started = append(started, name)
			mu.Unlock()
			time.Sleep(took)
			return nil
		}}
	}
	ex := fakeExercise("9.1", check("quick", 0), check("slow", 300*time.Millisecond), check("middling", 100*time.Millisecond))
	opt := Options{Impl: filepath.Join(b.Root, "solutions"), Ref: filepath.Join(b.Root, "solutions"), Seed: 1, Jobs: 1}
	grade := func(b *Builder) []string {
		started = nil
		if _, err := b.Grade(context.Background(), []*Exercise{ex}, opt); err != nil {
			t.Fatal(err)
		}
		return started
	}
	if got, want := grade(b), []string{"quick", "slow", "middling"}; !reflect.DeepEqual(got, want) {
		t.Errorf("one at a time, the run started %v, want the registry's order %v", got, want)
	}
	if _, err := os.Stat(filepath.Join(b.Cache, paceFile)); err != nil {
		t.Fatalf("the run left no pace: %v", err)
	}
	// The next run, of another process, reads it.
	p, _ := (&Builder{Root: b.Root, Cache: b.Cache}).memos()
	names := func(order []int) []string {
		var out []string
		for _, i := range order {
			out = append(out, ex.Checks[i].Name)
		}
		return out
	}
	if order, _ := p.order(ex, true); !reflect.DeepEqual(names(order), []string{"slow", "middling", "quick"}) {
		t.Errorf("the next run starts %v, want the longest first", names(order))
	}
	if order, ranks := p.order(ex, false); !reflect.DeepEqual(names(order), []string{"quick", "slow", "middling"}) || ranks[0] != ranks[1] || ranks[1] != ranks[2] {
		t.Errorf("one at a time, the next run starts %v, ranks %v, want the registry's order, one rank", names(order), ranks)
	}
	// A check never passed ranks by its time limit.
	fresh := fakeExercise("9.2", Check{Name: "a", Timeout: time.Second}, Check{Name: "b", Timeout: time.Minute})
	if order, _ := p.order(fresh, true); !reflect.DeepEqual(order, []int{1, 0}) {
		t.Errorf("untimed checks start in the order %v, want [1 0]: the longer time limit first", order)
	}
}
