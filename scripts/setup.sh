#!/usr/bin/env bash
# Install what scaleplan needs on a fresh Debian 12 machine, idempotently:
# a second run finds everything in place and returns in seconds.
#
#   scripts/setup.sh            # native core + CLI only (cmake, libclang)
#   scripts/setup.sh all        # + Python, WASM and browser-test toolchains
#
# Everything comes from Debian's packages, crates.io, PyPI and npm; nothing
# else is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-native}"

need_apt=()
want() { dpkg -s "$1" >/dev/null 2>&1 || need_apt+=("$1"); }

# HiGHS (the native MILP solver) is built from source by highs-sys.
want cmake
want libclang-dev
if [ "$what" = all ]; then
  # WASM: Debian's rustc for web builds std from source (rustup cannot add
  # targets here); rust-lld points to lld-22.
  for p in rustc-web cargo-web rust-web-src rust-web-llvm lld-22; do want "$p"; done
  # Browser tests: Debian's Chromium driven by playwright-core.
  want chromium
fi

if [ "${#need_apt[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  echo "setup: installing ${need_apt[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo not found; install Rust (rustup) first" >&2
  exit 1
fi

if [ "$what" = all ]; then
  # Python venv for the bindings' tests and the comparison scripts.
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
  fi
  if ! { .venv/bin/python -c 'import maturin, pytest, pandas, mypy' && .venv/bin/pip show -q pandas-stubs; } >/dev/null 2>&1; then
    .venv/bin/pip install -q --upgrade pip
    .venv/bin/pip install -q 'maturin>=1.8,<2' pytest pandas pandas-stubs mypy openpyxl
  fi
fi
echo "setup: ok ($what)" >&2
