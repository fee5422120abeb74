#!/usr/bin/env bash
# Installers built with Tauri's own bundler (the Tauri CLI, installed from package-lock.json by
# scripts/deps.sh). Usage:
#   scripts/bundle.sh            release .deb and AppImage   (make bundle)
#   scripts/bundle.sh --debug deb   a .deb of the debug build  (make test: shares the e2e's build)
# The Windows (NSIS, MSI) and macOS (.app, .dmg) configuration is in src-tauri/tauri.conf.json;
# those are built on their own systems with `npx tauri build` (README, "Install").
set -euo pipefail
cd "$(dirname "$0")/.."
tauri=node_modules/.bin/tauri
[ -x "$tauri" ] || { echo "bundle: the Tauri CLI is missing: run scripts/deps.sh bundle" >&2; exit 1; }
profile=release args=()
if [ "${1:-}" = --debug ]; then profile=debug args=(--debug); shift; fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(deb appimage)
out="${CARGO_TARGET_DIR:-$PWD/target}/$profile/bundle"
status=0
for t in "${targets[@]}"; do
  if ! "$tauri" build "${args[@]}" --ci --bundles "$t"; then
    if [ "$t" = appimage ]; then
      # The AppImage bundler downloads linuxdeploy and its AppRun from github.com the first time
      # (then keeps them in ~/.cache/tauri); a closed network stops it there.
      echo "bundle: the AppImage was NOT built: Tauri's AppImage bundler fetches linuxdeploy from" >&2
      echo "        github.com on first use; on a machine that cannot reach it, copy ~/.cache/tauri from one that can." >&2
    else
      echo "bundle: the $t bundle failed" >&2
    fi
    status=1
  fi
done
echo "bundles in $out:"
find "$out" -maxdepth 2 -type f \( -name '*.deb' -o -name '*.AppImage' \) -printf '  %p  %s bytes\n' 2>/dev/null || true
exit $status
