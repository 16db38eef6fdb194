#!/usr/bin/env python3
"""Sentence segmentation speed: claimdesk-text next to pySBD, syntok and blingfire, on the same corpus, in one script.

Usage (from the repository root):  python3 scripts/text/bench_segmenters.py [--peer-mb 1.0]

* Builds the 5 MB ClaimBuster corpus with the Rust bench example (which also times claimdesk on all 5 MB).
* Installs pySBD, syntok and blingfire (with numpy, which it imports) from PyPI into a venv under /tmp (re-used on
  later runs).
* Times blingfire's `text_to_sentences` on all 5 MB as one text, best of 3, and prints claimdesk's segmentation and
  segmentation + scoring (`analyze`) throughput against it: issue #17's goal is analyze >= 2x blingfire.
* Times pySBD and syntok on the first --peer-mb megabytes of that corpus, paragraph by paragraph (pySBD on 5 MB
  as one text does not finish in reasonable time), and claimdesk on exactly the same slice in the same way, so
  the ratios compare like with like. All timings are single-threaded.
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
VENV = "/tmp/claimdesk-text-bench-venv"
CORPUS = "/tmp/claimdesk-text-bench-corpus.txt"
GOLDEN_SCRIPT = r'''
import json, sys
which, path = sys.argv[1], sys.argv[2]
cases = json.load(open(path, encoding="utf-8"))
if which == "pysbd":
    import pysbd
    seg = pysbd.Segmenter(language="en", clean=False)
    run = lambda t: seg.segment(t)
else:
    from syntok import segmenter
    run = lambda t: ["".join(tok.spacing + tok.value for tok in s) for p in segmenter.process(t) for s in p]
passed = sum(1 for c in cases if [s.strip() for s in run(c["text"])] == c["expected"])
print(json.dumps({"passed": passed, "total": len(cases)}))
'''
PEER_SCRIPT = r'''
import json, sys, time
which, path, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(path, encoding="utf-8").read()
paras = []
size = 0
for p in text.split("\n\n"):
    if size >= limit:
        break
    paras.append(p)
    size += len(p.encode("utf-8")) + 2
if which == "pysbd":
    import pysbd
    seg = pysbd.Segmenter(language="en", clean=False)
    run = lambda p: len(seg.segment(p))
else:
    from syntok import segmenter
    run = lambda p: sum(1 for para in segmenter.process(p) for _ in para)
best = None
for _ in range(2):
    t = time.perf_counter()
    n = sum(run(p) for p in paras)
    dt = time.perf_counter() - t
    best = dt if best is None else min(best, dt)
print(json.dumps({"bytes": size, "seconds": best, "sentences": n}))
'''
BLINGFIRE_SCRIPT = r'''
import json, sys, time
import blingfire
text = open(sys.argv[1], encoding="utf-8").read()
best = None
for _ in range(3):
    t = time.perf_counter()
    out = blingfire.text_to_sentences(text)
    dt = time.perf_counter() - t
    best = dt if best is None else min(best, dt)
print(json.dumps({"bytes": len(text.encode("utf-8")), "seconds": best, "sentences": out.count("\n") + 1}))
'''


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw).stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--peer-mb", type=float, default=1.0)
    args = ap.parse_args()
    limit = int(args.peer_mb * 1_000_000)

    print("building and running the Rust bench (5 MB corpus)...", file=sys.stderr)
    out = sh(["cargo", "run", "--release", "-q", "-p", "claimdesk-text", "--example", "bench", "--",
              "--write-corpus", CORPUS, "--slice", str(limit)], cwd=ROOT)
    print(out.strip())

    if not os.path.exists(os.path.join(VENV, "bin", "python")):
        sh([sys.executable, "-m", "venv", VENV])
        sh([os.path.join(VENV, "bin", "pip"), "install", "-q", "pysbd==0.3.4", "syntok==1.4.4"])
    py = os.path.join(VENV, "bin", "python")
    if subprocess.run([py, "-c", "import blingfire"], capture_output=True).returncode != 0:
        sh([os.path.join(VENV, "bin", "pip"), "install", "-q", "blingfire==0.1.8", "numpy"])
    versions = sh([py, "-c", "import importlib.metadata as m; print(m.version('pysbd'), m.version('syntok'))"]).split()

    ours = None
    for line in out.splitlines():
        if line.startswith("slice:"):
            ours = json.loads(line[len("slice:"):])
    rows = []
    golden = os.path.join(ROOT, "..", "shared", "data", "segmentation", "golden_rules_en.json")
    for which, ver in zip(["pysbd", "syntok"], versions):
        r = json.loads(sh([py, "-c", PEER_SCRIPT, which, CORPUS, str(limit)]))
        g = json.loads(sh([py, "-c", GOLDEN_SCRIPT, which, golden]))
        print(f"{which} {ver}: golden rules {g['passed']}/{g['total']}")
        rows.append((f"{which} {ver}", r))
    print(f"\nparagraph by paragraph, first {ours['bytes'] / 1e6:.2f} MB of the corpus, one core:")
    print(f"{'segmenter':<22}{'MB/s':>10}{'sentences':>12}{'claimdesk is x faster':>24}")
    our_speed = ours["bytes"] / 1e6 / ours["seconds"]
    print(f"{'claimdesk-text':<22}{our_speed:>10.2f}{ours['sentences']:>12}{'':>24}")
    for name, r in rows:
        speed = r["bytes"] / 1e6 / r["seconds"]
        print(f"{name:<22}{speed:>10.2f}{r['sentences']:>12}{our_speed / speed:>24.0f}")

    bf = json.loads(sh([py, "-c", BLINGFIRE_SCRIPT, CORPUS]))
    bf_speed = bf["bytes"] / 1e6 / bf["seconds"]
    ours_full = {}
    for line in out.splitlines():
        # "segment: 5.00 MB in 0.020 s = 249.5 MB/s (…)", "analyze: … = 34.1 MB/s (…)"
        name, _, rest = line.partition(": ")
        if name in ("segment", "analyze") and "MB/s" in rest:
            ours_full[name] = float(rest.split("=")[1].split()[0])
    print(f"\nall {bf['bytes'] / 1e6:.2f} MB as one text, one core, load average {os.getloadavg()[0]:.2f}:")
    print(f"{'blingfire 0.1.8 text_to_sentences':<36}{bf_speed:>8.1f} MB/s ({bf['sentences']} sentences)")
    for name in ("segment", "analyze"):
        if name in ours_full:
            label = f"claimdesk {name}"
            print(f"{label:<36}{ours_full[name]:>8.1f} MB/s = {ours_full[name] / bf_speed:.2f}x blingfire")


if __name__ == "__main__":
    main()
