#!/usr/bin/env bash
# Idempotent set-up: installs what building and testing orgpolicy needs on a
# fresh Debian machine with rustup, Node and npm. Checks versions first, so a
# second run takes about a second.
#   scripts/setup.sh            everything (Rust wasm tools, Chromium, npm tools)
#   scripts/setup.sh --native   only what the native Rust tests need
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

export PATH="$HOME/.cargo/bin:$PATH"
have cargo || { echo "cargo not found: install Rust with rustup first" >&2; exit 1; }

if [ "${1:-}" = "--native" ]; then exit 0; fi

# wasm target
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen CLI: must equal the wasm-bindgen version in Cargo.lock
[ -f Cargo.lock ] || cargo generate-lockfile
wb_version=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if ! have wasm-bindgen || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$wb_version" ]; then
  log "installing wasm-bindgen-cli $wb_version"
  # --locked fails for some releases (a pinned transitive crate is missing from the registry)
  cargo install wasm-bindgen-cli --version "$wb_version" --force
fi

# wasm-pack (used for `wasm-pack test`; it picks up the wasm-bindgen on PATH)
if ! have wasm-pack; then
  log "installing wasm-pack"
  cargo install wasm-pack --locked
fi

# Chromium + ChromeDriver from Debian (browser wasm tests, Playwright)
if ! have chromium || ! have chromedriver; then
  log "installing chromium and chromium-driver"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver
fi

# npm tools: binaryen (wasm-opt), typescript, playwright-core, langsmith (the platform SDK, for tests); pinned in tools/package.json
if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ tools/package.json -nt tools/node_modules/.stamp ]; then
  log "installing npm tools (binaryen, typescript, playwright-core, langsmith)"
  (cd tools && npm install --no-audit --no-fund --loglevel=error && touch node_modules/.stamp)
fi
# The tools users build with, for the React and packaging tests (react,
# vite, webpack, esbuild, miniflare, edge-runtime, attw, publint, ...):
# pinned in tests/toolchains/package.json and its lockfile
if [ ! -d tests/toolchains/node_modules/vite ] || [ tests/toolchains/package-lock.json -nt tests/toolchains/node_modules/.stamp ]; then
  log "installing the toolchain test tools into tests/toolchains"
  (cd tests/toolchains && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.stamp)
fi
# orgpolicy-authz: its runtime dependencies (pkg/package.json "dependencies":
# jose, pino, prom-client) beside the package, and nginx and Caddy from Debian
# for its tests and benchmark (run unprivileged in the foreground, never as services)
if [ ! -d pkg/node_modules/jose ] || [ pkg/package.json -nt pkg/node_modules/.stamp ]; then
  log "installing orgpolicy-authz dependencies into pkg/node_modules"
  (cd pkg && npm install --omit=dev --no-package-lock --no-audit --no-fund --loglevel=error && touch node_modules/.stamp)
fi
if ! have nginx || ! have caddy || ! nginx -V 2>&1 | grep -q http_auth_request_module; then
  log "installing nginx and caddy"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx caddy
fi
log "ready"
