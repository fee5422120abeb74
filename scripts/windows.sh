#!/usr/bin/env bash
# `make bundle-windows`: the Windows installers, built on Linux from what the package registries
# give us (Tauri's own Windows bundlers cannot run here: see ARCHITECTURE.md, "Written here rather
# than taken from a crate").
#   scripts/windows.sh            release build: setup.exe (NSIS) and the MSI (wixl)
#   scripts/windows.sh --debug    the same from a debug build, for `make test`'s Wine checks
# Cross-compiles the desktop app and the CLI for x86_64-pc-windows-gnu (rustup's target, linked
# with Debian's mingw-w64; tauri-build embeds the icon and version resource with mingw's windres),
# stages them with WebView2Loader.dll (from the crates.io crate webview2-com-sys, the one the app
# links against) and the licences, then compiles src-tauri/windows/govmat.nsi with makensis and
# src-tauri/windows/govmat.wxs with wixl.
#
# Signing: with GOVMAT_SIGN_PFX (a PKCS#12 file) and GOVMAT_SIGN_PASSWORD set, osslsigncode signs
# both programs and both installers (SHA-256); GOVMAT_SIGN_TIMESTAMP (a timestamp server's URL)
# adds a timestamp where the machine can reach one. Without them the installers are unsigned.
set -euo pipefail
cd "$(dirname "$0")/.."
target=x86_64-pc-windows-gnu
profile=release
cargo_profile=(--release)
if [ "${1:-}" = --debug ]; then
  profile=debug
  cargo_profile=()
fi
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
out="$PWD/target/$target/$profile"

# The installers optimise for size: wixl compresses the MSI's cabinet with MSZIP only, and both
# installers must stay within 15 MB (docs/benchmarks.md has the figures for both settings).
if [ "$profile" = release ]; then
  export CARGO_PROFILE_RELEASE_OPT_LEVEL="${CARGO_PROFILE_RELEASE_OPT_LEVEL:-s}"
fi
cargo build "${cargo_profile[@]}" --locked --target "$target" -p govmat-desktop --bin govmat-desktop
cargo build "${cargo_profile[@]}" --locked --target "$target" -p govmat --bin govmat

stage="$out/bundle/stage"
rm -rf "$stage"
mkdir -p "$stage" "$out/bundle/nsis" "$out/bundle/msi"
cp "$out/govmat-desktop.exe" "$out/govmat.exe" "$stage/"
loader_crate=$(cargo metadata --locked --format-version 1 --filter-platform "$target" | python3 -c '
import json, os, sys
pkgs = [p for p in json.load(sys.stdin)["packages"] if p["name"] == "webview2-com-sys"]
if len(pkgs) != 1:
    sys.exit("expected exactly one webview2-com-sys in Cargo.lock, found %d" % len(pkgs))
print(os.path.dirname(pkgs[0]["manifest_path"]))')
cp "$loader_crate/x64/WebView2Loader.dll" "$stage/"
# Notepad on older Windows wants CRLF line ends.
sed 's/$/\r/' LICENSE >"$stage/LICENSE.txt"
sed 's/$/\r/' assets/fonts/LICENSE-DejaVu.txt >"$stage/DejaVu-fonts-LICENSE.txt"
sed 's/$/\r/' src-tauri/windows/README-Windows.txt >"$stage/README-Windows.txt"
cp src-tauri/icons/icon.ico "$stage/govmat.ico"

sign() {
  [ -n "${GOVMAT_SIGN_PFX:-}" ] || return 0
  # The password reaches osslsigncode in a file only we can read, never on its command line
  # (where ps would show it).
  local pass
  pass=$(umask 077 && mktemp)
  printf %s "${GOVMAT_SIGN_PASSWORD:-}" >"$pass"
  local args=(sign -pkcs12 "$GOVMAT_SIGN_PFX" -readpass "$pass" -h sha256
              -n "govmat")
  [ -n "${GOVMAT_SIGN_TIMESTAMP:-}" ] && args+=(-ts "$GOVMAT_SIGN_TIMESTAMP")
  osslsigncode "${args[@]}" -in "$1" -out "$1.signed" || { rm -f "$pass"; return 1; }
  rm -f "$pass"
  mv "$1.signed" "$1"
  echo "signed $1"
}
sign "$stage/govmat-desktop.exe"
sign "$stage/govmat.exe"

setup="$out/bundle/nsis/govmat_${version}_x64-setup.exe"
msi="$out/bundle/msi/govmat_${version}_x64.msi"
makensis -V2 -DVERSION="$version" -DSTAGE="$stage" -DOUTFILE="$setup" src-tauri/windows/govmat.nsi
# wixl resolves sources relative to where it runs and cannot take absolute ones.
(cd "$stage" && wixl -a x64 -D Version="$version" -D Stage=. -o "$msi" "$OLDPWD/src-tauri/windows/govmat.wxs")
sign "$setup"
sign "$msi"
for f in "$setup" "$msi"; do
  printf '%s  %s MB\n' "$f" "$(python3 -c "import os,sys; print(round(os.path.getsize(sys.argv[1])/1e6, 2))" "$f")"
done
