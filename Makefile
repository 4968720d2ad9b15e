# vxjob: `make demo` shows it working, `make test` runs every test. Both work
# on a fresh machine with Go installed and no credentials.

GO       ?= go
BIN      := bin/vxjob
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
LDFLAGS  := -X main.version=$(VERSION)
FUZZTIME ?= 60s

.PHONY: all build demo test vet fmt-check bench fuzz schemas dist clean

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/vxjob

# The main job, on the examples: start the emulator seeded with their
# persistent resource, then lint, plan and apply them as a developer would
# from inside the repository, and apply again to show that nothing changes.
demo: build
	./$(BIN) version
	./scripts/demo.sh

# The race detector needs cgo; where there is no C compiler (Go then
# builds without cgo) the tests run without it.
RACE ?= $(shell [ "$$($(GO) env CGO_ENABLED)" = 1 ] && echo -race)

# The race detector's runtime waits a second at every process exit
# (atexit_sleep_ms), and the CLI tests start vxjob hundreds of times.
test: fmt-check vet
	GORACE=atexit_sleep_ms=0 $(GO) test $(RACE) ./...

vet:
	$(GO) vet ./...

fmt-check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi

# Benchmarks (not part of `make test`; BENCHMARKS.md has the figures): lint
# of generated repositories (1k, 10k and 50k job files on 1 pool or 100, with
# and without their pools file) against parsing them only, in the same
# iterations; inputs that grow in one dimension, at two sizes; the one-file
# pre-commit case; the CLI's wall time, peak memory and output beside a
# parse-only program; apply. The 50k cases take seconds a run, so they run
# once.
bench:
	$(GO) test -run '^$$' -bench '^BenchmarkLint$$/^files=(1|10)k/' -benchtime 3x -count 3 ./lint
	$(GO) test -run '^$$' -bench '^BenchmarkLint$$/^files=50k/' -benchtime 1x ./lint
	$(GO) test -run '^$$' -bench '^BenchmarkGrowth$$' -benchtime 3x ./lint
	$(GO) test -run '^$$' -bench 'OneFile' -benchmem -count 3 ./lint ./cmd/vxjob
	$(GO) test -run '^$$' -bench '^BenchmarkSemanticRules$$' -benchmem ./lint
	$(GO) test -run '^$$' -bench '^BenchmarkCLI$$/^files=(1|10)k$$' -benchtime 3x ./cmd/vxjob
	$(GO) test -run '^$$' -bench '^BenchmarkCLI$$/^files=50k$$' -benchtime 1x ./cmd/vxjob
	$(GO) test -run '^$$' -bench 'Apply500' -benchtime 3x -count 3 ./submit

# Fuzz the loader and the schema tier, the importer, the emulator's List
# filters, the resource ID check against its regular expression, and the
# depth scan's shortcut against the scan; FUZZTIME=10m make fuzz for longer (each target gets that long).
# New crashers land in testdata/fuzz/ beside each target and then run in
# `make test`.
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzLint$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x ./lint
	$(GO) test -run '^$$' -fuzz '^FuzzImport$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x ./importer
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x ./submit/vertextest/internal/listfilter
	$(GO) test -run '^$$' -fuzz '^FuzzIsResourceID$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x ./spec
	$(GO) test -run '^$$' -fuzz '^FuzzDepthBounds$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x ./spec

# Regenerate the JSON Schemas from the aiplatformpb descriptors (after
# upgrading cloud.google.com/go/aiplatform); commit the result.
schemas:
	$(GO) generate ./schemas

# Release binaries for each platform in dist/, with SHA256SUMS. The
# builds are reproducible (no paths, no build IDs, no VCS stamp beyond the
# version), so anyone can rebuild a tag and compare the sums. Written here
# rather than with GoReleaser: six go build lines and a checksum need no
# tool of their own.
PLATFORMS ?= linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
dist:
	rm -rf dist && mkdir -p dist
	for p in $(PLATFORMS); do \
		os=$${p%/*}; arch=$${p#*/}; ext=; [ $$os = windows ] && ext=.exe; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -buildvcs=false \
			-ldflags "-s -w -buildid= $(LDFLAGS)" -o dist/vxjob-$(VERSION)-$$os-$$arch$$ext ./cmd/vxjob || exit 1; \
	done
	cd dist && sha256sum vxjob-* > SHA256SUMS && cat SHA256SUMS

clean:
	rm -rf bin dist
