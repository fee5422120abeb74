# The two commands the README promises. Both install what is missing first.
SHELL := /bin/bash

.PHONY: run test deps-build deps-test bench

deps-build:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

run: deps-build
	cargo build --bin govmat
	GOVMAT_DB=$${GOVMAT_DB:-$$PWD/target/demo.db} ./target/debug/govmat demo

test: deps-test
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo test --workspace

bench:
	cargo bench --bench history
