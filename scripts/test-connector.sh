#!/usr/bin/env bash
# The connector (the directory read from a deployment's API): the mapping's
# native tests, then orgpolicy/langsmith against the platform stand-in over
# HTTP on 127.0.0.1 (pagination, retries, timeouts, invalid answers,
# deployment changes, staleness), every stand-in answer checked against the
# platform's schemas with ajv. Builds pkg/ first when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '[connector] %s\n' "$*"; }

log "mapping: cargo test --lib connector"
cargo test --quiet --lib connector

if [ ! -x tools/node_modules/.bin/tsc ] || [ ! -d tools/node_modules/ajv ]; then
  (cd tools && npm install --no-audit --no-fund --loglevel=error)
fi
log "orgpolicy/langsmith against the stand-in: node --test tests/connector/"
node --test tests/connector/
