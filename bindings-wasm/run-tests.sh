#!/usr/bin/env bash
# Every test of the WASM package, from a fresh machine (idempotent installs):
#   1. build.sh: Debian rustc-web + lld-22 (apt, if missing), wasm-bindgen-cli
#      pinned to Cargo.lock (into ~/.cache/scaleplan/tools), the wasm build, pkg/ and pkg-node/
#   2. npm ci in bindings-wasm (typescript, playwright-core; node_modules is
#      gitignored) and Debian's chromium (apt, if missing)
#   3. node's test runner on bindings-wasm/tests/ against pkg-node
#      (conformance optimum, errors, hostile input, 500 services, types)
#   4. tsc --noEmit on the TypeScript usage files
#   5. the web example in Chromium (examples/web/test/)
#
#   bindings-wasm/run-tests.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"

"$here/build.sh"

if ! dpkg -s chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if ! command -v node >/dev/null 2>&1; then
  echo "run-tests.sh: node (>= 20) is needed" >&2
  exit 1
fi

cd "$here"
if [ ! -d node_modules/typescript ] || [ ! -d node_modules/playwright-core ] ||
   [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

status=0
echo "== node tests (bindings-wasm/tests, against pkg-node)"
node --test "$here/tests/" || status=1
echo "== tsc --noEmit"
node_modules/.bin/tsc -p tests/tsconfig.json || status=1
echo "== web example in Chromium (examples/web/test)"
node --test "$root/examples/web/test/" || status=1
exit "$status"
