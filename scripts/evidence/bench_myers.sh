#!/usr/bin/env bash
# Side-by-side benchmark: claimdesk-evidence's Myers search vs approx-string-match (npm), same input.
# Installs the npm peer into a temporary directory (never into the repository). The two are run in
# alternation, ROUNDS times, because these shared 2-core machines are noisy; each round prints both
# medians and the ratio, and the script fails if the matches ever differ.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${TMPDIR:-/tmp}/claimdesk-evidence-bench"
rounds="${ROUNDS:-5}"
mkdir -p "$work/peer"
if [ ! -d "$work/peer/node_modules/approx-string-match" ]; then
  (cd "$work/peer" && npm init -y >/dev/null && npm install --no-audit --no-fund approx-string-match@2.0.0 >/dev/null)
fi
cp "$here/myers_peer.mjs" "$work/peer/myers_peer.mjs"
(cd "$root" && cargo build --release -q -p claimdesk-evidence --example evidence_bench)
bench="$root/target/release/examples/evidence_bench"
(cd "$root" && "$bench" --out "$work/data")
for i in $(seq 1 "$rounds"); do
  echo "--- round $i"
  (cd "$root" && "$bench" --out "$work/data" --myers-only >/dev/null)
  node "$work/peer/myers_peer.mjs" "$work/data"
done
