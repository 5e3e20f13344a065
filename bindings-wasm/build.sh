#!/usr/bin/env bash
# Build the WASM package of scaleplan:
#   bindings-wasm/pkg/       ESM (--target web) for browsers and bundlers
#   bindings-wasm/pkg-node/  CommonJS (--target nodejs) for node
# each with a package.json (name `scaleplan`) and TypeScript types.
#
# Installs what it needs, idempotently (a second run only rebuilds):
#   - Debian's rustc-web toolchain (rustup cannot add wasm32 here; Debian's
#     rustc 1.96 compiles std from its own source with -Zbuild-std) and lld-22
#   - wasm-bindgen-cli, exactly the wasm-bindgen version in Cargo.lock,
#     into ~/.cache/scaleplan/tools (or $SCALEPLAN_TOOLS)
#   - wasm-opt from npm `binaryen` when WASM_OPT=1 (optional; off by default)
#
#   bindings-wasm/build.sh            # size-optimised build (profile `wasm`)
#   WASM_PROFILE=release bindings-wasm/build.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
profile="${WASM_PROFILE:-wasm}"
# Kept outside the checkout so a fresh clone on the same machine (CI) does
# not spend four minutes reinstalling it; override with SCALEPLAN_TOOLS.
tools="${SCALEPLAN_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/scaleplan/tools}"

# 1. Debian packages (see shared toolchain notes: rustup's std cannot be
#    rebuilt here, Debian's rustc-web + rust-web-src can).
need_apt=()
for p in rustc-web cargo-web rust-web-src rust-web-llvm lld-22; do
  dpkg -s "$p" >/dev/null 2>&1 || need_apt+=("$p")
done
if [ "${#need_apt[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  echo "build.sh: installing ${need_apt[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# 2. wasm-bindgen-cli pinned to the lock file's wasm-bindgen (the CLI and the
#    library must match exactly). No --locked: one locked dependency is
#    missing from the registry mirror.
wbg_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [ -z "$wbg_version" ]; then
  echo "build.sh: wasm-bindgen not found in Cargo.lock" >&2
  exit 1
fi
wbg="$tools/bin/wasm-bindgen"
if [ ! -x "$wbg" ] || [ "$("$wbg" --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  echo "build.sh: installing wasm-bindgen-cli $wbg_version into $tools (about 4 minutes)" >&2
  cargo install wasm-bindgen-cli --version "=$wbg_version" --root "$tools" --force
fi

# 3. The wasm module, with Debian's cargo/rustc (called by absolute path:
#    rustup's ~/.cargo/bin shadows them) in its own target dir so it never
#    fights the native build over locks and fingerprints.
export RUSTC_BOOTSTRAP=1 CARGO=/usr/bin/cargo RUSTC=/usr/bin/rustc
export CARGO_TARGET_DIR="$root/target/wasm"
/usr/bin/cargo build -p scaleplan-wasm --profile "$profile" \
  --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort
wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/$profile/scaleplan_wasm.wasm"

# 4. Bindings: ESM for browsers/bundlers and CommonJS for node.
pkg_version="$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)"
for target in web nodejs; do
  if [ "$target" = web ]; then out="$here/pkg"; else out="$here/pkg-node"; fi
  rm -rf "$out.tmp"
  # Names and producers sections are half the module's size; not needed.
  "$wbg" --target "$target" --out-dir "$out.tmp" --out-name scaleplan \
    --remove-name-section --remove-producers-section "$wasm"
  if [ "${WASM_OPT:-0}" = 1 ]; then
    opt="$here/node_modules/.bin/wasm-opt"
    if [ ! -x "$opt" ]; then
      (cd "$here" && npm install --no-save --no-audit --no-fund binaryen@132 >/dev/null)
    fi
    "$opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$out.tmp/scaleplan_bg.wasm" -o "$out.tmp/scaleplan_bg.wasm"
  fi
  if [ "$target" = web ]; then
    module='"type": "module",
  "main": "scaleplan.js",
  "module": "scaleplan.js",
  "sideEffects": ["./snippets/*"],'
  else
    module='"main": "scaleplan.js",'
  fi
  cat > "$out.tmp/package.json" <<EOF
{
  "name": "scaleplan",
  "version": "$pkg_version",
  "description": "Plan how to bring every public service online: catalogue, building blocks and a multi-year roadmap, solved in the browser or node.",
  "license": "Apache-2.0",
  $module
  "types": "scaleplan.d.ts",
  "files": ["scaleplan_bg.wasm", "scaleplan.js", "scaleplan.d.ts", "scaleplan_bg.wasm.d.ts", "snippets"]
}
EOF
  rm -rf "$out"
  mv "$out.tmp" "$out"
done
size="$(stat -c %s "$here/pkg/scaleplan_bg.wasm")"
echo "build.sh: bindings-wasm/pkg (web, ESM) and bindings-wasm/pkg-node (CommonJS); wasm $((size / 1024)) KiB" >&2
