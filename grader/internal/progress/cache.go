package progress

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"netcourse/grader/internal/atomicfile"
	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/result"
)

// Grader grades exercises and remembers each result under a hash of all
// that decides it: the child's sources (the judge's build key), the
// reference solution, the grader's own code and the submission folder's
// name. Sources graded before are not graded again, so progress over the
// whole course is quick; change a byte and the exercise is graded anew.
// Deleting the cache only costs time.
type Grader struct {
	B     *judge.Builder
	Dir   string // where results are kept; "" keeps none
	Stamp string // identifies the grader's own code (judge.SelfStamp); "" keeps none
}

// Grade grades exs like judge.Builder.Grade, with results in the same
// order, taking an exercise's result from the cache when its sources were
// graded before. fresh grades everything anew (and remembers the results).
func (g *Grader) Grade(ctx context.Context, exs []*judge.Exercise, opt judge.Options, fresh bool) (*result.Run, error) {
	run := &result.Run{Seed: opt.Seed, Impl: opt.Impl, Exercises: make([]result.Exercise, len(exs))}
	var todo []*judge.Exercise
	var at []int
	for i, ex := range exs {
		if !fresh {
			if res, _, ok := g.Lookup(ctx, ex, opt); ok {
				run.Exercises[i] = res
				continue
			}
		}
		todo, at = append(todo, ex), append(at, i)
	}
	if len(todo) > 0 {
		graded, err := g.B.Grade(ctx, todo, opt)
		if graded == nil {
			return nil, err
		}
		for j, res := range graded.Exercises {
			run.Exercises[at[j]] = res
			if err == nil {
				g.Store(ctx, todo[j], opt, res)
			}
		}
		if err != nil {
			run.Total()
			return run, err
		}
	}
	run.Total()
	return run, nil
}

// entry is one remembered result, with the seed it was graded with.
type entry struct {
	Seed     uint64          `json:"seed"`
	Exercise result.Exercise `json:"exercise"`
}

// Lookup returns the remembered result of ex for the submission's current
// sources, if they were graded before, and the seed they were graded with.
func (g *Grader) Lookup(ctx context.Context, ex *judge.Exercise, opt judge.Options) (result.Exercise, uint64, bool) {
	var e entry
	path, ok := g.path(ctx, ex, opt)
	if !ok {
		return e.Exercise, 0, false
	}
	data, err := os.ReadFile(path)
	if err != nil || json.Unmarshal(data, &e) != nil || e.Exercise.ID != ex.ID {
		return e.Exercise, 0, false
	}
	return e.Exercise, e.Seed, true
}

// Store remembers res as the result of ex for the submission's current
// sources. Results of an interrupted grading are not kept.
func (g *Grader) Store(ctx context.Context, ex *judge.Exercise, opt judge.Options, res result.Exercise) {
	if ctx.Err() != nil {
		return
	}
	path, ok := g.path(ctx, ex, opt)
	if !ok {
		return
	}
	data, err := json.Marshal(entry{Seed: opt.Seed, Exercise: res})
	if err != nil {
		return
	}
	atomicfile.Write(path, data, 0o600)
}

// path is where the result of ex for these sources is kept. Sources that
// do not build have no key: they are graded (quickly) every time.
func (g *Grader) path(ctx context.Context, ex *judge.Exercise, opt judge.Options) (string, bool) {
	if g.Dir == "" || g.Stamp == "" {
		return "", false
	}
	bin, err := g.B.Build(ctx, ex, opt.Impl)
	if err != nil {
		return "", false
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00", g.Stamp, filepath.Base(bin), ex.ID, opt.Impl)
	if opt.Ref != "" {
		hashFiles(h, filepath.Join(opt.Ref, ex.Dir))
	}
	return filepath.Join(g.Dir, hex.EncodeToString(h.Sum(nil))[:32]+".json"), true
}

// hashFiles adds the Go files of dir to h, in a fixed order.
func hashFiles(h io.Writer, dir string) {
	names, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	sort.Strings(names)
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			continue
		}
		fmt.Fprintf(h, "%s %d\n", filepath.Base(n), len(data))
		h.Write(data)
	}
}
