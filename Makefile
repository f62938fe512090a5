# Banshi — two commands do everything:
#   make run    build in release and serve the hall on the embedded PostgreSQL
#   make test   formatting, clippy, unit + database tests, browser tests
# Both install what is missing first (see `make tools`).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO_LEPTOS_VERSION := 0.3.10
# The wasm-bindgen CLI must match the crate pinned in Cargo.lock exactly.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock)
NODE_BIN := $(CURDIR)/end2end/node_modules/.bin
# wasm-opt from npm `binaryen` comes first on PATH: Debian's breaks hydration.
export PATH := $(NODE_BIN):$(HOME)/.cargo/bin:$(PATH)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

LEPTOS_SITE_ADDR ?= 127.0.0.1:3000
export LEPTOS_SITE_ADDR
export LEPTOS_SITE_ROOT ?= target/site

.PHONY: help run build site test test-build db-tests disk-space tools toolchain node-packages postgres smtp-test-server nginx fuzz-tools chromium fmt-check clippy unit-tests e2e wasm-size lighthouse cluster-test fuzz-test two-servers chaos fuzz bench bench-workflow bench-tracking bench-stats bench-services bench-investment bench-letters bench-documents bench-weibo generate-catalog generate-cases generate-projects clean

help:
	@echo "make run    build (release) and serve the hall at http://$(LEPTOS_SITE_ADDR) on the embedded PostgreSQL"
	@echo "make test   everything: fmt, clippy, unit and database tests, browser tests, WASM size budget"

## ---- installing what is missing -------------------------------------------

tools: toolchain node-packages postgres

toolchain:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@cargo leptos --version 2>/dev/null | grep -q " $(CARGO_LEPTOS_VERSION)" \
	  || cargo install cargo-leptos@$(CARGO_LEPTOS_VERSION) --locked
	@wasm-bindgen --version 2>/dev/null | grep -q " $(WASM_BINDGEN_VERSION)" \
	  || cargo install wasm-bindgen-cli@$(WASM_BINDGEN_VERSION)

node-packages: end2end/node_modules/.installed

end2end/node_modules/.installed: end2end/package.json end2end/package-lock.json
	cd end2end && npm ci --no-audit --no-fund
	touch $@

postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null \
	  || { $(SUDO) apt-get update && $(SUDO) apt-get install -y postgresql; }

# A real SMTP server for the mail tests (server/tests/it/jobs.rs): Debian's aiosmtpd.
smtp-test-server:
	@/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null \
	  || { $(SUDO) apt-get update && $(SUDO) apt-get install -y python3-aiosmtpd; }

# Debian's nginx, the proxy in front of two servers (scripts/cluster.py).
nginx:
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] \
	  || { $(SUDO) apt-get update && $(SUDO) apt-get install -y nginx-light; }

# schemathesis from PyPI, in a virtualenv of its own (scripts/fuzz.py).
SCHEMATHESIS_VERSION := 4.32.5
FUZZ_VENV := target/fuzz-venv
fuzz-tools:
	@$(FUZZ_VENV)/bin/schemathesis --version 2>/dev/null | grep -q " $(SCHEMATHESIS_VERSION)" || { \
	  python3 -m venv $(FUZZ_VENV) 2>/dev/null \
	    || { $(SUDO) apt-get update && $(SUDO) apt-get install -y python3-venv && python3 -m venv $(FUZZ_VENV); }; \
	  $(FUZZ_VENV)/bin/pip install --quiet --disable-pip-version-check schemathesis==$(SCHEMATHESIS_VERSION); }

chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }

## ---- building and running ---------------------------------------------------

# cargo-leptos gzips at a middling level; hashed assets are compressed once, so use the best.
define best_gzip
	@for f in target/site/pkg/*.wasm target/site/pkg/*.js target/site/pkg/*.css; do gzip -9 -n -c "$$f" > "$$f.gz"; done
endef

build: tools
	cargo leptos build --release --precompress
	$(best_gzip)

run: build
	./target/release/server

## ---- testing ----------------------------------------------------------------

# Each phase is timed; the database tests and the browser half's release
# build (`site`, its own target directory) run side by side: the tests wait
# on PostgreSQL much of the time; so do the two-server journey and the
# fuzzing, each on its own servers, ports and data directory. What the
# phases need is installed first, one thing at a time (two apt-get runs at
# once would fight over dpkg's lock).
TEST_PHASES := fmt-check test-build db-tests+site wasm-size e2e cluster-test+fuzz-test
test: disk-space tools chromium nginx smtp-test-server fuzz-tools
	@t0=$$(date +%s); for p in $(TEST_PHASES); do t=$$(date +%s); \
	  $(MAKE) --no-print-directory -j2 --output-sync=target $${p/+/ }; \
	  echo "make test: $$p took $$(( $$(date +%s) - t )) s ($$(( $$(date +%s) - t0 )) s in all)"; done
	@echo "make test: all checks passed"

# `make test` lints while it builds: clippy-driver compiles the workspace's
# own crates (as `cargo clippy` does, but building rather than only
# checking), so every dependency is compiled once for the lints and the
# tests instead of once in check mode and again in build mode. A fresh
# build gains nothing from incremental compilation.
LINTED := CARGO_INCREMENTAL=0 RUSTC_WORKSPACE_WRAPPER=$$(rustc --print sysroot)/bin/clippy-driver \
  CLIPPY_ARGS=-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__

# A full build and the test databases take about 8 GiB; a disk that fills
# up halfway shows as database errors in unrelated tests, so say it first.
disk-space:
	@free=$$(df -Pk . | awk 'NR==2 {print int($$4 / 1048576)}'); \
	  if [ "$$free" -lt 10 ]; then \
	    echo "make test needs about 10 GiB free here; there are $$free GiB (cargo clean or free space first)"; exit 1; \
	  fi

fmt-check:
	cargo fmt --all -- --check

# Clippy alone (`make test` lints while building, see LINTED): the server
# side (app with ssr, server, all their targets) and the browser side.
clippy:
	cargo clippy -p app -p server --features app/ssr --all-targets -- -D warnings
	cargo clippy -p app --features hydrate -p frontend --target wasm32-unknown-unknown -- -D warnings

# Clippy on the server side (app with ssr, server, all their targets) while
# building them; then the unit tests and the database tests against a
# private PostgreSQL cluster that the server binary starts exactly as it
# starts its own (the same LINTED settings, so nothing is built again).
unit-tests: db-tests

test-build: postgres smtp-test-server
	$(LINTED) cargo test -p app --features ssr -p server --all-targets --no-run

db-tests: test-build
	rm -rf target/test-db
	@# The test build also builds target/debug/server (integration tests run it).
	$(LINTED) ./target/debug/server with-db --data-dir target/test-db -- \
	  cargo test --no-fail-fast -p app --features ssr -p server

# The browser half for the browser tests, linted by clippy while it builds
# (app with hydrate and frontend, wasm32): the WASM, JS and CSS in release
# (the WASM budget is measured on them) beside the test build's server
# (target/debug/server, built by unit-tests), so that `make test` builds
# the server in one profile only. The hashed names go beside that server.
site: tools
	$(LINTED) cargo leptos build --release --precompress --frontend-only
	$(best_gzip)
	cp target/release/hash.txt target/debug/hash.txt

e2e: node-packages chromium
	cd end2end && E2E_SERVER=../target/debug/server npx playwright test

# Two of the test build's servers behind nginx on one PostgreSQL: a session
# on both, the deadline scan and each e-mail once, a server SIGKILLed under
# submissions loses nothing (scripts/cluster.py; about half a minute).
cluster-test: nginx smtp-test-server
	scripts/cluster.py journey --server target/debug/server --dir target/cluster-test

# A short schemathesis run over the OpenAPI document, and hostile values in
# the HTML forms of 60 crawled pages, as six identities against the test
# build's server: no answer may be a 5xx.
fuzz-test: fuzz-tools
	scripts/fuzz.py --schemathesis $(FUZZ_VENV)/bin/schemathesis --server target/debug/server \
	  --examples 5 --forms 60 --dir target/fuzz-test

# The WASM as served (brotli, precompressed by cargo-leptos) must fit the budget.
wasm-size:
	@scripts/wasm-size.sh 150

# Lighthouse mobile (performance >= 95, accessibility 100) on the home page,
# the navigator, an item page, the apply page and the tracking page, against
# the release server on its own data directory; Lighthouse itself comes from
# npm on first use (scripts/lighthouse.sh). A benchmark: not in `make test`.
LIGHTHOUSE_ADDR ?= 127.0.0.1:3150
lighthouse: build chromium
	rm -rf target/lighthouse-data
	LEPTOS_SITE_ADDR=$(LIGHTHOUSE_ADDR) BANSHI_DATA_DIR=target/lighthouse-data DATABASE_URL= \
	  ./target/release/server > target/lighthouse-server.log 2>&1 & pid=$$!; \
	  trap 'kill $$pid; wait $$pid || true' EXIT; \
	  for i in $$(seq 180); do curl -sf http://$(LIGHTHOUSE_ADDR)/healthz >/dev/null && break; sleep 1; done; \
	  scripts/lighthouse.sh http://$(LIGHTHOUSE_ADDR)

## ---- operating it --------------------------------------------------------

# The production shape on this machine: two release servers behind nginx on
# one PostgreSQL, at http://127.0.0.1:3000 (docs/operations.md).
two-servers: build nginx smtp-test-server
	scripts/cluster.py serve --server target/release/server --port 3000

# Faults under load: submissions while each server is SIGKILLed and
# PostgreSQL restarts (fast, immediate, postmaster killed); then every
# acknowledged key must have exactly one complete case.
CHAOS_SECONDS ?= 120
chaos: build nginx smtp-test-server
	scripts/cluster.py chaos --server target/release/server --seconds $(CHAOS_SECONDS) --dir target/chaos

# The full fuzz run on the release build: 25 cases per API operation and
# identity, the forms of 120 crawled pages per identity.
FUZZ_EXAMPLES ?= 25
fuzz: build fuzz-tools
	scripts/fuzz.py --schemathesis $(FUZZ_VENV)/bin/schemathesis --server target/release/server \
	  --examples $(FUZZ_EXAMPLES) --dir target/fuzz

# Submissions per second and 8 concurrent clerks claiming (server/benches/workflow.rs).
bench-workflow: postgres
	cargo build -p server
	./target/debug/server with-db --data-dir target/bench-workflow-db -- \
	  cargo bench -p server --bench bench -- workflow

# Tracking lookups per second, the hall beside a minimal axum + sqlx handler
# making the same queries on the same database (server/benches/tracking.rs).
# Release builds throughout; honours CARGO_TARGET_DIR.
bench-tracking: postgres
	cargo build --release -p server
	$(or $(CARGO_TARGET_DIR),target)/release/server with-db --data-dir target/bench-tracking-db -- \
	  cargo bench -p server --bench bench -- tracking

# Statistics dashboards, their API and the supervisor's dashboard over
# 1,000,000 generated cases on the 100,000-item generated catalog
# (server/benches/stats.rs; generated on the first run, about a quarter of
# an hour). Release builds throughout; honours CARGO_TARGET_DIR.
bench-stats: postgres
	cargo build --release -p server
	$(or $(CARGO_TARGET_DIR),target)/release/server with-db --data-dir target/bench-stats-db -- \
	  cargo bench -p server --bench bench -- stats

# /services pages per second at 16 connections (the home page beside it)
# from the release server binary in a process of its own, on the demo
# catalog (server/benches/services.rs). Release builds throughout; honours
# CARGO_TARGET_DIR.
bench-services: postgres
	cargo build --release -p server
	BENCH_SERVER=$(abspath $(or $(CARGO_TARGET_DIR),target)/release/server) \
	BENCH_SITE_ROOT=$(abspath $(or $(CARGO_TARGET_DIR),target)/site) \
	  $(or $(CARGO_TARGET_DIR),target)/release/server with-db --data-dir target/bench-services-db -- \
	  cargo bench -p server --bench bench -- services

# An investment project's public status and "my projects", API and pages,
# over 100,000 generated projects with their stage cases
# (server/benches/investment.rs; generated on the first run). Release
# builds throughout; honours CARGO_TARGET_DIR.
bench-investment: postgres
	cargo build --release -p server
	$(or $(CARGO_TARGET_DIR),target)/release/server with-db --data-dir target/bench-investment-db -- \
	  cargo bench -p server --bench bench -- investment

# The public letter list and the letters' statistics over 1,000,000
# generated letters (server/benches/letters.rs; generated on the first run,
# a few minutes). Release builds throughout; honours CARGO_TARGET_DIR.
bench-letters: postgres
	cargo build --release -p server
	$(or $(CARGO_TARGET_DIR),target)/release/server with-db --data-dir target/bench-letters-db -- \
	  cargo bench -p server --bench bench -- letters

# Search over 1,000,000 generated documents, p95 ≤ 20 ms (server/benches/documents.rs).
bench-documents: postgres
	cargo build --release -p server
	$(or $(CARGO_TARGET_DIR),target)/release/server with-db --data-dir target/bench-documents-db -- \
	  cargo bench -p server --bench bench -- documents

# The microblog hall's timelines and account pages at 10,000 accounts and
# 10,000,000 posts (server/benches/weibo.rs; generated on the first run, kept
# in target/bench-weibo-db). Release builds.
bench-weibo: postgres
	cargo build --release -p server
	$(or $(CARGO_TARGET_DIR),target)/release/server with-db --data-dir target/bench-weibo-db -- \
	  cargo bench -p server --bench bench -- weibo

# Search latency over 100,000 generated items (see server/benches/search.rs).
bench: postgres
	cargo build -p server
	./target/debug/server with-db --data-dir target/bench-db -- \
	  cargo bench -p server --bench bench -- search

# 100,000 generated items added to the database the server would use
# (DATABASE_URL, or the embedded one in BANSHI_DATA_DIR).
generate-catalog: postgres
	cargo run --release -p server -- generate-catalog --items 100000

# 1,000,000 generated cases over that catalog (after generate-catalog), with
# their tasks, events, ratings and statistics.
generate-cases: postgres
	cargo run --release -p server -- generate-cases --cases 1000000

# 100,000 generated investment projects with their owners and stage cases
# (loads the demo catalog's stage bundles first).
generate-projects: postgres
	cargo run --release -p server -- generate-projects --projects 100000

clean:
	cargo clean
	rm -rf end2end/node_modules target/e2e-data target/test-db target/fuzz-venv
