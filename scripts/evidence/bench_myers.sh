#!/usr/bin/env bash
# Side-by-side benchmark: claimdesk-evidence's Myers search vs approx-string-match (npm), same input.
# Installs the npm peer into a temporary directory (never into the repository).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${TMPDIR:-/tmp}/claimdesk-evidence-bench"
mkdir -p "$work/peer"
if [ ! -d "$work/peer/node_modules/approx-string-match" ]; then
  (cd "$work/peer" && npm init -y >/dev/null && npm install --no-audit --no-fund approx-string-match@2.0.0 >/dev/null)
fi
cp "$here/myers_peer.mjs" "$work/peer/myers_peer.mjs"
(cd "$root" && cargo run --release -q -p claimdesk-evidence --example bench -- --out "$work/data")
node "$work/peer/myers_peer.mjs" "$work/data"
