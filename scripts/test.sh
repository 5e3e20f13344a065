#!/usr/bin/env bash
# Every test of scaleplan: Rust (HiGHS and pure-Rust backends), lints,
# Python, WASM (node + types), browser (dashboard and web planner), and a
# short fuzz run. Installs what it needs first (idempotent).
#
#   scripts/test.sh            # everything
#   scripts/test.sh rust       # one suite: lint rust microlp python wasm browser fuzz
#
# Exit status is non-zero when any suite fails; every suite runs anyway so
# one report shows all failures.
set -uo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
FUZZ_SECONDS="${FUZZ_SECONDS:-45}"

scripts/setup.sh all || { echo "setup failed" >&2; exit 1; }

suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(lint rust microlp python wasm browser fuzz)

passed=0; failed=0; failures=()
run() {
  local name="$1"; shift
  echo
  echo "=== suite: $name ==="
  local t0=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); echo "=== $name: ok ($((SECONDS - t0)) s) ==="
  else
    failed=$((failed + 1)); failures+=("$name"); echo "=== $name: FAILED ($((SECONDS - t0)) s) ==="
  fi
}

lint() {
  cargo fmt --all -- --check &&
  cargo clippy --workspace --all-targets -- -D warnings
}
rust() { cargo test --workspace --exclude scaleplan-wasm --exclude scaleplan-python; }
microlp() {
  # The pure-Rust backend (what WASM uses) on the same core tests.
  cargo test -p scaleplan --no-default-features --features microlp,xlsx &&
  cargo test -p scaleplan-tests --features microlp --test conformance
}
python() { bindings-python/run-tests.sh; }
wasm() { bindings-wasm/run-tests.sh; }
browser() { tests/browser/run.sh; }
fuzz() { fuzz/run.sh "$FUZZ_SECONDS"; }

for s in "${suites[@]}"; do
  case "$s" in
    lint|rust|microlp|python|wasm|browser|fuzz) run "$s" "$s" ;;
    *) echo "unknown suite: $s (lint rust microlp python wasm browser fuzz)" >&2; exit 2 ;;
  esac
done

echo
if [ "$failed" -gt 0 ]; then echo "failed suites: ${failures[*]}"; fi
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
