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
    files+=("$dir/web/${name}_bg.wasm" "$dir/web/$name.js" "$dir/web/${name}_bindings.js" "$dir/node/$name.js")
  done
  node - "${files[@]}" <<'JS'
const fs = require("fs"), zlib = require("zlib");
const files = process.argv.slice(2);
const kb = (n) => (n / 1024).toFixed(1).padStart(7) + " KB";
console.log("file                                         raw        gzip      brotli");
for (const f of files) {
  const b = fs.readFileSync(f);
  const gz = zlib.gzipSync(b, { level: 9 }).length;
  const br = zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`${f.padEnd(43)}${kb(b.length)}${kb(gz)}${kb(br)}`);
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
# would also drop the `target_features` section, from which wasm-bindgen
# learns that reference types are enabled (JS values cross as `externref`, no
# JS-side object table). wasm-opt strips the names and producers sections
# below instead.
#
# Results cross through the shadow stack, not as multiple return values:
# `single_value` marks multi-value as unused in the `target_features` section
# wasm-bindgen reads. Node's V8 (11.3) compiles a JS-to-wasm wrapper with
# TurboFan for every distinct signature of an exported function that its
# generic wrapper cannot call, and does it while compiling the module: with
# multi-value returns that was 13 signatures, ~1.8 ms of every cold start;
# with single-value returns every export is called by the generic wrapper
# (bench/experiments/cold-compare.mjs, BENCHMARKS.md "Cold start: export
# signatures").
#
# Each wasm module ships ONE .wasm, in <dir>/web/, loaded by both glues:
#   <dir>/web/<name>.js            the module's web entry (pkg/glue/web.js: init /
#                                  initSync that also take a Module from another realm)
#   <dir>/web/<name>_bindings.js   wasm-bindgen --target web (finds <name>_bg.wasm
#                                  next to itself through import.meta.url)
#   <dir>/web/<name>_bg.wasm       the module, through wasm-opt once
#   <dir>/node/<name>.js           CommonJS entry (pkg/glue/node.js): wasm-bindgen --target
#                                  nodejs, reading ../web/<name>_bg.wasm synchronously
#   <dir>/esm-node.mjs             ES module entry (pkg/glue/node.mjs): the CommonJS entry's
#                                  exports by name (one module: each re-export hop cost
#                                  ~0.4 ms of `import`)
#   (both entries with pkg/glue/ids.js when the module has a PolicyEngine)
#   <dir>/web|node/<name>.d.ts     wasm-bindgen's declarations for each entry
# The two bindgen targets emit byte-identical .wasm files (checked below).
# To add a module: add a line to MODULES.
single_value() { # single_value <in .wasm> <out .wasm>: `+multivalue` -> `-multivalue` in target_features
  node - "$1" "$2" <<'JS'
const fs = require("fs");
const [input, output] = process.argv.slice(2);
const b = fs.readFileSync(input);
let p = 8;
const leb = () => { let r = 0, s = 0, x; do { x = b[p++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return r; };
let patched = false;
while (p < b.length && !patched) {
  const id = b[p++], end = leb() + p;
  const nameLen = id === 0 ? leb() : 0;
  if (id === 0 && b.toString("utf8", p, p + nameLen) === "target_features") {
    p += nameLen;
    for (let n = leb(); n > 0; n--) {
      const prefix = p++, len = leb();
      if (b.toString("utf8", p, p + len) === "multivalue" && b[prefix] === 0x2b) { b[prefix] = 0x2d; patched = true; }
      p += len;
    }
  }
  p = end;
}
if (!patched) { console.error(`[build] ${input}: no +multivalue in its target_features section`); process.exit(1); }
fs.writeFileSync(output, b);
JS
}
bind_module() { # bind_module <dir> <name> <raw .wasm>
  local dir=$1 name=$2 raw=$3 tmp
  local WEB=$dir/web NODE=$dir/node
  rm -rf "$WEB" "$NODE"
  mkdir -p "$WEB" "$NODE"
  tmp=$(mktemp -d)
  single_value "$raw" "$tmp/$name.wasm"
  for target in web nodejs; do
    log "wasm-bindgen --target $target ($name)"
    wasm-bindgen "$tmp/$name.wasm" --target "$target" --out-dir "$tmp/$target" --out-name "$name"
  done
  cmp -s "$tmp/web/${name}_bg.wasm" "$tmp/nodejs/${name}_bg.wasm" \
    || { echo "[build] $name: the web and nodejs targets emit different .wasm files; they cannot share one" >&2; exit 1; }
  # wasm-opt: the features rustc enables (TOOLCHAIN.md), then strip what a
  # release does not need (names, producers, target features). Functions
  # run through `text::cold` (the rare branches of what a first build
  # reaches) stay out of line: -Oz inlines any function with one caller,
  # and V8 compiles a function whole on its first call.
  "$WASM_OPT" --no-inline='*text::cold*' -Oz \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types \
    --strip-debug --strip-producers --strip-target-features \
    "$tmp/web/${name}_bg.wasm" -o "$WEB/${name}_bg.wasm"
  cp "$tmp/web/${name}_bg.wasm.d.ts" "$WEB/${name}_bg.wasm.d.ts"
  mv "$tmp/web/$name.js" "$WEB/${name}_bindings.js"
  mv "$tmp/web/$name.d.ts" "$WEB/$name.d.ts"
  # The nodejs bindings read the .wasm next to themselves; they go into
  # <dir>/node/<name>.js, and the .wasm stays in <dir>/web.
  local wasm_path='const wasmPath = `${__dirname}/'"${name}"'_bg.wasm`;'
  grep -qxF "$wasm_path" "$tmp/nodejs/$name.js" \
    || { echo "[build] $tmp/nodejs/$name.js: no line '$wasm_path' (wasm-bindgen changed?)" >&2; exit 1; }
  sed -i "s#^const wasmPath = \`\${__dirname}/#&../web/#" "$tmp/nodejs/$name.js"
  # Results come back through a DataView of the wasm memory, which the glue
  # re-checks on every read: wasm-bindgen asks `buffer.detached` (undefined
  # in Node 20) and then compares with `wasm.memory.buffer`, a slow getter,
  # three times per call. When the memory grows, the old buffer is detached
  # and its `byteLength` is 0: the check wasm-bindgen makes for its
  # Uint8Array view, here for the DataView too.
  local slow='cachedDataViewMemory0.buffer.detached === true || (cachedDataViewMemory0.buffer.detached === undefined \&\& cachedDataViewMemory0.buffer !== wasm.memory.buffer)'
  for f in "$WEB/${name}_bindings.js" "$tmp/nodejs/$name.js"; do
    if grep -q "^function getDataViewMemory0" "$f"; then
      grep -qF 'cachedDataViewMemory0.buffer !== wasm.memory.buffer)) {' "$f" \
        || { echo "[build] $f: getDataViewMemory0 is not the one this script patches (wasm-bindgen changed?)" >&2; exit 1; }
      sed -i "s/$slow/cachedDataViewMemory0.buffer.byteLength === 0/" "$f"
    fi
  done
  mv "$tmp/nodejs/$name.d.ts" "$NODE/$name.d.ts"
  # A module with a PolicyEngine gets pkg/glue/ids.js (string ids at handle
  # speed) in both entries, in place of their `__STRING_IDS__` line.
  local ids=(-e "/^__STRING_IDS__$/d")
  if grep -q "^export class PolicyEngine " "$WEB/${name}_bindings.js"; then
    ids=(-e "/^__STRING_IDS__$/{r pkg/glue/ids.js" -e "d}")
  fi
  sed -e "s/__NAME__/$name/g" "${ids[@]}" pkg/glue/web.js > "$WEB/$name.js"
  sed -e "s/__NAME__/$name/g" -e "/^__BINDINGS__$/{r $tmp/nodejs/$name.js" -e "d}" "${ids[@]}" pkg/glue/node.js > "$NODE/$name.js"
  local names
  names=$(node -e 'console.log(Object.keys(require(process.argv[1])).join(", "))' "$PWD/$NODE/$name.js")
  sed -e "s/__NAME__/$name/g" -e "s/__NAMES__/$names/" pkg/glue/node.mjs > "$dir/esm-node.mjs"
  rm -rf "$tmp"
  # The web build is ES module code in `.js` files: say so to Node and bundlers
  # (the package root says `"type": "commonjs"` for the node entries).
  printf '{\n  "type": "module"\n}\n' > "$WEB/package.json"
}
module() { # module <dir> <cargo package> <output name> <cargo feature args...>
  local dir=$1 package=$2 name=$3; shift 3
  log "cargo build --release --target wasm32-unknown-unknown --lib -p $package $*"
  CARGO_PROFILE_RELEASE_STRIP=false cargo build --release --target wasm32-unknown-unknown --lib -p "$package" "$@"
  bind_module "$dir" "$name" "target/wasm32-unknown-unknown/release/${package//-/_}.wasm"
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

# The licence texts ship in the tarball (the package is MIT OR Apache-2.0).
cp LICENSE-MIT LICENSE-APACHE pkg/

log "sizes (wasm-opt -Oz)"
sizes
