#!/usr/bin/env bash
# Dependency audit that works offline from GitHub (see SECURITY.md):
#   cargo deny check licenses bans sources   (policy: deny.toml)
# Checked: the license of every crate in the graph against deny.toml's
# allow-list, banned and duplicate crates, wildcard versions, and that every
# crate comes from crates.io. NOT checked here: RustSec advisories
# (vulnerable, unmaintained or yanked crates); cargo-deny and cargo-audit
# fetch that database from GitHub, which these machines cannot reach. With
# AUDIT_ADVISORIES=1 the script tries it anyway (for a networked machine).
#
#   scripts/audit.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '[audit] %s\n' "$*"; }

# cargo-deny from crates.io, once (a new machine has none).
if ! cargo deny --version >/dev/null 2>&1; then
  log "installing cargo-deny"
  cargo install cargo-deny --locked
fi
log "$(cargo deny --version)"

# The graph of the native and the wasm build (deny.toml lists both targets),
# as the committed Cargo.lock pins it.
cargo deny --locked check --hide-inclusion-graph licenses bans sources
log "licenses, bans and sources: ok"

if [ "${AUDIT_ADVISORIES:-0}" = 1 ]; then
  cargo deny --locked check advisories
  log "advisories: ok"
else
  log "advisories: NOT checked (the RustSec database is fetched from GitHub, unreachable here; AUDIT_ADVISORIES=1 to try)"
fi
