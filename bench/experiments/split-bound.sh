#!/usr/bin/env bash
# How much a cold start could gain if the engine module held only what a
# first decision uses (an upper bound for splitting features into a second
# module; BENCHMARKS.md "Cold start: one Node entry file, and what is
# left"). From the last `scripts/build.sh` (target/ and pkg/), makes two
# copies of pkg/ in $OUT: `full`, the engine module through the same
# wasm-opt pipeline, and `core`, the module without every export but
# `new`, `can`, `check`, the handle methods and the bindings' own
# (wasm-metadce), then runs bench/experiments/cold-compare.mjs on both.
# Single-caller inlining is capped (-ocimfs 100) in both, or -Oz inlines
# into the first build's functions what the dropped exports shared.
# Never touches pkg/ or target/.
#   bench/experiments/split-bound.sh [--runs=21]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
OUT=${OUT:-/tmp/orgpolicy-split-bound}
RAW=target/wasm32-unknown-unknown/release/orgpolicy.wasm
BIN=tools/node_modules/.bin
[ -f "$RAW" ] && [ -f pkg/node/orgpolicy.js ] || { echo "run scripts/build.sh first" >&2; exit 1; }
rm -rf "$OUT" && mkdir -p "$OUT"

# The build's single_value step, taken from scripts/build.sh as it is.
awk '/^single_value\(\)/{f=1; next} f && /^JS$/{exit} f && !/node - /{print}' scripts/build.sh > "$OUT/single_value.cjs"
node "$OUT/single_value.cjs" "$RAW" "$OUT/single.wasm"
wasm-bindgen "$OUT/single.wasm" --target nodejs --out-dir "$OUT/bound" --out-name orgpolicy

node - "$OUT/bound/orgpolicy_bg.wasm" "$OUT/graph.json" <<'JS'
const fs = require("fs");
const [wasm, graph] = process.argv.slice(2);
const keep = /^(memory|__.*|isOrgPolicyError|reasonCodes|policyengine_(new|can|canHandles|check|checkHandlesNumber|decisionByNumber|userHandle|orgHandle|workspaceHandle|permissionHandle))$/;
const nodes = WebAssembly.Module.exports(new WebAssembly.Module(fs.readFileSync(wasm))).map((e) =>
  keep.test(e.name) ? { name: `export ${e.name}`, export: e.name, root: true } : { name: `export ${e.name}`, export: e.name },
);
console.log(`dropped: ${nodes.filter((n) => !n.root).map((n) => n.export).join(" ")}`);
fs.writeFileSync(graph, JSON.stringify(nodes));
JS
FEATURES="--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types"
"$BIN/wasm-metadce" $FEATURES -f "$OUT/graph.json" "$OUT/bound/orgpolicy_bg.wasm" -o "$OUT/core.wasm" > /dev/null
for v in full core; do
  in="$OUT/bound/orgpolicy_bg.wasm"
  [ "$v" = core ] && in="$OUT/core.wasm"
  cp -r pkg "$OUT/$v"
  "$BIN/wasm-opt" --no-inline='*text::cold*' -Oz -ocimfs 100 $FEATURES \
    --strip-debug --strip-producers --strip-target-features "$in" -o "$OUT/$v/web/orgpolicy_bg.wasm"
  echo "$v: $(stat -c %s "$OUT/$v/web/orgpolicy_bg.wasm") bytes; first build $(node bench/children/cold-code.mjs "$OUT/$v" --json | node -e 'const p = JSON.parse(require("fs").readFileSync(0, "utf8")).phases["build Liftoff"]; console.log(`${p.n} functions, ${p.bytes} bytes`)')"
done
node bench/experiments/cold-compare.mjs --pkg="$OUT/full" --pkg="$OUT/core" "$@"
