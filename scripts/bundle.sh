#!/usr/bin/env bash
# Installers built with Tauri's own bundler (the Tauri CLI, installed from package-lock.json by
# scripts/deps.sh). Usage:
#   scripts/bundle.sh                     release .deb and AppImage   (make bundle)
#   scripts/bundle.sh --debug deb appimage   both of the debug build (make test: shares the e2e's build)
# The AppImage is made by scripts/appimage.py from the binary Tauri's bundler built for the .deb:
# Tauri's own AppImage bundler downloads linuxdeploy from github.com, which we cannot reach.
# The Windows (NSIS, MSI) and macOS (.app, .dmg) configuration is in src-tauri/tauri.conf.json;
# those are built on their own systems with `npx tauri build` (README, "Install"). The icons in
# src-tauri/icons/ are made from src-tauri/icons/icon.svg by `tauri icon`.
set -euo pipefail
cd "$(dirname "$0")/.."
tauri=node_modules/.bin/tauri
[ -x "$tauri" ] || { echo "bundle: the Tauri CLI is missing: run scripts/deps.sh bundle" >&2; exit 1; }
profile=release args=()
if [ "${1:-}" = --debug ]; then profile=debug args=(--debug); shift; fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(deb appimage)
out="${CARGO_TARGET_DIR:-$PWD/target}/$profile/bundle"
status=0 built=0
for t in "${targets[@]}"; do
  if [ "$t" = appimage ]; then
    # The binary Tauri's bundler built for the .deb; built here only when no .deb was asked for
    # (`tauri build --no-bundle` sets other build variables, so it would compile the app again).
    [ "$built" = 1 ] || "$tauri" build "${args[@]}" --ci --no-bundle
    scripts/appimage.py --binary "${CARGO_TARGET_DIR:-$PWD/target}/$profile/govmat-desktop" \
      --out "$out/appimage" || { echo "bundle: the AppImage failed" >&2; status=1; }
  elif "$tauri" build "${args[@]}" --ci --bundles "$t"; then
    built=1
  else
    echo "bundle: the $t bundle failed" >&2
    status=1
  fi
done
echo "bundles in $out:"
find "$out" -maxdepth 2 -type f \( -name '*.deb' -o -name '*.AppImage' \) -printf '  %p  %s bytes\n' 2>/dev/null || true
exit $status
