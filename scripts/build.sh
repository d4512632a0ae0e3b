#!/usr/bin/env bash
# Builds the npm package in pkg/: each wasm module of MODULES compiled to
# wasm32, bound with wasm-bindgen for browsers/bundlers/edge (<dir>/web, ES
# module + init) and for Node (<dir>/node, CommonJS, loads synchronously),
# then shrunk with wasm-opt. The modules: the engine (pkg/, built without the
# text readers) and `orgpolicy/config` (pkg/config/, crates/config).
# Idempotent; runs scripts/setup.sh first when a tool is missing.
#   scripts/build.sh            build and print sizes
#   scripts/build.sh --sizes    only print the sizes of the current build
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '[build] %s\n' "$*"; }
WASM_OPT=tools/node_modules/.bin/wasm-opt

# One line per module: <package dir> <cargo package> <output name> <cargo feature args>
MODULES=(
  "pkg orgpolicy orgpolicy --no-default-features --features engine-js"
  "pkg/config orgpolicy-config orgpolicy_config"
)

sizes() {
  local files=()
  for m in "${MODULES[@]}"; do
    read -r dir _ name _ <<<"$m"
    files+=("$dir/web/${name}_bg.wasm" "$dir/web/$name.js" "$dir/node/$name.js")
  done
  node - "${files[@]}" <<'JS'
const fs = require("fs"), zlib = require("zlib");
const files = process.argv.slice(2);
const kb = (n) => (n / 1024).toFixed(1).padStart(7) + " KB";
console.log("file                                       raw        gzip      brotli");
for (const f of files) {
  const b = fs.readFileSync(f);
  const gz = zlib.gzipSync(b, { level: 9 }).length;
  const br = zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`${f.padEnd(41)}${kb(b.length)}${kb(gz)}${kb(br)}`);
}
JS
}

if [ "${1:-}" = "--sizes" ]; then sizes; exit 0; fi

# Tools: the wasm target, a wasm-bindgen CLI equal to the lockfile's version, wasm-opt.
wb_version=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if ! command -v wasm-bindgen >/dev/null 2>&1 \
   || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$wb_version" ] \
   || [ ! -x "$WASM_OPT" ] \
   || ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "tools missing: running scripts/setup.sh"
  scripts/setup.sh
fi

# `strip = false` for this build only: the release profile's `strip = true`
# would also drop the `target_features` section, and without it wasm-bindgen
# cannot tell that multi-value is enabled and falls back to returning results
# through the shadow stack (slower glue for every call). wasm-opt strips the
# names and producers sections below instead.
module() { # module <out-prefix> <cargo package> <output name> <cargo feature args...>
  local prefix=$1 package=$2 name=$3; shift 3
  log "cargo build --release --target wasm32-unknown-unknown --lib -p $package $*"
  CARGO_PROFILE_RELEASE_STRIP=false cargo build --release --target wasm32-unknown-unknown --lib -p "$package" "$@"
  local raw=target/wasm32-unknown-unknown/release/${package//-/_}.wasm
  for target in web nodejs; do
    local dir=$prefix/${target%js}
    rm -rf "$dir"
    log "wasm-bindgen --target $target --out-dir $dir"
    wasm-bindgen "$raw" --target "$target" --out-dir "$dir" --out-name "$name"
    # wasm-opt: the features rustc enables (TOOLCHAIN.md), then strip what a
    # release does not need (names, producers, target features).
    "$WASM_OPT" -Oz \
      --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      --strip-debug --strip-producers --strip-target-features \
      "$dir/${name}_bg.wasm" -o "$dir/${name}_bg.wasm"
  done
  # The web build is ES module code in `.js` files: say so to Node and bundlers
  # (the package root has no `type`, so the node builds' `.js` stay CommonJS).
  printf '{\n  "type": "module"\n}\n' > "$prefix/web/package.json"
}
# The TypeScript declarations appended to the bindings are generated from
# the wire declarations (tests/typescript.rs fails when they differ).
log "cargo run --example typescript > src/wasm/types.d.ts"
cargo run --quiet --example typescript > src/wasm/types.d.ts.new
mv src/wasm/types.d.ts.new src/wasm/types.d.ts

for m in "${MODULES[@]}"; do
  # shellcheck disable=SC2086 # the feature arguments split on purpose
  module $m
done

log "sizes (wasm-opt -Oz)"
sizes
