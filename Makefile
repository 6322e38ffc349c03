# Hearth: `make run` serves the demo shop; `make test` runs every test.
GO      ?= go
ADDR    ?= 127.0.0.1:8080
WASMENV  = GOOS=js GOARCH=wasm PATH="$$($(GO) env GOROOT)/lib/wasm:$$PATH"

.PHONY: build run test test-unit test-wasm test-browser deps fuzz clean

## build: compile the module and write dist/ (hashed, compressed, manifest)
build:
	$(GO) run ./build bundle -out dist

## run: build, then serve the demo shop on $(ADDR)
run: build
	$(GO) run ./server/hearthd -addr $(ADDR) -dist dist -site web/demo

## test: install what the tests need, then unit, wasm and browser tests
test: deps
	$(GO) vet ./...
	$(WASMENV) $(GO) vet ./wasm/...
	$(GO) test -count=1 ./...
	$(WASMENV) $(GO) test -count=1 ./wasm/...

## deps: Debian's chromium for the browser tests, Node for Go's wasm test runner
deps:
	@command -v /usr/bin/chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v node >/dev/null 2>&1 || { \
	  echo "installing Node.js for Go's wasm test runner"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null; }

## fuzz: run each fuzzer for a while (FUZZTIME=30s)
FUZZTIME ?= 30s
fuzz:
	$(GO) test ./wasm/profile -run '^$$' -fuzz FuzzDecode -fuzztime $(FUZZTIME)
	$(GO) test ./wasm/rules -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME)

clean:
	rm -rf dist
