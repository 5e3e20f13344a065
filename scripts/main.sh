#!/usr/bin/env bash
# The main job: plan the bundled sample catalogue (Republic of Arcadia) and
# publish its dashboard.
#
#   scripts/main.sh [CATALOGUE] [extra `scaleplan plan` flags]
#
# Writes out/roadmap.json and out/dashboard.html; prints a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh native
cargo build --release --bin scaleplan
mkdir -p out
bin=target/release/scaleplan
cat_args=()
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then cat_args=("$1"); shift; fi
status=0
"$bin" plan "${cat_args[@]}" --out out/roadmap.json "$@" || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then exit "$status"; fi
"$bin" report "${cat_args[@]}" --roadmap out/roadmap.json --out out/dashboard.html
echo "roadmap:   out/roadmap.json"
echo "dashboard: out/dashboard.html (open it in a browser)"
exit "$status"
