#!/usr/bin/env bash
# Builds a scratch copy of the crate with bench/experiments/boundary_exports.rs.txt
# appended to src/wasm/engine.rs (experimental exports, prefixed `x`) for
# bench/experiments/boundary.mjs.
# Never touches the repository's src/, target/ or pkg/.
#   bench/experiments/build-scratch.sh [opt-level ...]   default: z 3
# Output: /tmp/orgpolicy-scratch/pkg-<opt>/node/orgpolicy.js
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
S=${SCRATCH:-/tmp/orgpolicy-scratch}
export PATH="$HOME/.cargo/bin:$PATH"
mkdir -p "$S/src"
rm -rf "$S/src"/*
# The crate only: no target, pkg, tests, fuzz, node_modules.
(cd "$ROOT" && tar cf - Cargo.toml Cargo.lock src benches examples) | (cd "$S/src" && tar xf -)
cat "$ROOT/bench/experiments/boundary_exports.rs.txt" >> "$S/src/src/wasm/engine.rs"
for opt in "${@:-z 3}"; do
  for o in $opt; do
    wo=-Oz; [ "$o" = 3 ] && wo=-O3; [ "$o" = s ] && wo=-Os
    export CARGO_TARGET_DIR="$S/target-$o"
    (cd "$S/src" && CARGO_PROFILE_RELEASE_STRIP=false CARGO_PROFILE_RELEASE_OPT_LEVEL=$o \
      cargo build --release --target wasm32-unknown-unknown --lib)
    out="$S/pkg-$o/node"
    rm -rf "$out"
    wasm-bindgen "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/orgpolicy.wasm" --target nodejs --out-dir "$out" --out-name orgpolicy
    "$ROOT/tools/node_modules/.bin/wasm-opt" $wo \
      --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      --strip-debug --strip-producers --strip-target-features \
      "$out/orgpolicy_bg.wasm" -o "$out/orgpolicy_bg.wasm"
    echo "built $out/orgpolicy.js (opt-level $o, wasm-opt $wo)"
  done
done
