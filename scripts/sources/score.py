"""Scores extraction outputs against the benchmark ground truth with the benchmark's metric.

Metric (../shared/data/README.md, the benchmark's evaluate.py): tokens are `\\w+` runs, grouped into 4-word
shingles; per page, TP/FP/FN come from the multiset overlap of shingles, normalised to sum 1; precision is averaged
over pages with TP+FP > 0, recall over pages with TP+FN > 0; F1 comes from the two means.

Usage: python score.py BENCH_DIR [--split all|dev|test] NAME=OUT.json[:SECONDS] ...
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter:
    tokens = TOKEN.findall(text or "")
    grams = [tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))]
    return Counter(g for g in grams if g)


def counts(true: str, pred: str):
    t, p = shingles(true), shingles(pred)
    tp = sum(min(t[k], p[k]) for k in t.keys() | p.keys())
    fp = sum(max(0, p[k] - t[k]) for k in t.keys() | p.keys())
    fn = sum(max(0, t[k] - p[k]) for k in t.keys() | p.keys())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def precision(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def score(truth, pred, keys):
    c = [counts(truth[k].get("articleBody", ""), pred.get(k, {}).get("articleBody", "")) for k in keys]
    ps = [precision(*x) for x in c if x[0] + x[1] > 0]
    rs = [recall(*x) for x in c if x[0] + x[2] > 0]
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    return p, r, 2 * p * r / (p + r)


def main() -> None:
    bench = Path(sys.argv[1])
    args = sys.argv[2:]
    split = "all"
    if args and args[0] == "--split":
        split, args = args[1], args[2:]
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)
    if split != "all":
        dev = [k for k in keys if k[0] in "01234567"]
        keys = dev if split == "dev" else [k for k in keys if k not in set(dev)]
    print(f"| extractor | pages ({split}) | precision | recall | F1 | pages/s |")
    print("|---|---|---|---|---|---|")
    for spec in args:
        name, rest = spec.split("=", 1)
        path, _, seconds = rest.partition(":")
        pred = json.loads(Path(path).read_text(encoding="utf-8"))
        p, r, f1 = score(truth, pred, keys)
        speed = f"{len(truth) / float(seconds):.1f}" if seconds else "-"
        print(f"| {name} | {len(keys)} | {p:.3f} | {r:.3f} | {f1:.3f} | {speed} |")


if __name__ == "__main__":
    main()
