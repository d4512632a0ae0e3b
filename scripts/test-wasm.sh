#!/usr/bin/env bash
# Builds the npm package (scripts/build.sh) and runs every WebAssembly-side
# suite; each runs even when an earlier one failed, and a summary ends the
# output. Works from a clean clone after scripts/setup.sh.
#   1. native: the TypeScript declarations are those generated from the wire declarations
#   2. wasm-bindgen tests in Node            (tests/node.rs    -> tests/wasm_common)
#   3. wasm-bindgen tests in headless Chromium (tests/browser.rs -> tests/wasm_common)
#   4. node:test suites against the package   (tests/js: CJS, ESM, edge, browser page, scenarios, memory, size budget, README)
#   5. tsc --noEmit --strict                  (tests/ts: a Node consumer and a web/bundler consumer)
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

scripts/build.sh || { echo "[test-wasm] build failed" >&2; exit 1; }

export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
if [ -z "${CHROMEDRIVER:-}" ] && [ -x /usr/bin/chromedriver ]; then export CHROMEDRIVER=/usr/bin/chromedriver; fi

results=()
status=0
suite() {
  local name=$1; shift
  printf '\n[test-wasm] ==== %s\n' "$name"
  if "$@"; then results+=("ok      $name"); else results+=("FAILED  $name"); status=1; fi
}

tsc_all() {
  mkdir -p tests/ts/node_modules
  ln -sfn ../../../pkg tests/ts/node_modules/orgpolicy
  tools/node_modules/.bin/tsc --noEmit --strict -p tests/ts/tsconfig.json \
    && tools/node_modules/.bin/tsc --noEmit --strict -p tests/ts/tsconfig.web.json \
    && echo "tsc: tests/ts/consumer.ts and tests/ts/web.ts type-check"
}

suite "native: TypeScript declarations are the generated ones" cargo test --test typescript
suite "wasm-bindgen tests in Node" cargo test --target wasm32-unknown-unknown --test node
# chromedriver leaves Chromium's profile (org.chromium.Chromium.scoped_dir.*,
# ~33 MB each) in $TMPDIR when the runner stops it: give it a directory of
# its own, removed when this script ends.
browser_tmp=$(mktemp -d)
trap 'rm -rf "$browser_tmp"' EXIT
suite "wasm-bindgen tests in headless Chromium" env TMPDIR="$browser_tmp" cargo test --target wasm32-unknown-unknown --test browser
# The differential suites replay cases from this native example: build it once
# here, so no test spends its timeout compiling (two of them would race for it).
suite "native differential case generator (release build)" cargo build --release -q --example differential_cases
suite "node:test suites (tests/js)" node --test tests/js/*.test.mjs tests/js/*.test.cjs
suite "tsc --strict (tests/ts)" tsc_all

printf '\n[test-wasm] summary\n'
printf '  %s\n' "${results[@]}"
scripts/build.sh --sizes
exit $status
