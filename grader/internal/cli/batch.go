package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"netcourse/grader/course"
	batchpkg "netcourse/grader/internal/batch" // the name batch is this command's
	"netcourse/grader/internal/judge"
	"netcourse/grader/internal/sandbox"
)

const batchUsage = `usage: grader batch [--jobs N] [--format csv|json] [--seed N] [--timeout D] [--cache DIR] [--shard K/N] DIR [ID ...]`

// batch grades every submission folder in a directory into a gradebook on
// stdout. Whatever the students scored, a batch that ran returns nil;
// a submission that broke the grader is a status in its own row.
func batch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("batch", flag.ContinueOnError)
	jobs := fs.Int("jobs", 0, "submissions graded at once (0: one per core, and more while the CPU has time to spare: grading mostly waits)")
	format := fs.String("format", "csv", "gradebook format: "+batchpkg.FormatNames())
	seed := fs.Uint64("seed", 0, "seed of every fault schedule, the same for every submission (0: a new one)")
	limit := fs.Duration("timeout", 5*time.Minute, "time limit for grading one submission, held even when grading hangs (0: the selected checks' time limits summed, plus a minute per exercise for its builds)")
	cache := fs.String("cache", "", "keep built children here for a later batch (default: a temporary folder, removed afterwards)")
	shardFlag := fs.String("shard", "", "grade only shard K of N (1 ≤ K ≤ N) and write its gradebook for grader gradebook merge")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("batch: no DIR (a folder of submission folders)\n%s", batchUsage)
	}
	dir, ids := pos[0], pos[1:]
	write, ok := batchpkg.Formats[*format]
	if !ok {
		return usagef("batch: unknown format %q (%s)", *format, batchpkg.FormatNames())
	}
	if *jobs < 0 || *limit < 0 {
		return usagef("batch: --jobs and --timeout must not be negative\n%s", batchUsage)
	}
	var shard batchpkg.Shard
	if *shardFlag != "" {
		if shard, err = batchpkg.ParseShard(*shardFlag); err != nil {
			return usagef("batch: --%v", err)
		}
		// Each shard picking its own seed would throw other faults at
		// its students: the merged gradebook would not be one batch's.
		if *seed == 0 {
			return usagef("batch: --shard needs --seed N, the same for every shard, so that every student meets the same faults")
		}
		given := false
		fs.Visit(func(f *flag.Flag) { given = given || f.Name == "format" })
		if given {
			return usagef("batch: --shard writes the shard's gradebook for grader gradebook merge, which takes --format")
		}
	}
	root, err := findRoot()
	if err != nil {
		return err
	}
	exs, err := selectExercises(ids)
	if err != nil {
		return err
	}
	subs, err := batchpkg.Find(dir, course.Exercises)
	if err != nil {
		return usagef("batch: %v", err)
	}
	listing, all := batchpkg.ListingOf(subs), len(subs)
	if shard.N > 0 {
		subs = shard.Of(subs)
	}
	if *seed == 0 {
		*seed = newSeed()
	}
	// Every student's code differs, so a batch's children are seldom of use
	// to another grading: by default they go with the batch instead of
	// piling up (about 4 MB each) in the user's cache.
	if *cache == "" {
		tmp, err := os.MkdirTemp("", "netcourse-batch-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		*cache = tmp
	}
	// Children run in their own working folders, where a relative path
	// to their binary would not resolve.
	if *cache, err = filepath.Abs(*cache); err != nil {
		return err
	}
	b := &judge.Builder{Root: root, Cache: *cache}
	progress := batchpkg.NewProgress(stderr, len(subs))
	start := time.Now()
	gb, gerr := batchpkg.Grade(ctx, b, subs, batchpkg.Options{
		Exercises: exs, Ref: filepath.Join(root, "solutions"), Seed: *seed,
		Jobs: jobsOf(*jobs), Timeout: *limit, Done: progress.Done,
	})
	progress.Finish()
	if shard.N > 0 {
		err = batchpkg.WriteShard(stdout, &batchpkg.ShardBook{
			Shard: shard.String(), Listing: listing, Seed: *seed, Timeout: limit.String(),
			Exercises: gb.IDs, Rows: gb.Rows,
		})
	} else {
		err = write(stdout, gb)
	}
	if err != nil {
		return err
	}
	counts := map[string]int{}
	for _, r := range gb.Rows {
		counts[r.Status]++
	}
	replay := strings.TrimSpace(fmt.Sprintf("grader grade --seed %d --impl SUBMISSION %s", *seed, strings.Join(ids, " ")))
	graded := fmt.Sprintf("%d submissions", len(gb.Rows))
	if shard.N > 0 {
		graded = fmt.Sprintf("%d of %d submissions (shard %s)", len(gb.Rows), all, shard)
	}
	fmt.Fprintf(stderr, "batch: %s in %v with seed %d: %d ok, %d build_error, %d timeout, %d internal_error (replay one: %s)\n",
		graded, time.Since(start).Round(time.Second), *seed,
		counts[batchpkg.OK], counts[batchpkg.BuildError], counts[batchpkg.Timeout], counts[batchpkg.InternalError], replay)
	if gerr != nil {
		return gerr
	}
	// The grader failing on every submission is the grader's problem
	// (a missing toolchain, a full disk), not the students'.
	if len(gb.Rows) > 0 && counts[batchpkg.InternalError] == len(gb.Rows) {
		return fmt.Errorf("batch: the grader failed on every submission, e.g. %s: %s", gb.Rows[0].Submission, gb.Rows[0].Detail)
	}
	return nil
}

// batchOne grades one submission of a batch (batchpkg.OneCommand), in the
// process and network namespace the batch made for it.
func batchOne(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var spec batchpkg.OneSpec
	if len(args) != 1 || json.Unmarshal([]byte(args[0]), &spec) != nil {
		return usagef("%s is the grader's own; it takes one JSON argument", batchpkg.OneCommand)
	}
	// In the new namespace: loopback up, the sandbox's state as reported.
	if done, err := sandbox.Enter(ctx, nil, true, stdout, stderr); done || err != nil {
		if err == nil {
			err = errors.New("batch: a submission's grader is not in its batch's sandbox")
		}
		return err
	}
	exs, err := selectExercises(spec.IDs)
	if err != nil {
		return err
	}
	return batchpkg.GradeOne(ctx, spec, exs, stdout)
}

const gradebookUsage = `usage: grader gradebook merge [--format csv|json] SHARD.json ...`

// gradebook works on gradebooks already written; its one subcommand,
// merge, joins the shards of a batch graded on several machines.
func gradebook(args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "merge" {
		return usagef("gradebook: want a subcommand\n%s", gradebookUsage)
	}
	fs := flag.NewFlagSet("gradebook merge", flag.ContinueOnError)
	format := fs.String("format", "csv", "gradebook format: "+batchpkg.FormatNames())
	files, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	write, ok := batchpkg.Formats[*format]
	if !ok {
		return usagef("gradebook merge: unknown format %q (%s)", *format, batchpkg.FormatNames())
	}
	if len(files) == 0 {
		return usagef("gradebook merge: no shard gradebooks (what grader batch --shard K/N wrote)\n%s", gradebookUsage)
	}
	var shards []batchpkg.NamedShard
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return usagef("gradebook merge: %v", err)
		}
		sb, err := batchpkg.ReadShard(f)
		f.Close()
		if err != nil {
			return usagef("gradebook merge: %s: %v", name, err)
		}
		shards = append(shards, batchpkg.NamedShard{Name: name, Book: sb})
	}
	gb, err := batchpkg.Merge(shards)
	if err != nil {
		return usagef("gradebook merge: %v", err)
	}
	return write(stdout, gb)
}
