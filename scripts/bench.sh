#!/usr/bin/env bash
# Runs the benchmarks (bench/run.mjs) and writes the results into
# BENCHMARKS.md: per-check cost against CASL, Cedar (wasm) and Casbin on the
# same scenario, cold start, package size, scale, steady memory, and the
# native core (cargo bench --bench native). Takes a few minutes; run it on a
# quiet machine (it prints the load average it saw). Timing stays out of the
# tests: nothing here fails on a slow figure.
#   scripts/bench.sh                  everything, BENCHMARKS.md updated
#   scripts/bench.sh --quick          fewer rounds and cold starts
#   scripts/bench.sh --no-write       print only
#   scripts/bench.sh --skip=native,cold,browser,scale,changes,steady,anchors
#   scripts/bench.sh --build          rebuild pkg/ first (scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '[bench] %s\n' "$*" >&2; }

write=--write
build=0
args=()
for a in "$@"; do
  case "$a" in
    --no-write) write= ;;
    --build) build=1 ;;
    *) args+=("$a") ;;
  esac
done

if [ "$build" = 1 ] || [ ! -f pkg/web/orgpolicy_bg.wasm ] || [ ! -f pkg/node/orgpolicy.js ]; then
  log "building pkg/ (scripts/build.sh)"
  scripts/build.sh >&2
fi

# The anchors (CASL, Cedar, Casbin) and the link to ../pkg, from bench/'s lockfile.
if [ ! -d bench/node_modules/@casl/ability ] || [ ! -d bench/node_modules/@cedar-policy/cedar-wasm ] \
   || [ ! -d bench/node_modules/casbin ] || [ ! -e bench/node_modules/orgpolicy ]; then
  log "installing bench dependencies"
  if [ -f bench/package-lock.json ]; then
    (cd bench && npm ci --no-audit --no-fund >&2)
  else
    (cd bench && npm install --no-audit --no-fund >&2)
  fi
fi

log "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (a load under 1.5 gives steadier figures)"
exec node bench/run.mjs ${write:+"$write"} ${args[@]+"${args[@]}"}
