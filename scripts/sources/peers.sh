#!/usr/bin/env bash
# Side-by-side main-text extraction on the 181-page article-extraction benchmark: Claimdesk (claimdesk-sources),
# trafilatura (PyPI) and @mozilla/readability + jsdom (npm), in one script on the same machine, then one scorer
# (the benchmark's metric) over all three outputs. Peers are installed under /tmp, never into the repository.
#
#   bash scripts/sources/peers.sh            # all 181 pages
#   SPLIT=test bash scripts/sources/peers.sh # only the held-out half (file names 8-f)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH=${BENCH:-$ROOT/../shared/data/extraction/article-extraction-benchmark}
SPLIT=${SPLIT:-all}
WORK=${WORK:-/tmp/claimdesk-peers}
VENV=/tmp/claimdesk-peers-venv
NPMDIR=/tmp/claimdesk-peers-npm
mkdir -p "$WORK"

if ! "$VENV/bin/python" -c "import trafilatura" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q trafilatura==2.3.1 lxml_html_clean
fi
if [ ! -d "$NPMDIR/node_modules/jsdom" ]; then
  mkdir -p "$NPMDIR"
  (cd "$NPMDIR" && npm init -y >/dev/null && npm install --no-audit --no-fund @mozilla/readability@0.6.0 jsdom@26.1.0 >/dev/null)
fi
(cd "$ROOT" && cargo build --release -q -p claimdesk-sources --example eval_extraction)

secs() { grep '"seconds"' | tail -1 | sed 's/.*"seconds": *\([0-9.e-]*\).*/\1/'; }

echo "== claimdesk"
CD_SECS=$(cd "$ROOT" && cargo run --release -q -p claimdesk-sources --example eval_extraction -- --dump "$WORK/claimdesk.json" | tee /dev/stderr | secs)
echo "== trafilatura"
TF_SECS=$("$VENV/bin/python" "$ROOT/scripts/sources/trafilatura_peer.py" "$BENCH" "$WORK/trafilatura.json" | tee /dev/stderr | secs)
echo "== readability.js"
RJ_SECS=$(NODE_PATH="$NPMDIR/node_modules" node "$ROOT/scripts/sources/readability_peer.js" "$BENCH" "$WORK/readability.json" | tee /dev/stderr | secs)

python3 "$ROOT/scripts/sources/score.py" "$BENCH" --split "$SPLIT" \
  "claimdesk-sources=$WORK/claimdesk.json:$CD_SECS" \
  "trafilatura 2.3.1=$WORK/trafilatura.json:$TF_SECS" \
  "Readability.js 0.6.0 + jsdom 26.1.0=$WORK/readability.json:$RJ_SECS"
python3 - "$CD_SECS" "$TF_SECS" "$RJ_SECS" <<'EOF'
import sys
cd, tf, rj = map(float, sys.argv[1:])
print(f"speed ratio: claimdesk is {rj / cd:.1f}x Readability.js and {tf / cd:.1f}x trafilatura (pages/s ratio)")
EOF

# The 25 Readability test pages, laid out like the benchmark under /tmp (ground truth = text of expected.html),
# so the same three runs and the same scorer apply.
RP="$WORK/readability-pages"
mkdir -p "$RP/html"
python3 - "$ROOT/../shared/data/extraction/readability-pages" "$RP" <<'EOF2'
import gzip, json, sys
from html.parser import HTMLParser
from pathlib import Path

class Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []
    def handle_data(self, data):
        self.parts.append(data)

src, out = Path(sys.argv[1]), Path(sys.argv[2])
truth = {}
for site in sorted(p for p in src.iterdir() if (p / "source.html").exists()):
    t = Text()
    t.feed((site / "expected.html").read_text(encoding="utf-8"))
    truth[site.name] = {"articleBody": " ".join(t.parts), "url": "http://fakehost/test/page.html"}
    (out / "html" / f"{site.name}.html.gz").write_bytes(gzip.compress((site / "source.html").read_bytes()))
(out / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
EOF2
echo "== readability-pages (25)"
CD2=$(cd "$ROOT" && cargo run --release -q -p claimdesk-sources --example eval_extraction -- --bench "$RP" --dump "$WORK/rp-claimdesk.json" | secs)
TF2=$("$VENV/bin/python" "$ROOT/scripts/sources/trafilatura_peer.py" "$RP" "$WORK/rp-trafilatura.json" | secs)
RJ2=$(NODE_PATH="$NPMDIR/node_modules" node "$ROOT/scripts/sources/readability_peer.js" "$RP" "$WORK/rp-readability.json" | secs)
python3 "$ROOT/scripts/sources/score.py" "$RP" \
  "claimdesk-sources=$WORK/rp-claimdesk.json:$CD2" \
  "trafilatura 2.3.1=$WORK/rp-trafilatura.json:$TF2" \
  "Readability.js 0.6.0 + jsdom 26.1.0=$WORK/rp-readability.json:$RJ2"
