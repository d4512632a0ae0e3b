#!/usr/bin/env bash
# Load benchmark of orgpolicy-authz behind real nginx (a benchmark, not a
# test): requests/s and p50/p99 of nginx alone vs nginx + auth_request to 1
# and 2 orgpolicy-authz instances, with directory reloads every second,
# counting failed and wrongly decided requests. See scripts/bench-authz.mjs.
#   BENCH_SECONDS=10 BENCH_CONNECTIONS=32 scripts/bench-authz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v nginx >/dev/null 2>&1 || [ ! -d tools/node_modules/autocannon ] || [ ! -d pkg/node_modules/jose ]; then
  scripts/setup.sh
fi
[ -f pkg/web/orgpolicy_bg.wasm ] || scripts/build.sh
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run; node $(node --version), $(nginx -v 2>&1)"
exec node scripts/bench-authz.mjs
