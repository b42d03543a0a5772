# rotaplan: make demo shows it working, make test is what CI runs.

GO        ?= go
BIN       := bin
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X main.version=$(VERSION)
FUZZTIME  ?= 30s

STATICCHECK_VERSION := v0.8.2
STATICCHECK         := $(BIN)/tools/staticcheck-$(STATICCHECK_VERSION)/staticcheck

.PHONY: demo test build lint fmt-check vet staticcheck bench bench-go bench-peers fuzz clean

## demo: build rotaplan, check the sample county and plan its rotation into bin/demo-plan
demo: build
	./$(BIN)/rotaplan check scenarios/sample-county
	./$(BIN)/rotaplan plan scenarios/sample-county --out $(BIN)/demo-plan --force
	@echo; head -n 6 $(BIN)/demo-plan/plan.csv

## test: formatting, vet, staticcheck, then every test with the race detector
test: lint
	@bash .ci/deps
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then nb=; \
	else echo "chromium is missing: the browser test is skipped"; nb=1; fi; \
	ROTAPLAN_NO_BROWSER=$${ROTAPLAN_NO_BROWSER:-$$nb} $(GO) test -race -count=1 ./...

## build: the rotaplan binary in bin/
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/rotaplan ./cmd/rotaplan

## lint: gofmt check, go vet and staticcheck
lint: fmt-check vet staticcheck

fmt-check:
	@unformatted=$$(gofmt -l $$(find . -name '*.go' -not -path './$(BIN)/*')); \
	if [ -n "$$unformatted" ]; then \
		echo "gofmt: these files need formatting (run gofmt -w):"; echo "$$unformatted"; exit 1; \
	fi

vet:
	$(GO) vet ./...

staticcheck: $(STATICCHECK)
	$(STATICCHECK) ./...

$(STATICCHECK):
	GOBIN=$(abspath $(dir $(STATICCHECK))) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

BENCH_SIZES ?= small,county
BENCH_ARGS ?=

## bench: every Go benchmark, then rotaplan against CBC and HiGHS on the
## named instances (BENCH_SIZES=large BENCH_ARGS='-peers cbc -time-limit 20m' for the long run)
bench: bench-go bench-peers

bench-go:
	$(GO) test -run '^$$' -bench . -benchmem -timeout 60m ./...

bench-peers:
	@command -v cbc >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq coinor-cbc >/dev/null; } || echo "cbc not installed; CBC is skipped"
	$(GO) run ./cmd/rotabench -sizes $(BENCH_SIZES) -out bench-results $(BENCH_ARGS)

## fuzz: every Fuzz target of every package for FUZZTIME (default 30s) each
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
		for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "== $$pkg $$target ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$${target}\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 1x $$pkg; \
		done; \
	done

clean:
	rm -rf $(BIN)
