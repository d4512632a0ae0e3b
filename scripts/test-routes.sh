#!/usr/bin/env bash
# The platform's route table and request canonicalization (node:test,
# tests/routes/): the checked-in table regenerated from the platform's
# openapi.json and diffed, all 581 operations accounted for, the SDK's calls
# matched (and the real langsmith SDK's requests, recorded), one test per canonicalization rule, and a property test of
# canonicalization + matching + the engine on generated requests
# (ROUTES_SEED / ROUTES_CASES vary it). Builds pkg/ first when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f tools/node_modules/langsmith/package.json ]; then
  scripts/setup.sh # the platform's SDK (tests/routes/sdk.test.mjs)
fi
if [ ! -f pkg/web/orgpolicy_bg.wasm ]; then
  scripts/build.sh
fi
node scripts/gen-routes.mjs --check
exec node --test --test-reporter=spec tests/routes/
