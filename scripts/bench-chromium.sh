#!/usr/bin/env bash
# Issue 10 benchmark: govmat's PDF report against headless Chromium printing an HTML report of
# the same content, timed in one run on this machine, and the ratio between them.
#
# The HTML is made from the demo report itself: each PDF page's text (pdftotext) as one page-sized
# <section>, and every chart the PDF draws as inline SVG (`govmat chart`), so Chromium lays out
# and prints as many pages and charts as govmat does. Both timings are whole commands (process
# start included), median of RUNS runs.
#
# Usage: scripts/bench-chromium.sh [path/to/release/govmat]   (RUNS=7 by default)
set -euo pipefail
GOVMAT=${1:-${CARGO_TARGET_DIR:-target}/release/govmat}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
RUNS=${RUNS:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GOVMAT_DB="$work/govmat.db"
org="Demo: Riverside & Vale NHS Foundation Trust"
round="Annual review 2026"
"$GOVMAT" demo >/dev/null

ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# govmat: the real command a consultant runs.
for _ in $(seq "$RUNS"); do
  t0=$(ms)
  "$GOVMAT" report --org "$org" --round "$round" --compare "Mid-year review 2025" \
    --out "$work/govmat.pdf" >/dev/null
  echo $(( $(ms) - t0 ))
done | median > "$work/govmat.ms"
pages=$(pdfinfo "$work/govmat.pdf" | awk '/^Pages:/ {print $2}')

# The equivalent HTML: the same text page by page, and the same charts as SVG.
{
  echo '<!doctype html><html lang="en-GB"><meta charset="utf-8"><title>Report</title>'
  echo '<style>@page{size:A4;margin:20mm}body{font-family:"DejaVu Sans";font-size:10pt}'
  echo 'section{break-after:page}pre{white-space:pre-wrap;font:7pt "DejaVu Sans Mono"}svg{width:100%;height:auto}</style><body>'
  for kind in radar heatmap spectrum trend; do
    "$GOVMAT" chart --org "$org" --round "$round" --kind "$kind" --out "$work/$kind.svg" >/dev/null
    echo "<section><h1>$kind</h1>"; sed '1{/^<?xml/d}' "$work/$kind.svg"; echo '</section>'
  done
  # One bar chart per area, as the PDF has.
  areas=$("$GOVMAT" summary --org "$org" --round "$round" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["areas"]))' 2>/dev/null || echo 6)
  "$GOVMAT" chart --org "$org" --round "$round" --kind bars --out "$work/bars.svg" >/dev/null
  for _ in $(seq "$areas"); do
    echo '<section>'; sed '1{/^<?xml/d}' "$work/bars.svg"; echo '</section>'
  done
  for p in $(seq "$pages"); do
    echo '<section><pre>'
    pdftotext -f "$p" -l "$p" -layout "$work/govmat.pdf" - | sed 's/&/\&amp;/g; s/</\&lt;/g'
    echo '</pre></section>'
  done
  echo '</body></html>'
} > "$work/report.html"

for _ in $(seq "$RUNS"); do
  t0=$(ms)
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$work/chromium.pdf" "file://$work/report.html" >/dev/null 2>&1
  echo $(( $(ms) - t0 ))
done | median > "$work/chromium.ms"

g=$(cat "$work/govmat.ms"); c=$(cat "$work/chromium.ms")
cpages=$(pdfinfo "$work/chromium.pdf" | awk '/^Pages:/ {print $2}')
echo "govmat report (demo, $pages pages):      median ${g} ms over $RUNS runs, $(stat -c %s "$work/govmat.pdf") bytes"
echo "chromium --print-to-pdf (same content, $cpages pages): median ${c} ms over $RUNS runs, $(stat -c %s "$work/chromium.pdf") bytes"
awk -v g="$g" -v c="$c" 'BEGIN {printf "ratio chromium / govmat: %.1fx\n", c / g}'
