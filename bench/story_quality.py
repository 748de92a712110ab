#!/usr/bin/env python3
"""Story clustering quality (B-cubed precision, recall, F1) and speed on the labelled corpus.

    python bench/story_quality.py [--n 2000] [--seed 1] [--scale 10000 100000]
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from story_corpus import generate  # noqa: E402

from generator.stories import build_stories  # noqa: E402


def bcubed(stories, truth: dict[str, str]) -> tuple[float, float, float]:
    cluster = {a.source: i for i, s in enumerate(stories) for a in s.members}
    sizes = Counter(cluster.values())
    gold_sizes = Counter(truth.values())
    pair = Counter((cluster[s], truth[s]) for s in truth)
    p = sum(pair[(cluster[s], truth[s])] / sizes[cluster[s]] for s in truth) / len(truth)
    r = sum(pair[(cluster[s], truth[s])] / gold_sizes[truth[s]] for s in truth) / len(truth)
    return p, r, 2 * p * r / (p + r)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=int, nargs="*", default=[])
    args = ap.parse_args()
    articles, truth = generate(args.n, args.seed)
    t = time.perf_counter()
    stories = build_stories(articles)
    took = time.perf_counter() - t
    p, r, f = bcubed(stories, truth)
    print(f"n={len(articles)} events={len(set(truth.values()))} stories={len(stories)} "
          f"B-cubed precision={p:.3f} recall={r:.3f} F1={f:.3f} clustering={took:.2f}s")
    for n in args.scale:
        articles, truth = generate(n, args.seed)
        t = time.perf_counter()
        stories = build_stories(articles)
        took = time.perf_counter() - t
        p, r, f = bcubed(stories, truth)
        print(f"n={n} clustering={took:.2f}s precision={p:.3f} recall={r:.3f} F1={f:.3f}")


if __name__ == "__main__":
    main()
