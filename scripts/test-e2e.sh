#!/usr/bin/env bash
# End-to-end tests (node:test): the example gateway over HTTP and the
# middleware (tests/e2e/gateway.test.mjs, middleware-types.test.mjs), and
# the demo page in headless Chromium (tests/e2e/demo.test.mjs, which also
# writes docs/demo.png). Builds the package first when pkg/ is missing or
# older than the sources; set E2E_SKIP_BUILD=1 to use pkg/ as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

needs_build() {
  [ -f pkg/web/orgpolicy_bg.wasm ] && [ -f pkg/node/orgpolicy.js ] || return 0
  [ -f pkg/config/web/orgpolicy_config_bg.wasm ] || return 0
  [ -n "$(find src crates Cargo.toml Cargo.lock -newer pkg/config/web/orgpolicy_config_bg.wasm -print -quit 2>/dev/null)" ]
}

if [ "${E2E_SKIP_BUILD:-}" != "1" ]; then
  if [ ! -d tools/node_modules/playwright-core ] || ! command -v chromium >/dev/null 2>&1; then
    scripts/setup.sh
  fi
  if needs_build; then
    scripts/build.sh
  fi
fi

exec node --test --test-reporter=spec tests/e2e/
