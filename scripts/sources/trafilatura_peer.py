"""Runs trafilatura over the article-extraction benchmark pages; writes {page: {articleBody}} and prints timing.

Usage: python trafilatura_peer.py BENCH_DIR OUT.json
"""
import gzip
import json
import sys
import time
from pathlib import Path

import trafilatura


def main() -> None:
    bench, out = Path(sys.argv[1]), Path(sys.argv[2])
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)
    pages = [gzip.decompress((bench / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8") for k in keys]
    result = {}
    started = time.perf_counter()
    for key, html in zip(keys, pages):
        text = trafilatura.extract(html, include_comments=False) or ""
        result[key] = {"articleBody": text}
    seconds = time.perf_counter() - started
    out.write_text(json.dumps(result), encoding="utf-8")
    print(json.dumps({"tool": "trafilatura " + trafilatura.__version__, "pages": len(keys), "seconds": seconds}))


if __name__ == "__main__":
    main()
