#!/usr/bin/env bash
# Tests of orgpolicy-authz (node:test, tests/authz/): the service over the
# Envoy ext_authz protocol, reloads, metrics and the command line; JWT
# sessions (HS256, RS256/ES256 from a local JWKS); real nginx and Caddy in
# front of a recording upstream with the bypass matrix; the langsmith SDK
# through nginx; the service reading its directory from the platform
# stand-in (refreshes, a failing platform, staleness) behind nginx.
# Installs nginx, Caddy and the npm packages first when they are missing
# (scripts/setup.sh) and builds pkg/ when it is missing; set
# AUTHZ_SKIP_BUILD=1 to use pkg/ as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v nginx >/dev/null 2>&1 || ! command -v caddy >/dev/null 2>&1 \
   || [ ! -d tools/node_modules/langsmith ] || [ ! -d pkg/node_modules/jose ]; then
  scripts/setup.sh
fi
if [ "${AUTHZ_SKIP_BUILD:-}" != "1" ] && [ ! -f pkg/web/orgpolicy_bg.wasm ]; then
  scripts/build.sh
fi
# nginx and Caddy are run by the tests themselves (foreground, 127.0.0.1, temp configs).
exec node --test --test-reporter=spec --test-concurrency=1 tests/authz/
