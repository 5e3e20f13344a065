#!/usr/bin/env bash
# Compare scaleplan with the tools a user would pick instead, on the same
# generated instances and time limits. One command:
#
#   benches/compare/run.sh                       # all instances, limits 10 s and 60 s
#   benches/compare/run.sh --limits 10 --instances s500,m1000   # quicker
#
# Installs its Python peers (PuLP, which ships CBC; highspy; psutil) into
# benches/compare/.venv, builds the `gen` and `bench_plan` binaries
# (release, HiGHS + microlp), generates the instances with `gen`, runs
#   scaleplan-highs / -heuristic / -microlp   (bench_plan: the Planner the CLI calls)
#   scaleplan-cli                             (`scaleplan plan --backend highs`, explanations on)
#   highspy, pulp-cbc                         (peers.py: MODEL.md written straightforwardly)
# and writes results/results.md and results/results.json (gitignored).
# Every plan is re-checked by scaleplan's independent verifier.
set -euo pipefail
cd "$(dirname "$0")"
here="$(pwd)"

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if ! .venv/bin/python -c 'import pulp, highspy, psutil, numpy' >/dev/null 2>&1; then
  echo "compare: installing pulp highspy psutil into benches/compare/.venv" >&2
  .venv/bin/pip install -q 'pulp>=2.8' 'highspy>=1.7' psutil numpy
fi

(cd ../.. && cargo build --release -p scaleplan-benches --bins && cargo build --release -p scaleplan-cli)
bin="$(cd ../.. && cargo metadata --format-version 1 --no-deps | .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null || echo ../../target)/release"
[ -x "$bin/gen" ] || bin="$here/../../target/release"

# Record the versions next to the results.
mkdir -p results
{
  echo "rustc: $(rustc --version)"
  echo "python: $(.venv/bin/python --version 2>&1)"
  .venv/bin/python -c 'import pulp, highspy, psutil; from importlib.metadata import version as v; print("pulp:", v("pulp")); print("highspy:", v("highspy")); print("psutil:", v("psutil"))'
  echo "cbc: $(.venv/bin/python -c 'import pulp; print(pulp.PULP_CBC_CMD().path)' 2>/dev/null)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc)"
} > results/versions.txt

limits=10,60
instances=s500,m1000,l5000
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --limits) limits="$(echo "$2" | tr ' ' ',')"; shift 2 ;;
    --instances) instances="$2"; shift 2 ;;
    *) extra+=("$1"); shift ;;
  esac
done
exec .venv/bin/python compare.py --bin "$bin" --limits "$limits" --instances "$instances" \
  --out "$here/results" "${extra[@]+"${extra[@]}"}"
