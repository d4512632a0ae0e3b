#!/usr/bin/env bash
# Runs every test of the project: the README's test command and what CI runs.
# Installs what is missing first (scripts/setup.sh is idempotent). Stops at
# the first failing stage.
#   FUZZ_SECONDS=20   seconds per fuzz target in the smoke run (0 skips it)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

stage() { printf '\n==> %s\n' "$*"; }

stage "set-up"
scripts/setup.sh

stage "format and lints (native, and the wasm binding layer)"
cargo fmt --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown --workspace --lib --no-default-features --features orgpolicy/engine-js --quiet -- -D warnings

stage "dependency policy (licenses, bans, sources)"
scripts/audit.sh

stage "native Rust tests: unit, scenarios, config fixtures, docs, properties, fuzz regressions, TS declarations"
cargo test --tests

stage "fuzz smoke run (every target, ${FUZZ_SECONDS:-20} s each)"
if [ "${FUZZ_SECONDS:-20}" != 0 ]; then scripts/fuzz.sh "${FUZZ_SECONDS:-20}"; fi

stage "WebAssembly: build pkg/, wasm-bindgen tests in Node and headless Chromium, node:test, tsc"
scripts/test-wasm.sh

stage "React bindings and the packed package under users' tools (Vite, webpack, esbuild, tsc, Miniflare, edge-runtime, attw, publint)"
FRONTEND_SKIP_BUILD=1 scripts/test-frontend.sh

stage "route table and request canonicalization (generated from openapi.json, property test)"
scripts/test-routes.sh

stage "connector: API documents to directory, fetch and sync against the platform stand-in"
scripts/test-connector.sh

stage "end to end: demo page in Chromium (Playwright), gateway over HTTP"
E2E_SKIP_BUILD=1 scripts/test-e2e.sh

stage "authorization service: Envoy ext_authz, JWT sessions, real nginx and Caddy (bypass matrix), the langsmith SDK"
scripts/test-authz.sh
