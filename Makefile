# The two commands the README promises. Both install what is missing first (scripts/deps.sh).
SHELL := /bin/bash
# The end-to-end test drives the real window under a virtual display.
XVFB := xvfb-run -a -s "-screen 0 1920x1200x24"

.PHONY: run test deps-build deps-test bench cli-demo

deps-build:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

# Opens the desktop app on GOVMAT_DB (default: govmat.db in the platform data folder). It is built
# without the test hooks and without the web inspector (developers: add --features inspector).
run: deps-build
	cargo run -p govmat-desktop --bin govmat-desktop

# The CLI's demo board, printed (no window needed).
cli-demo:
	cargo build --bin govmat
	GOVMAT_DB=$${GOVMAT_DB:-$$PWD/target/demo.db} ./target/debug/govmat demo

# Lint, then every test; the desktop binary is built first because the end-to-end test drives it.
# The tests use the desktop's test hooks (a fixed save folder instead of the native dialog).
HOOKS := --features govmat-desktop/test-hooks
test: deps-test
	cargo fmt --all --check
	cargo clippy --workspace --all-targets $(HOOKS) -- -D warnings
	cargo build -p govmat-desktop --bin govmat-desktop $(HOOKS)
	$(XVFB) cargo test --workspace $(HOOKS)

bench:
	cargo bench --bench history
	cargo bench --bench report
	$(XVFB) scripts/bench-desktop.sh
