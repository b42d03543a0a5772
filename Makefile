# rotaplan: make demo shows it working, make test is what CI runs.

GO        ?= go
BIN       := bin
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X main.version=$(VERSION)
FUZZTIME  ?= 30s

STATICCHECK_VERSION := v0.8.2
STATICCHECK         := $(BIN)/tools/staticcheck-$(STATICCHECK_VERSION)/staticcheck

.PHONY: demo test build lint fmt-check vet staticcheck bench bench-go bench-peers fuzz clean release test-windows

## demo: build rotaplan, check the sample county, plan its rotation into bin/demo-plan with
## the approval workbook bin/demo-plan.xlsx and the report page bin/demo-plan.html, then say what comes next
demo: build
	./$(BIN)/rotaplan check scenarios/sample-county
	./$(BIN)/rotaplan plan scenarios/sample-county --out $(BIN)/demo-plan --xlsx $(BIN)/demo-plan.xlsx --html $(BIN)/demo-plan.html --force
	@echo; head -n 6 $(BIN)/demo-plan/plan.csv
	@echo; echo "Next steps:"; \
	echo "  1. open $(BIN)/demo-plan.xlsx (the approval workbook) or $(BIN)/demo-plan.html (the report page) to review the plan"; \
	echo "  2. edit $(BIN)/demo-plan/plan.csv in Excel or WPS: delete a row to drop a move, change 调入学校代码 to redirect one"; \
	echo "  3. re-score the edited list: ./$(BIN)/rotaplan score scenarios/sample-county --plan $(BIN)/demo-plan/plan.csv"; \
	echo "  4. or pin decisions in a pins.csv and re-plan: ./$(BIN)/rotaplan plan scenarios/sample-county --pins pins.csv --out $(BIN)/demo-plan --force"

## test: formatting, vet, staticcheck, a Windows build, then every test with the race detector
test: lint
	GOOS=windows GOARCH=amd64 $(GO) build -o /dev/null ./cmd/rotaplan
	@bash .ci/deps
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then nb=; \
	else echo "chromium is missing: the browser test is skipped"; nb=1; fi; \
	ROTAPLAN_NO_BROWSER=$${ROTAPLAN_NO_BROWSER:-$$nb} $(GO) test -race -count=1 -timeout 30m ./...

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

## fuzz: every Fuzz target of every package for FUZZTIME (default 30s) each; a package whose tests do not build fails it
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
		list=$$($(GO) test -list '^Fuzz' $$pkg) || { echo "$$list"; exit 1; }; \
		for target in $$(echo "$$list" | grep '^Fuzz' || true); do \
			echo "== $$pkg $$target ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$${target}\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 1x $$pkg; \
		done; \
	done

DIST            := dist
RELEASE_TARGETS := windows/amd64 linux/amd64 linux/arm64 darwin/arm64

## release: static rotaplan binaries for RELEASE_TARGETS in dist/ (rotaplan-OS-ARCH[.exe]) and their SHA256SUMS
release:
	rm -rf $(DIST)
	mkdir -p $(DIST)
	@set -e; for t in $(RELEASE_TARGETS); do \
		os=$${t%/*}; arch=$${t#*/}; ext=; [ $$os = windows ] && ext=.exe; \
		echo "$(DIST)/rotaplan-$$os-$$arch$$ext"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags "$(LDFLAGS)" \
			-o $(DIST)/rotaplan-$$os-$$arch$$ext ./cmd/rotaplan; \
	done
	cd $(DIST) && if command -v sha256sum >/dev/null; then sha256sum rotaplan-*; else shasum -a 256 rotaplan-*; fi > SHA256SUMS
	@cat $(DIST)/SHA256SUMS

## test-windows: vet and build everything for Windows; with wine, run the Windows binary on the sample county
test-windows:
	GOOS=windows GOARCH=amd64 $(GO) vet ./cmd/...
	GOOS=windows GOARCH=amd64 $(GO) build ./...
	mkdir -p $(DIST)
	CGO_ENABLED=0 GOOS=windows GOARCH=amd64 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(DIST)/rotaplan-windows-amd64.exe ./cmd/rotaplan
	@if ! command -v wine >/dev/null 2>&1; then \
		echo "wine is missing: the Windows binary is built but not run"; exit 0; fi; \
	exe=$(DIST)/rotaplan-windows-amd64.exe; export WINEDEBUG=-all; \
	if ! v=$$(wine $$exe version 2>&1); then \
		if echo "$$v" | grep -q 'bcryptprimitives.dll not found'; then \
			echo "$$(wine --version) has no bcryptprimitives.dll and cannot start Go programs: the Windows binary is built but not run"; exit 0; fi; \
		echo "$$v"; exit 1; fi; \
	set -e; echo "$$v"; \
	out=$$(wine $$exe check scenarios/sample-county); echo "$$out" | head -n 4; \
	echo "$$out" | grep -q '学校 (schools): 60' || { echo "test-windows: check printed no Chinese summary"; exit 1; }; \
	dir='$(DIST)\县 样例'; rm -rf "$(DIST)/县 样例"; mkdir -p "$(DIST)/县 样例"; cp scenarios/sample-county/* "$(DIST)/县 样例/"; \
	wine $$exe check "$$dir" | grep -q '学校 (schools): 60' || { echo "test-windows: check $$dir failed"; exit 1; }; \
	rm -rf "$(DIST)/县 样例"; \
	help=$$(wine $$exe --help-lang zh check --help); echo "$$help" | grep -q '用法：' || { echo "test-windows: no Chinese help"; exit 1; }; \
	echo "test-windows: ok"

clean:
	rm -rf $(BIN)
