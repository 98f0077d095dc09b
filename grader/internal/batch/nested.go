package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/result"
	"netcourse/grader/internal/sandbox"
)

// OneCommand is the grader's hidden command that grades one submission of
// a batch, in the process and network namespace the batch made for it
// (see nested): its one argument is a OneSpec in JSON, its output the
// result.Run in JSON.
const OneCommand = "netcourse-batch-one"

// OneSpec is what a batch tells the grader that grades one of its
// submissions.
type OneSpec struct {
	Root, Cache, Impl, Ref string
	Seed                   uint64
	IDs                    []string
	Deadline               time.Time // the submission's time limit, on this machine's clock
}

// GradeOne grades spec's submission for OneCommand and writes the run to
// stdout, also a run cut short by its deadline or an interruption.
func GradeOne(ctx context.Context, spec OneSpec, exs []*judge.Exercise, stdout io.Writer) error {
	ctx, cancel := context.WithDeadline(ctx, spec.Deadline)
	defer cancel()
	b := &judge.Builder{Root: spec.Root, Cache: spec.Cache}
	run, err := b.Grade(ctx, exs, judge.Options{Impl: spec.Impl, Ref: spec.Ref, Seed: spec.Seed, Jobs: 1})
	if run != nil {
		if werr := json.NewEncoder(stdout).Encode(run); werr != nil {
			return werr
		}
	}
	return err
}

// nested grades one submission in a grader process of its own, in a
// network namespace of its own (sandbox.Nested), so that nothing its
// children do on loopback reaches the fake peers of the submissions
// graded beside it, and no panic in a fake ends the batch. ok is false
// where no namespace can be nested here: the caller grades in process.
// The grading stops itself at ctx's deadline, as one in process does;
// an interrupted batch interrupts it, and one that outlives the deadline
// by grace is killed.
func nested(ctx context.Context, b *judge.Builder, impl string, opt Options, grace time.Duration) (run *result.Run, ok bool, err error) {
	deadline, _ := ctx.Deadline()
	ids := make([]string, len(opt.Exercises))
	for i, ex := range opt.Exercises {
		ids[i] = ex.ID
	}
	spec, err := json.Marshal(OneSpec{Root: b.Root, Cache: b.Cache, Impl: impl, Ref: opt.Ref, Seed: opt.Seed, IDs: ids, Deadline: deadline})
	if err != nil {
		return nil, true, err
	}
	kctx, kill := context.WithDeadline(context.WithoutCancel(ctx), deadline.Add(grace))
	defer kill()
	cmd, ok := sandbox.Nested(kctx, OneCommand, string(spec))
	if !ok {
		return nil, false, nil
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		return nil, true, err
	}
	stop := context.AfterFunc(ctx, func() {
		if !errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
			cmd.Process.Signal(os.Interrupt)
		}
	})
	defer stop()
	werr := cmd.Wait()
	run = new(result.Run)
	if err := json.Unmarshal(stdout.Bytes(), run); err != nil {
		last := strings.TrimSpace(stderr.String())
		if i := strings.LastIndexByte(last, '\n'); i >= 0 {
			last = last[i+1:]
		}
		return nil, true, fmt.Errorf("the grader of this submission ended (%v) without a result: %s", werr, last)
	}
	return run, true, nil
}
