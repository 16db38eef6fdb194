#!/usr/bin/env bash
# Runs the store's SIGKILL crash test with 100 trials (CI runs 20) and prints the per-trial lines and the summary.
# Usage: scripts/store/crash-trials.sh [TRIALS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/../.."
trials="${1:-100}"
seed="${2:-2026}"
CLAIMDESK_CRASH_TRIALS="$trials" CLAIMDESK_CRASH_SEED="$seed" \
  cargo test --release -p claimdesk-store --test crash -- sigkill_at_random_moments --nocapture 2>&1 \
  | grep -E '^(trial|crash trials|test result)'
