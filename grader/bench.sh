#!/bin/sh
# make bench: what grading costs on this machine. Run from the project root
# after `make grader`. Prints warm build and verify times, the longest wait a
# check spends, and the target: verify <= 2 x (build + that wait); then a
# cold first grading against the cold build of every child.
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

# A fresh clone's first `make grade`: the grader's cache empty, Go's own
# build cache as `make grader` left it (the standard library compiled with
# the children's flags). Its yardstick, measured just before in the same
# run: the cold build of every child (each exercise's driver with its stub)
# in one go build, which reuses Go's cache as the sandboxed builds do
# (grader/internal/sandbox/gocache.go). Wall time is the machine's load as
# much as ours: CPU time (user + sys, the builds and children included) is
# the steadier figure. Targets: within 3 x the yardstick, and under 20 s.
gocache=$(go env GOCACHE)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/ref" "$tmp/bin" "$tmp/xdg"
# cpu: user + sys of this shell's finished children, in seconds, as
# `times` wrote them in $tmp/times (times itself must run in this shell).
cpu() {
	awk 'NR == 2 { n = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); sub(/s$/, "", a[2]); n += a[1] * 60 + a[2] } print n }' "$tmp/times"
}
times >"$tmp/times"; c0=$(cpu); t4=$(now)
GOCACHE="$tmp/ref" GOCACHEPROG="'$PWD/bin/grader' netcourse-gocache '$gocache' '$tmp/ref'" CGO_ENABLED=0 \
	go build -trimpath -o "$tmp/bin/" ./grader/course/*/driver
times >"$tmp/times"; c1=$(cpu); t5=$(now)
# In a terminal (script(1) makes one, where it takes -c), as a student
# sees it: its first line, what is being built, is timed too.
if script -qec true /dev/null >/dev/null 2>&1; then
	GOCACHE="$gocache" XDG_CACHE_HOME="$tmp/xdg" script -qec 'bin/grader grade' /dev/null </dev/null |
		{ IFS= read -r _ && now >"$tmp/first"; cat >/dev/null; }
else
	GOCACHE="$gocache" XDG_CACHE_HOME="$tmp/xdg" bin/grader grade >/dev/null 2>&1 || [ $? -eq 1 ]
fi
times >"$tmp/times"; c2=$(cpu); t6=$(now)
first=$(cat "$tmp/first" 2>/dev/null || echo 0)
awk -v c0="$c0" -v c1="$c1" -v c2="$c2" -v t4="$t4" -v t5="$t5" -v t6="$t6" -v f="$first" 'BEGIN {
	if (f > 0) printf "cold first make grade: its first line after %.2fs; target <= 1s: %s\n", f - t5, (f - t5 <= 1 ? "met" : "NOT met")
	rw = t5 - t4; rc = c1 - c0; gw = t6 - t5; gc = c2 - c1
	printf "cold build of every child, one go build  %6.2fs (CPU %6.2fs)\n", rw, rc
	printf "cold first make grade (empty grader cache) %6.2fs (CPU %6.2fs)\n", gw, gc
	printf "target: cold grade <= 3 x the children'"'"'s build: %.1fx wall, %.1fx CPU: %s; under 20s: %s\n", gw / rw, gc / rc,
		(gw <= 3 * rw ? "met" : "NOT met") " (wall), " (gc <= 3 * rc ? "met" : "NOT met") " (CPU)", (gw < 20 ? "met" : "NOT met")
}'

# A stub of 1.4 (its Serve returns at once; the checks see that, instead
# of waiting a second each for answers) against one of 1.1, in the same
# run: target, the 1.4 stub within 0.5 s.
bin/grader grade 1.1 >/dev/null 2>&1 || true # warm the child cache
bin/grader grade 1.4 >/dev/null 2>&1 || true
t7=$(now); bin/grader grade 1.1 >/dev/null 2>&1 || [ $? -eq 1 ]; t8=$(now)
bin/grader grade 1.4 >/dev/null 2>&1 || [ $? -eq 1 ]; t9=$(now)
awk -v t7="$t7" -v t8="$t8" -v t9="$t9" 'BEGIN {
	a = t8 - t7; s = t9 - t8
	printf "grade of the 1.4 stub %6.2fs (the 1.1 stub %.2fs: %.1fx); target <= 0.5s: %s\n", s, a, s / a, (s <= 0.5 ? "met" : "NOT met")
}'

# Every reference graded with one exercise per core, then with the
# default --jobs (more while the CPU is idle), against the longest check
# of the same run: target 1.5 x. Its CPU time over the cores is the floor.
refs=$(go test -run '^$' -bench GradeReferences -benchtime 1x ./grader/internal/judge)
echo "$refs" | grep 'grade of all references'
# The same through the grader itself, sandboxed as students run it (the
# benchmark's children start directly: a test binary cannot confine
# them), against that longest check; warm, the best of three. Beside it
# its CPU floor: the machine's busy CPU time during that run (from
# /proc/stat: the grader, its spawner, the wrappers and every child) over
# the cores. No schedule beats it.
alone=$(echo "$refs" | sed -n 's/.*jobs=1.* \([0-9.]*\) longest-check-s.*/\1/p')
busy() { awk -v hz="$(getconf CLK_TCK)" '/^cpu / { print ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat; }
cores=$(getconf _NPROCESSORS_ONLN)
best=
for _ in 1 2 3; do
	b0=$(busy); t10=$(now); bin/grader grade --impl solutions >/dev/null 2>&1 || true; t11=$(now); b1=$(busy)
	run=$(awk -v a="$t10" -v z="$t11" -v b0="$b0" -v b1="$b1" -v c="$cores" 'BEGIN { print z - a, (b1 - b0) / c }')
	best=$(echo "$best" "$run" | awk 'NF == 2 || $3 < $1 { print $(NF-1), $NF; next } { print $1, $2 }')
done
echo "$best" | awk -v l="$alone" -v c="$cores" '{
	g = $1; floor = $2
	if (l > 0) printf "grade of all references, sandboxed (bin/grader grade --impl solutions, best of 3) %6.2fs: %.1fx the longest check alone (%.2fs); target <= 1.5x: %s; its CPU floor (busy CPU / %d cores) %.2fs: %.1fx the longest check, %.2fx of it used\n", g, g / l, l, (g <= 1.5 * l ? "met" : "NOT met"), c, floor, floor / l, (g > 0 ? floor / g : 0)
}'

# A student's edit-and-regrade loop (watch mode): time to first verdict and
# to the whole exercise, warm.
go test -run '^$' -bench Regrade -benchtime 3x ./grader/internal/watch | grep -v '^\(goos\|goarch\|pkg\|cpu\|PASS\|ok\)'
