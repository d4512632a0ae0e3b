#!/usr/bin/env bash
# Runs every test of the project: the README's test command and what CI runs.
# Installs what is missing first (scripts/setup.sh is idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

stage() { printf '\n==> %s\n' "$*"; }

stage "set-up"
scripts/setup.sh

stage "format and lints"
cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings

stage "native Rust tests (unit, scenarios, config fixtures, docs)"
cargo test --tests
