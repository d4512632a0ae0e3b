#!/usr/bin/env bash
# React bindings and the package as users' tools take it, on the packed
# tarball (tests/toolchains): orgpolicy/react in a Vite app in headless
# Chromium and under SSR; Node CJS and ESM; tsc --strict (bundler, nodenext);
# webpack and the README's esbuild recipe in Chromium; Miniflare and
# edge-runtime with the edge recipe; @arethetypeswrong/cli and publint.
# Builds pkg/ first (FRONTEND_SKIP_BUILD=1 uses it as it is).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

if [ ! -d tests/toolchains/node_modules/vite ] || [ ! -x tools/node_modules/.bin/wasm-opt ] || ! command -v chromium >/dev/null 2>&1; then
  scripts/setup.sh
fi
if [ "${FRONTEND_SKIP_BUILD:-}" != "1" ] || [ ! -f pkg/web/orgpolicy_bg.wasm ]; then
  scripts/build.sh
fi
start=$(date +%s)
node --test --test-concurrency=2 tests/toolchains/*.test.mjs
echo "[test-frontend] toolchain tests took $(( $(date +%s) - start )) s"
