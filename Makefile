# Students: make grade [EX=1.3].  Everyone else: make test.
GO      ?= go
GRADER  := bin/grader
EX      ?=

.PHONY: grade watch verify test unit lint bench grader clean

# The grader is built, not `go run`, so its exit status reaches make and CI
# (go run turns every failure into exit status 1). With the flags of the
# children's builds, so that the standard library it leaves compiled in
# Go's build cache is what they reuse (sandbox.GoBuild.Reuse): a first
# grading then compiles only the exercises' own code.
grader:
	@CGO_ENABLED=0 $(GO) build -trimpath -o $(GRADER) ./grader

## grade: grade your work in exercises/ (EX=1.3 for one exercise)
grade: grader
	@$(GRADER) grade $(EX) || [ $$? -eq 1 ]

## watch: grade your first unfinished exercise on every save, move on when it passes
watch: grader
	@$(GRADER) watch

## verify: solutions earn full marks, stubs zero, known-bad submissions fail as recorded
verify: grader
	@$(GRADER) verify

## test: everything: lint, unit tests of grader and fixtures, then verify
test: lint unit verify

# grader/dist/kitcheck is a module of its own (the kits' linters stay out
# of the grader's build), so ./... does not reach it.
unit:
	$(GO) tool gotestsum --format testname -- -count=1 ./...
	cd grader/dist/kitcheck && $(GO) test -count=1 ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	 if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	cd grader/dist/kitcheck && $(GO) vet ./...

## bench: how long verify, a build and the checks' own waits take here
bench: grader
	@sh grader/bench.sh

## bench-batch: 100 generated submissions graded with --jobs 1 and 2 (about 5 minutes)
bench-batch:
	$(GO) test -v -run '^$$' -bench Batch -benchtime 1x -timeout 30m ./grader/internal/batch

clean:
	rm -rf bin
