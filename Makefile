# The two commands a developer needs (see README.md):
#   make run    install what is missing, build, and open the Claimdesk window
#   make test   every check CI runs: fmt, clippy, Rust tests, binding drift, UI typecheck + tests, real-window e2e
#   make eval   every figure of docs/EVALUATION.md over the full data sets in $CLAIMDESK_DATA (default ../shared/data)
SHELL := /bin/bash
FEATURES := --features claimdesk-app/custom-protocol
STEP := scripts/step
export CARGO_INCREMENTAL ?= 0


.PHONY: server bench-server bench-app bench-package package test-package eval run test deps deps-test ui rust-build fmt clippy rust-test bindings ui-check ui-test e2e app-run

run: deps ui
	$(STEP) "cargo build (app)" cargo build --locked $(FEATURES) --bin claimdesk-app
	./target/debug/claimdesk-app

deps:
	$(STEP) "install dependencies" scripts/install-deps

deps-test:
	$(STEP) "install dependencies" scripts/install-deps --test

ui:
	$(STEP) "ui build" npm --prefix ui run build

test: deps-test ui fmt clippy rust-test bindings ui-check ui-test e2e
	@echo "All checks passed."

fmt:
	$(STEP) "cargo fmt --check" cargo fmt --all --check

clippy:
	$(STEP) "cargo clippy -D warnings" cargo clippy --locked --workspace --all-targets $(FEATURES) -- -D warnings

rust-test:
	$(STEP) "cargo test (workspace)" cargo test --locked --workspace $(FEATURES)

bindings:
	$(STEP) "TypeScript bindings drift check" cargo test --locked --workspace $(FEATURES) --test bindings

# Rewrites ui/src/api/bindings.ts from the Rust DTOs.
update-bindings:
	UPDATE_BINDINGS=1 cargo test --workspace $(FEATURES) --test bindings

ui-check:
	$(STEP) "ui typecheck (tsc --noEmit)" npm --prefix ui run typecheck

ui-test:
	$(STEP) "ui unit tests (vitest)" npm --prefix ui test

e2e:
	$(STEP) "cargo build (app + e2e)" cargo build --locked $(FEATURES) --tests --bin claimdesk-app
	$(STEP) "cargo build (CLI + team server, for e2e_team)" cargo build --locked --workspace $(FEATURES) --bins
	$(STEP) "real-window e2e (WebKitWebDriver under Xvfb)" timeout -k 10 900 xvfb-run -a -s "-screen 0 1280x800x24" \
		cargo test --locked $(FEATURES) --test e2e --test e2e_flow --test e2e_sources --test e2e_team --test e2e_a11y -- --ignored --nocapture --test-threads=1

# Not part of `make test` (the tests need no data beyond the excerpts in crates/*/tests/data): every figure of
# docs/EVALUATION.md and the full-data versions of the excerpt tests, over $CLAIMDESK_DATA (default ../shared/data).
# Release build; jsonschema (scripts/install-deps --test) for the report schema check.
eval: deps-test
	$(STEP) "evaluation over the full data sets (scripts/eval)" scripts/eval

# Not part of `make test`: figures for docs/BENCHMARKS.md (app start, 5,000-claim draft, memory).
# Release mode, as the app ships; the first build takes a while.
bench-app: deps ui
	cargo build --release --locked $(FEATURES) --tests --bin claimdesk-app
	timeout -k 10 900 xvfb-run -a -s "-screen 0 1280x800x24" \
		cargo test --release --locked $(FEATURES) --test app_bench -- --ignored --nocapture --test-threads=1

# The .deb and .rpm (target/pkg/): release binaries, the desktop entry, the man page, the licences, and the model when
# scripts/install-model has put it on this machine. See README.md, "Install".
package: deps
	$(STEP) "package (.deb, .rpm)" scripts/package

# Called by .ci/run after `make test`: builds the packages, installs the .deb (root, or sudo), runs the CLI and the
# installed window (WebDriver under Xvfb), upgrades to a version-bumped build of this tree, removes it.
test-package: deps-test
	$(STEP) "package test (build, install, use, upgrade, remove)" timeout -k 10 1200 scripts/test-package

# Not part of `make test`: start-up and memory of the installed release binary (CLAIMDESK_APP_BIN, default
# /usr/bin/claimdesk-app; install the .deb first) and of a bare WebKitGTK window, the floor; docs/BENCHMARKS.md.
bench-package: deps-test
	CLAIMDESK_APP_BIN=$${CLAIMDESK_APP_BIN:-/usr/bin/claimdesk-app} timeout -k 10 900 xvfb-run -a -s "-screen 0 1280x800x24" \
		cargo test --locked $(FEATURES) --test app_bench -- --ignored --nocapture --test-threads=1 --exact startup_bench webkit_floor_bench

# Try team mode: a local PostgreSQL (a cluster in ${XDG_DATA_HOME:-~/.local/share}/claimdesk/server-pg) and
# claimdesk-server on 127.0.0.1:8787; prints the admin token and the `claimdesk connect` line on the first run.
server: deps
	scripts/server

# Not part of `make test`: the team server's load figures for docs/BENCHMARKS.md ("Team server"): 50 editors x 200
# actions and a new member's first sync of a 5,000-claim workspace, against a throwaway PostgreSQL, release mode.
bench-server:
	cargo test --release --locked -p claimdesk-server --test bench -- --ignored --nocapture --test-threads=1
