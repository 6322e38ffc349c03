# Hearth: `make run` serves the demo shop; `make test` runs every test.
GO      ?= go
ADDR    ?= 127.0.0.1:8080
WASMENV  = GOOS=js GOARCH=wasm PATH="$$($(GO) env GOROOT)/lib/wasm:$$PATH"

.PHONY: help build hearth hearthd worker worker-dev run run-measure lint unit test deps bench fuzz screenshots clean

## build: compile the module and write dist/ (hashed, compressed, manifest)
build:
	$(GO) run ./build bundle -out dist

## hearth: the site owner's tool (bin/hearth: check, audit, bundle, serve,
## verify, report), with the bundle inside
hearth: build
	rm -rf cmd/hearth/embedded/dist
	cp -r dist cmd/hearth/embedded/dist
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/hearth ./cmd/hearth

## hearthd: one binary (bin/hearthd) that embeds the bundle and the demo shop
hearthd: build
	rm -rf server/hearthd/embedded/dist server/hearthd/embedded/site
	cp -r dist server/hearthd/embedded/dist
	cp -r web/demo server/hearthd/embedded/site
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/hearthd ./server/hearthd

## worker: the Cloudflare Workers deployment in server/worker (the bundle
## and the demo as static assets, server.Handler compiled for Workers)
worker: build
	$(GO) run ./build edge -dist dist -site web/demo -out server/worker

## worker-dev: serve that deployment locally with workerd, offline
worker-dev: worker deps
	cd server/worker && WRANGLER_SEND_METRICS=false WRANGLER_HIDE_BANNER=true CLOUDFLARE_CF_FETCH_ENABLED=false \
	  $(CURDIR)/$(WRANGLER) dev --ip 127.0.0.1 --port $(lastword $(subst :, ,$(ADDR)))

## run: build, then serve the demo shop on $(ADDR)
run: build
	$(GO) run ./server/hearthd -addr $(ADDR) -dist dist -site web/demo -csp recommended

## run-measure: the demo with private measurement on, past periods filled
## with simulated reports; then `go run ./cmd/hearth report -counts
## build/.measure-demo-counts.sqlite build/.measure-demo/hearth.json`
run-measure: build
	$(GO) run ./build measure-demo -simulate 20000
	$(GO) run ./server/hearthd -addr $(ADDR) -dist dist -site build/.measure-demo -csp recommended \
	  -measure build/.measure-demo/hearth.json -counts build/.measure-demo-counts.sqlite

## help: list the targets, with what each does
help:
	@awk '/^## [a-z-]+:/ { sub(/^## /, ""); printf "  make %s\n", $$0; next } /^## / { sub(/^## /, ""); printf "      %s\n", $$0 }' $(MAKEFILE_LIST)

## lint: gofmt and go vet (native and js/wasm)
lint:
	@test -z "$$(gofmt -l wasm web server build tool e2e cmd markup manifest measure catalog internal)" || { gofmt -l wasm web server build tool e2e cmd markup manifest measure catalog internal; echo "gofmt needed"; exit 1; }
	$(GO) vet ./...
	$(WASMENV) $(GO) vet ./wasm/... ./measure/... ./catalog/... ./infer/... ./internal/...

## unit: the fast loop, no browser and no build of the module (under two
## minutes): native tests in -short mode, and the module's packages as
## js/wasm under Node
unit: lint
	$(GO) test -short -count=1 -timeout 5m ./...
	$(WASMENV) $(GO) test -count=1 -timeout 10m ./wasm/... ./measure/... ./catalog/... ./infer/... ./internal/...

## test: install what the tests need, then every test: unit, wasm, the
## owner's binary and the real-browser tests (e2e, 45 min bound: a busy
## machine takes 15-30)
test: deps lint
	$(GO) test -count=1 -timeout 45m ./...
	$(WASMENV) $(GO) test -count=1 -timeout 10m ./wasm/... ./measure/... ./catalog/... ./infer/... ./internal/...

AXE_VERSION = 4.14.1
AXE = build/.tools/node_modules/axe-core/axe.min.js
WRANGLER_VERSION = 4.86.0
WRANGLER = build/.tools/node_modules/.bin/wrangler
# Bootstrap and its icon font, for the second fixture site (e2e/testdata/bootstrap-shop)
BOOTSTRAP_VERSION = 5.3.8
BOOTSTRAP = build/.tools/node_modules/bootstrap/dist/css/bootstrap.min.css
BOOTSTRAP_ICONS_VERSION = 1.13.1
# Two routers that swap pages without reloading, for e2e/testdata/swap-site
TURBO_VERSION = 8.0.23
TURBO = build/.tools/node_modules/@hotwired/turbo/dist/turbo.es2017-umd.js
HTMX_VERSION = 2.0.11
HTMX = build/.tools/node_modules/htmx.org/dist/htmx.min.js

## deps: Debian's chromium for the browser tests, hugo for the fixture
## blog, mkdocs and mkdocs-material for the docs fixture, Node for Go's wasm test
## runner, and from npm: axe-core for the panel's accessibility test,
## wrangler (workerd inside) for the edge worker's request tests, Bootstrap
## and bootstrap-icons for the second fixture site, Turbo and htmx for the
## swap site
deps: $(AXE) $(WRANGLER) $(BOOTSTRAP) $(TURBO) $(HTMX)
	@command -v /usr/bin/chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v hugo >/dev/null 2>&1 || { \
	  echo "installing Debian's hugo for the fixture blog (e2e/testdata/hugo-blog)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null; }
	@command -v mkdocs >/dev/null 2>&1 && test -d /usr/share/mkdocs/themes/material || { \
	  echo "installing Debian's mkdocs and mkdocs-material for the docs fixture (e2e/testdata/mkdocs-site)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mkdocs mkdocs-material >/dev/null; }

$(AXE) $(WRANGLER) $(BOOTSTRAP) $(TURBO) $(HTMX) &:
	@command -v npm >/dev/null 2>&1 || { \
	  echo "installing Node.js and npm"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
	npm install --silent --no-audit --no-fund --save-exact --prefix build/.tools \
	  axe-core@$(AXE_VERSION) wrangler@$(WRANGLER_VERSION) \
	  bootstrap@$(BOOTSTRAP_VERSION) bootstrap-icons@$(BOOTSTRAP_ICONS_VERSION) \
	  @hotwired/turbo@$(TURBO_VERSION) htmx.org@$(HTMX_VERSION)


## screenshots: the panel (English, Arabic, a 360 px phone) from the real
## demo, the second fixture shop (Bootstrap) at 360 and 1280 px, and the
## MkDocs Material fixture, in headless Chromium, into docs/ for the README and the guide
screenshots: deps
	mkdir -p docs
	HEARTH_SCREENSHOTS=$(CURDIR)/docs $(GO) test -count=1 -timeout 10m ./e2e -run 'TestBrowserPanelScreenshots|TestFixtureShopScreenshots|TestBlogPanelAndScreenshots|TestMkDocsMaterialInstant'

LIGHTHOUSE_VERSION = 12.8.2
LIGHTHOUSE = build/.tools/node_modules/.bin/lighthouse

GROWTHBOOK_VERSION = 1.8.0
GROWTHBOOK = build/.tools/node_modules/@growthbook/growthbook/dist/bundles/index.min.js

# Lighthouse for the bench's page-cost table (12.8.2: the newest that runs on
# Node 20; Lighthouse 13 needs Node 22), and GrowthBook's browser bundle, the
# JS peer it is measured against. Not needed by the tests.
$(LIGHTHOUSE) $(GROWTHBOOK) &: $(AXE)
	npm install --silent --no-audit --no-fund --save-exact --prefix build/.tools \
	  lighthouse@$(LIGHTHOUSE_VERSION) @growthbook/growthbook@$(GROWTHBOOK_VERSION)

## bench: the performance table, every figure against a baseline measured in
## the same run; writes bench/results.json. LIGHTHOUSE_RUNS=N rounds (default 5)
## for what Hearth costs the page; `go run ./build bench -only STAGES` runs
## some of its stages (size, pagecost, phases, timings, go, measure, server, edge)
bench: deps $(LIGHTHOUSE) $(GROWTHBOOK)
	@command -v wrk >/dev/null 2>&1 && command -v nginx >/dev/null 2>&1 || { \
	  echo "installing wrk and nginx for the server comparison"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null; }
	$(GO) run ./build bench $(if $(LIGHTHOUSE_RUNS),-lighthouse $(LIGHTHOUSE_RUNS))

## fuzz: run each fuzzer for a while (FUZZTIME=30s)
FUZZTIME ?= 30s
fuzz:
	$(GO) test ./wasm/profile -run '^$$' -fuzz FuzzDecode -fuzztime $(FUZZTIME)
	$(GO) test ./wasm/rules -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME)
	$(GO) test ./wasm/rules -run '^$$' -fuzz FuzzGlob -fuzztime $(FUZZTIME)
	$(GO) test ./internal/jsonv -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME)
	$(GO) test ./server -run '^$$' -fuzz FuzzPath -fuzztime $(FUZZTIME)
	$(GO) test ./server -run '^$$' -fuzz FuzzCheckCSP -fuzztime $(FUZZTIME)
	$(GO) test ./wasm/internal/stamp -run '^$$' -fuzz FuzzParseAgreesWithTime -fuzztime $(FUZZTIME)
	$(GO) test ./wasm/session -run '^$$' -fuzz FuzzHandle -fuzztime $(FUZZTIME)
	$(GO) test ./wasm/session -run '^$$' -fuzz FuzzBoot -fuzztime $(FUZZTIME)
	$(GO) test ./measure -run '^$$' -fuzz FuzzDecode -fuzztime $(FUZZTIME)

## clean: remove what the build wrote (dist/, bin/, the embedded copies, a
## stray built binary at the root)
clean:
	rm -rf dist bin hearth hearthd server/hearthd/embedded/dist server/hearthd/embedded/site cmd/hearth/embedded/dist \
	  server/worker/build server/worker/assets server/worker/.wrangler
