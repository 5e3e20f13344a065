#!/usr/bin/env bash
# Browser tests of the HTML dashboard (issue 5).
#
# Installs the pinned npm dependencies into tests/browser/node_modules (only
# when missing or stale), builds the `scaleplan` CLI, writes the dashboards
# into artifacts/ (gitignored) and runs the node tests in headless Chromium.
#
# Needs: node >= 18 with npm, Debian's chromium (/usr/bin/chromium, or set
# CHROMIUM), cargo. Screenshots land in artifacts/dashboard*.png.
# UPDATE_DOCS_SCREENSHOT=1 also rewrites docs/dashboard.png (the README's).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
artifacts="${ARTIFACTS:-$root/artifacts}"
export ARTIFACTS="$artifacts"
mkdir -p "$artifacts"

chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "error: no Chromium at $chromium (apt-get install -y chromium, or set CHROMIUM)" >&2
  exit 1
fi

# npm dependencies, idempotent: reinstall only when the installed
# playwright-core is not the version pinned in package-lock.json.
cd "$here"
if ! node -e '
  const want = require("./package-lock.json").packages["node_modules/playwright-core"].version;
  const have = require("./node_modules/playwright-core/package.json").version;
  process.exit(want === have ? 0 : 1);' 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
fi

# The CLI (debug build: shares target/ with the rest of the workspace).
bin="${SCALEPLAN_BIN:-}"
if [ -z "$bin" ]; then
  (cd "$root" && cargo build --quiet -p scaleplan-cli --bin scaleplan)
  bin="$root/target/debug/scaleplan"
fi

fixtures="$here/fixtures"
# 1. The bundled sample, planned first (no --roadmap).
"$bin" report --time-limit 60 --out "$artifacts/dashboard.html"
# 2. Hostile names with a given roadmap, tracked against a newer catalogue.
"$bin" report "$fixtures/hostile-catalogue.json" \
  --roadmap "$fixtures/hostile-roadmap.json" \
  --scenario "$fixtures/hostile-scenario.json" \
  --catalogue-now "$fixtures/hostile-now.json" --year 2028 \
  --out "$artifacts/dashboard-hostile.html"
# 3. The same names read from a spreadsheet (where catalogues come from).
"$bin" convert "$fixtures/hostile-catalogue.json" "$artifacts/hostile-catalogue.xlsx"
"$bin" report "$artifacts/hostile-catalogue.xlsx" \
  --roadmap "$fixtures/hostile-roadmap.json" \
  --out "$artifacts/dashboard-hostile-xlsx.html"
# 4. Hostile names planned by the CLI.
"$bin" report "$fixtures/hostile-catalogue.json" \
  --scenario "$fixtures/hostile-scenario.json" --time-limit 30 \
  --out "$artifacts/dashboard-hostile-planned.html"

node --test --test-concurrency=1 "$here/dashboard.test.mjs"
