#!/bin/sh
# make bench: what grading costs on this machine. Run from the project root
# after `make grader`. Prints warm build and verify times, the longest wait a
# check spends, and the target: verify <= 2 x (build + that wait).
set -eu
now() { date +%s.%N; }

go build ./... >/dev/null 2>&1            # warm the build cache
t0=$(now); go build ./...; t1=$(now)

bin/grader verify >/dev/null 2>&1 || true  # warm the child cache
t2=$(now); out=$(bin/grader verify 2>&1) || { echo "$out"; exit 1; }; t3=$(now)
longest=$(echo "$out" | sed -n 's/^longest check: .*(\(.*\))$/\1/p')

echo "$out" | grep '^longest check:' || true
awk -v t0="$t0" -v t1="$t1" -v t2="$t2" -v t3="$t3" -v l="$longest" 'BEGIN {
	build = t1 - t0; verify = t3 - t2
	w = l; if (w ~ /ms$/) { sub(/ms$/, "", w); w /= 1000 } else { sub(/s$/, "", w) }
	target = 2 * (build + w)
	printf "warm go build ./...   %6.2fs\n", build
	printf "warm make verify      %6.2fs\n", verify
	printf "longest check wait    %6.2fs\n", w
	printf "target: verify <= 2 x (build + longest wait) = %.2fs: %s\n", target, (verify <= target ? "met" : "NOT met")
}'

# A student's edit-and-regrade loop (watch mode): time to first verdict and
# to the whole exercise, warm.
go test -run '^$' -bench Regrade -benchtime 3x ./grader/internal/watch | grep -v '^\(goos\|goarch\|pkg\|cpu\|PASS\|ok\)'
