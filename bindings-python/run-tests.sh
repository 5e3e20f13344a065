#!/usr/bin/env bash
# Build the Python package and run its tests: type stubs (mypy.stubtest),
# docstring examples, the pytest suite (API, errors and the shared bad-input
# corpus, pickling and multiprocessing, pandas round trips, planning with
# the verifier, Ctrl-C, the Canada example).
#
#   bindings-python/run-tests.sh [pytest args...]
#
# Uses (and creates when missing) the virtual environment .venv at the
# repository root; a second run reuses it. The extension is built in release
# mode (HiGHS is compiled once, ~5 minutes on 2 cores, then cached in the
# workspace's target/). Set SCALEPLAN_PY_PROFILE=dev for a faster debug build.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
cd "$repo"

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
py=.venv/bin/python
if ! "$py" -c 'import maturin, pytest, pandas, mypy, pandas_stubs' >/dev/null 2>&1; then
  "$py" -m pip install -q --upgrade pip
  # pandas-stubs: the package's stubs type pandas return values.
  "$py" -m pip install -q 'maturin>=1.8,<2' pytest pandas pandas-stubs mypy openpyxl
fi

profile="${SCALEPLAN_PY_PROFILE:-release}"
echo "python: building the extension ($profile)" >&2
if [ "$profile" = release ]; then
  VIRTUAL_ENV="$repo/.venv" .venv/bin/maturin develop --release -m bindings-python/Cargo.toml -q
else
  VIRTUAL_ENV="$repo/.venv" .venv/bin/maturin develop -m bindings-python/Cargo.toml -q
fi

echo "python: stubtest" >&2
"$py" -m mypy.stubtest scaleplan

echo "python: pytest" >&2
"$py" -m pytest -q bindings-python/tests "$@"

# `pip install ./bindings-python` into a fresh virtual environment (pip
# fetches maturin as the build backend), then a smoke test of the installed
# wheel. Skip with SCALEPLAN_PY_SKIP_FRESH=1.
if [ -z "${SCALEPLAN_PY_SKIP_FRESH:-}" ]; then
  echo "python: pip install ./bindings-python into a fresh venv" >&2
  fresh="$(mktemp -d)"
  trap 'rm -rf "$fresh"' EXIT
  python3 -m venv "$fresh/venv"
  "$fresh/venv/bin/python" -m pip install -q ./bindings-python
  (cd "$fresh" && "$fresh/venv/bin/python" - <<'PY'
import scaleplan
cat = scaleplan.Catalogue.sample()
roadmap = cat.plan(scaleplan.Scenario.sample())
assert roadmap.status in ("optimal", "feasible") and roadmap.verify(), roadmap
assert len(roadmap.to_pandas()) == len(cat)
print("fresh install: ok,", scaleplan.__file__, roadmap)
PY
  )
fi
