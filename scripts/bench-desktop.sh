#!/usr/bin/env bash
# Issues 4 and 14: cold start to the drawn results dashboard of a ten-year history (40 rounds
# x 30 members x 100 items), and to the drawn start screen on a fresh database (what a new install
# opens on), against a bare Tauri window's start, and idle memory of each (the app plus its WebKit
# processes), printed side by side. Runs each RUNS times and reports the median.
# Needs a display: run as `xvfb-run -a -s "-screen 0 1400x1000x24" scripts/bench-desktop.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
IDLE_SECONDS=${IDLE_SECONDS:-3}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
export WEBKIT_DISABLE_COMPOSITING_MODE=1 LIBGL_ALWAYS_SOFTWARE=1

# The "drawn" signal exists only in a test-hooks build (never in the app people use).
cargo build --release -p govmat-desktop --features test-hooks --bin govmat-desktop --example bare_window --example history_db -q
bin="$CARGO_TARGET_DIR/release"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin/examples/history_db" "$work/history.db" "$work/questionnaires" >/dev/null

# Resident memory (kB) of a process and all its descendants.
tree_rss() {
  local total=0 pid
  for pid in $(descendants "$1"); do
    total=$((total + $(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
descendants() {
  echo "$1"
  local child
  for child in $(pgrep -P "$1" || true); do descendants "$child"; done
}

# Prints "<ms to drawn> <idle kB>" for one cold start of the given command.
measure() {
  local log="$work/out.log" start end pid
  : >"$log"
  start=$(date +%s%N)
  "$@" >"$log" 2>/dev/null &
  pid=$!
  for _ in $(seq 1 6000); do
    grep -q '^drawn' "$log" && break
    sleep 0.005
  done
  end=$(date +%s%N)
  grep -q '^drawn' "$log" || { echo "never drawn: $*" >&2; kill -TERM "$pid"; exit 1; }
  grep '^drawn' "$log" | sed 's/^drawn *//' >"$work/phases.txt"
  sleep "$IDLE_SECONDS"
  local rss
  rss=$(tree_rss "$pid")
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "$(((end - start) / 1000000)) $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

app_ms=() app_kb=() bare_ms=() bare_kb=() new_ms=() new_kb=() phases="" new_phases=""
for i in $(seq 1 "$RUNS"); do
  read -r ms kb < <(measure "$bin/examples/bare_window")
  bare_ms+=("$ms") bare_kb+=("$kb")
  read -r ms kb < <(measure env GOVMAT_BENCH=results GOVMAT_DB="$work/history.db" \
    GOVMAT_QUESTIONNAIRES="$work/questionnaires" "$bin/govmat-desktop")
  app_ms+=("$ms") app_kb+=("$kb")
  phases=$(cat "$work/phases.txt")
  # A new install: no database yet, fresh data folders (as the installed-app check starts it).
  fresh="$work/fresh$i"
  mkdir -p "$fresh"
  read -r ms kb < <(measure env GOVMAT_BENCH=start XDG_DATA_HOME="$fresh/data" \
    XDG_CONFIG_HOME="$fresh/config" XDG_CACHE_HOME="$fresh/cache" "$bin/govmat-desktop")
  new_ms+=("$ms") new_kb+=("$kb")
  new_phases=$(cat "$work/phases.txt")
done

bm=$(printf '%s\n' "${bare_ms[@]}" | median) am=$(printf '%s\n' "${app_ms[@]}" | median)
bk=$(printf '%s\n' "${bare_kb[@]}" | median) ak=$(printf '%s\n' "${app_kb[@]}" | median)
nm=$(printf '%s\n' "${new_ms[@]}" | median) nk=$(printf '%s\n' "${new_kb[@]}" | median)
printf '%-44s %12s %12s %10s\n' "median of $RUNS cold starts" "bare Tauri" "govmat" "difference"
printf '%-44s %9d ms %9d ms %7d ms\n' "start to drawn (results of 40x30x100)" "$bm" "$am" $((am - bm))
printf '%-44s %9d MB %9d MB %7d MB\n' "idle memory, app + WebKit processes" $((bk / 1024)) $((ak / 1024)) $(((ak - bk) / 1024))
printf '%-44s %9d ms %9d ms %7d ms\n' "start to drawn start screen (new install)" "$bm" "$nm" $((nm - bm))
printf '%-44s %9d MB %9d MB %7d MB\n' "idle memory, new install" $((bk / 1024)) $((nk / 1024)) $(((nk - bk) / 1024))
printf 'budgets: results within 200 ms, start screen within 150 ms, memory within 50 MB of the bare window\n'
printf 'all runs, ms: bare %s | results %s | start screen %s\n' "${bare_ms[*]}" "${app_ms[*]}" "${new_ms[*]}"
printf 'last govmat start (results), ms since its page began loading: %s\n' "$phases"
printf 'last govmat start (new install): %s\n' "$new_phases"
printf '  (modules: app.js starts, its imports fetched and run; boot: app_info answered; start: the\n'
printf '   start screen built; round: round chosen; data: dashboard\n'
printf '   built from dashboard_view; charts: the first screen'"'"'s charts in the page; painted: two frames later)\n'
