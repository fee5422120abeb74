# The two commands the README promises. Both install what is missing first (scripts/deps.sh).
SHELL := /bin/bash
# The end-to-end test drives the real window under a virtual display.
XVFB := xvfb-run -a -s "-screen 0 1920x1200x24"

VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)

.PHONY: run test bundle bundle-windows deny deps-build deps-bundle deps-windows deps-test bench cli-demo

deps-build:
	@scripts/deps.sh build

deps-bundle:
	@scripts/deps.sh bundle

deps-windows:
	@scripts/deps.sh windows

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

# The release installers: a .deb and an AppImage here (Tauri's bundler; see README, "Install").
# They land in target/release/bundle/.
bundle: deps-bundle
	scripts/bundle.sh

# The Windows installers, cross-built here: setup.exe (NSIS, per user) and the MSI (wixl, per
# machine) in target/x86_64-pc-windows-gnu/release/bundle/ (see README, "Install").
bundle-windows: deps-windows
	scripts/windows.sh

# Supply chain: advisories, licences, bans and sources, offline (deny.toml, supply-chain/).
deny:
	scripts/deny.sh

# Lint, the invariants no compiler keeps (scripts/invariants.py: no module cycle, no IO in core, no
# markup from text in the page), the supply chain, then every test; the desktop binary is built first because the
# end-to-end tests drive it. The tests use the desktop's test hooks (a fixed save folder instead of
# the native dialog). Last, a .deb of the same debug build (without the hooks) is installed, started
# on a fresh database with no network, looked at, and removed; and its AppImage is started the
# same way inside a minimal Debian root that has no GTK or WebKit. Then the Windows build (debug)
# and both its installers are proved under Wine: the CLI against the Linux build's output, the
# setup.exe and the MSI installed, run and removed.
HOOKS := --features govmat-desktop/test-hooks
test: deps-test
	cargo fmt --all --check
	python3 scripts/invariants.py --self-test
	python3 scripts/invariants.py
	cargo clippy --workspace --all-targets $(HOOKS) -- -D warnings
	scripts/deny.sh
	cargo build -p govmat-desktop --bin govmat-desktop $(HOOKS)
	$(XVFB) cargo test --workspace $(HOOKS)
	scripts/bundle.sh --debug deb appimage
	$(XVFB) scripts/check-installed.py target/debug/bundle/deb/govmat_$(VERSION)_amd64.deb
	$(XVFB) scripts/check-installed.py --appimage target/debug/bundle/appimage/govmat_$(VERSION)_amd64.AppImage
	scripts/windows.sh --debug
	$(XVFB) scripts/check-windows.py target/x86_64-pc-windows-gnu/debug target/debug/govmat

bench:
	cargo bench --bench history
	cargo bench --bench report
	cargo bench --bench collaborative
	cargo bench --bench benchmark
	cargo bench --bench lan
	$(XVFB) scripts/bench-desktop.sh
	cargo build --release --bin govmat
	scripts/windows.sh
	scripts/check-windows.py target/x86_64-pc-windows-gnu/release target/release/govmat --bench
