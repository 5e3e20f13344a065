#!/usr/bin/env bash
# Run every fuzz target for SECONDS each (default 60).
#
#   fuzz/run.sh [SECONDS] [TARGET...]
#
# Installs cargo-fuzz from crates.io when missing. Uses the nightly
# toolchain when rustup has one, else the stable one with RUSTC_BOOTSTRAP=1
# (sanitizer flags are nightly-only). The live corpus is fuzz/corpus/TARGET
# (gitignored), seeded from the committed fuzz/seeds/TARGET and, for the
# RFI-2 target, from the GovStack template in ../shared/data/rfi2 when it is
# there (it is never copied into the repo). A crash leaves its input in
# fuzz/artifacts/TARGET and fails the run: copy it to fuzz/corpus/regressions/
# and add a regression test (tests/robustness.rs).
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
shift || true
all_targets=(read_json read_csv read_xlsx read_rfi2 validate plan)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz" >&2
  cargo install cargo-fuzz --quiet
fi

toolchain=()
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  toolchain=(+nightly)
else
  export RUSTC_BOOTSTRAP=1
fi

# Seed the live corpus (libFuzzer writes new inputs into the first dir).
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  if [ -d "seeds/$t" ]; then cp -n seeds/"$t"/* "corpus/$t/" 2>/dev/null || true; fi
done
template=../../shared/data/rfi2/govstack-rfi2-template.xlsx
if [ -f "$template" ] && [[ " ${targets[*]} " == *" read_rfi2 "* ]]; then
  cp -n "$template" corpus/read_rfi2/govstack-rfi2-template.xlsx 2>/dev/null || true
fi

mkdir -p artifacts
# Build every target once (one sanitizer build of the core).
build() {
  if [ ${#targets[@]} -eq ${#all_targets[@]} ]; then
    cargo "${toolchain[@]}" fuzz build -O
  else
    for t in "${targets[@]}"; do cargo "${toolchain[@]}" fuzz build -O "$t"; done
  fi
}
echo "fuzz: building ${#targets[@]} targets (log: fuzz/artifacts/build.log)" >&2
if ! build >artifacts/build.log 2>&1; then
  tail -n 40 artifacts/build.log >&2
  echo "fuzz: build failed" >&2
  exit 1
fi

failed=()
for t in "${targets[@]}"; do
  echo "=== fuzz $t: ${seconds}s ===" >&2
  # -rss_limit_mb: the planner target may solve small MIPs; 2 GB is ample.
  # -timeout: one input taking > 20 s is a hang worth recording.
  if ! cargo "${toolchain[@]}" fuzz run -O "$t" "corpus/$t" -- \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 \
      -max_len=262144 -print_final_stats=1 2>"artifacts/$t.log"; then
    failed+=("$t")
    tail -n 60 "artifacts/$t.log" >&2
  else
    grep -E '^(stat::number_of_executed_units|stat::new_units_added|Done)' "artifacts/$t.log" >&2 || true
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} passed, 0 failed" >&2
