#!/usr/bin/env bash
# Runs the demo page: installs what is missing, builds the package, then
# serves the repository root on 127.0.0.1 (the page is at /www/).
#   scripts/demo.sh              port 8080
#   PORT=9000 scripts/demo.sh    another port
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8080}"

scripts/setup.sh
scripts/build.sh

echo
echo "Demo: http://127.0.0.1:${PORT}/www/"
echo "(Ctrl-C to stop)"
exec python3 -m http.server --bind 127.0.0.1 "$PORT"
