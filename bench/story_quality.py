#!/usr/bin/env python3
"""Story grouping quality: on real, hand-labelled articles, or on the synthetic corpus.

    python bench/story_quality.py --truth ../shared/stories-dev [--subsets 60]   # real data: builds it, reads the JSON API
    python bench/story_quality.py [--n 2000] [--seed 1] [--scale 10000 100000]   # synthetic: speed at scale

With --truth, the labelled files (truth.json's labels and ambiguous ones) are built as a
site of their own with default settings and --drafts (archived everyday-cc files are often
`published: false`), and each story's articles are read from `api/stories/*/index.json`,
as a consumer of the site would read them. Prints pairwise and B-cubed precision, recall
and F1 over the labelled files (ambiguous ones are built but not scored), and every wrong
merge and split with titles and the evidence (`build.py stories --explain`).
"""
from __future__ import annotations

import argparse
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

NOW = "2030-01-01T00:00:00Z"  # every labelled article is in the past


def bcubed(stories, truth: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of stories (objects with .members) against truth."""
    cluster = {a.source: i for i, s in enumerate(stories) for a in s.members}
    return _bcubed({s: cluster[s] for s in truth}, truth)


def _bcubed(predicted: dict[str, object], truth: dict[str, str]) -> tuple[float, float, float]:
    sizes, gold_sizes = Counter(predicted.values()), Counter(truth[f] for f in predicted)
    pair = Counter((predicted[f], truth[f]) for f in predicted)
    p = sum(pair[(predicted[f], truth[f])] / sizes[predicted[f]] for f in predicted) / len(predicted)
    r = sum(pair[(predicted[f], truth[f])] / gold_sizes[truth[f]] for f in predicted) / len(predicted)
    return p, r, 2 * p * r / (p + r)


def pairwise(predicted: dict[str, object], truth: dict[str, str]) -> tuple[float, float, float]:
    """Precision, recall and F1 over pairs of files: same story vs same event."""
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(predicted), 2):
        same, event = predicted[a] == predicted[b], truth[a] == truth[b]
        tp, fp, fn = tp + (same and event), fp + (same and not event), fn + (event and not same)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _front_matter(path: Path) -> dict:
    import frontmatter  # the build's own reader of front matter
    try:
        return dict(frontmatter.loads(path.read_text(encoding="utf-8")).metadata)
    except Exception:  # a file the build reads some other way: matched by title below, if at all
        return {}


def built_stories(content: Path, work: Path) -> dict[str, list[dict]]:
    """Build `content` with default settings; story slug → its articles as the API lists them."""
    site, config = work / "site", work / "site.toml"
    config.write_text("")  # default settings: what a new user gets
    subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--out", str(site),
                    "--config", str(config), "--drafts", "--quiet", "--now", NOW], check=True, cwd=work,
                   stdout=subprocess.DEVNULL)
    stories = {}
    for index in sorted((site / "api" / "stories").glob("*/index.json")):
        data = json.loads(index.read_text(encoding="utf-8"))
        stories[data["slug"]] = data["value"]
    return stories


def membership(files: list[Path], stories: dict[str, list[dict]]) -> dict[str, str]:
    """File name → slug of the story its article is in, matched by web URL, else by title."""
    from generator.urls import normalise_url

    by_url, by_title = defaultdict(list), defaultdict(list)
    for slug, items in stories.items():
        for item in items:
            if item.get("webUrl"):
                by_url[normalise_url(item["webUrl"])].append((slug, item))
            by_title[item.get("title", "")].append((slug, item))
    found = {}
    for f in files:
        meta = _front_matter(f)
        hits = by_url.get(normalise_url(str(meta.get("webUrl") or "")), []) or by_title.get(str(meta.get("title", "")), [])
        if len(hits) > 1:  # the same URL saved twice: tell the copies apart by date
            when = str(meta.get("publishedDateTime", ""))[:16]
            hits = [h for h in hits if h[1].get("publishedDateTime", "")[:16] == when] or hits
        if hits:
            found[f.name] = hits[0][0]
    return found


def _explain(content: Path, work: Path, slug: str) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "stories", "--content", str(content),
                           "--config", str(work / "site.toml"), "--drafts", "--now", NOW, "--explain", slug],
                          capture_output=True, text=True, cwd=work)
    return done.stdout


def _scored(truth_dir: Path, names: list[str], labels: dict[str, str], work: Path
            ) -> tuple[dict[str, list[dict]], list[Path], dict[str, object]]:
    """Build `names` (copied into work/content) and each labelled file's predicted story."""
    content = work / "content"
    shutil.rmtree(content, ignore_errors=True)
    content.mkdir(parents=True)
    for name in names:
        shutil.copy2(truth_dir / name, content / name)
    stories = built_stories(content, work)
    files = [content / n for n in names]
    story_of = membership(files, stories)
    return stories, files, {n: story_of.get(n, ("missing", n)) for n in labels if n in names}


def subsampled(truth_dir: Path, runs: int, share: float = 0.7, seed: int = 7) -> None:
    """The figures over `runs` random subsets of the files (each kept with chance `share`):
    how much they move when the week is a little different, as a held-out week is."""
    import random
    import statistics

    truth_file = json.loads((truth_dir / "truth.json").read_text(encoding="utf-8"))
    labels: dict[str, str] = truth_file["labels"]
    names = sorted(set(labels) | set(truth_file.get("ambiguous", [])))
    rng = random.Random(seed)
    rows: dict[str, list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="story-quality-") as tmp:
        for _ in range(runs):
            chosen = [n for n in names if rng.random() < share]
            _, _, predicted = _scored(truth_dir, chosen, labels, Path(tmp))
            gold = {n: labels[n] for n in predicted}
            for key, value in zip(("precision", "recall", "F1"), pairwise(predicted, gold)):
                rows[f"pairwise {key}"].append(value)
            rows["B-cubed F1"].append(_bcubed(predicted, gold)[2])
    print(f"{runs} random subsets of {truth_dir} (each file kept with chance {share}, seed {seed}):")
    for key, values in rows.items():
        values.sort()
        print(f"{key:<19} mean {statistics.mean(values):.3f}  median {statistics.median(values):.3f}  "
              f"10th percentile {values[len(values) // 10]:.3f}  min {values[0]:.3f}")


def real(truth_dir: Path, explain: bool) -> dict[str, float]:
    truth_file = json.loads((truth_dir / "truth.json").read_text(encoding="utf-8"))
    labels: dict[str, str] = truth_file["labels"]
    names = sorted(set(labels) | set(truth_file.get("ambiguous", [])))
    with tempfile.TemporaryDirectory(prefix="story-quality-") as tmp:
        work = Path(tmp)
        content = work / "content"
        started = time.perf_counter()
        stories, files, predicted = _scored(truth_dir, names, labels, work)
        took = time.perf_counter() - started
        missing = sorted(n for n, s in predicted.items() if isinstance(s, tuple))
        p, r, f = pairwise(predicted, labels)
        bp, br, bf = _bcubed(predicted, labels)
        events = Counter(labels.values())
        print(f"{truth_dir}: {len(names)} files ({len(labels)} labelled, {len(names) - len(labels)} ambiguous), "
              f"{sum(1 for e, k in events.items() if k > 1)} events of 2 or more; built into {len(stories)} stories "
              f"in {took:.1f} s")
        print(f"pairwise  precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
        print(f"B-cubed   precision {bp:.3f}  recall {br:.3f}  F1 {bf:.3f}")
        if missing:
            print(f"not found in any story (scored as alone): {', '.join(missing)}")
        title = {f.name: str(_front_matter(f).get("title", f.name)) for f in files}
        members: dict[object, list[str]] = defaultdict(list)
        for n, s in predicted.items():
            members[s].append(n)
        merges = [(s, ns) for s, ns in members.items() if len({labels[n] for n in ns}) > 1]
        splits = [(e, sorted({predicted[n] for n in labels if labels[n] == e}, key=str)) for e in sorted(events)]
        splits = [(e, ss) for e, ss in splits if len(ss) > 1]
        for s, ns in sorted(merges, key=lambda x: -len(x[1])):
            print(f"\nWRONG MERGE in story {s}:")
            for n in sorted(ns, key=lambda n: labels[n]):
                print(f"  [{labels[n][:40]}] {title[n]}")
            if explain:
                print("  " + _explain(content, work, str(s)).replace("\n", "\n  ").rstrip())
        for e, ss in splits:
            print(f"\nSPLIT of event {e} into {len(ss)} stories:")
            for s in ss:
                print(f"  {s}: " + " | ".join(title[n] for n in labels if labels[n] == e and predicted[n] == s))
        return {"precision": p, "recall": r, "f1": f, "bcubed_precision": bp, "bcubed_recall": br, "bcubed_f1": bf}


def synthetic(n: int, seed: int, scale: list[int]) -> None:
    from story_corpus import generate

    from generator.stories import build_stories

    for size in [n, *scale]:
        articles, truth = generate(size, seed)
        started = time.perf_counter()
        stories = build_stories(articles)
        took = time.perf_counter() - started
        p, r, f = bcubed(stories, truth)
        print(f"n={size} events={len(set(truth.values()))} stories={len(stories)} "
              f"B-cubed precision={p:.3f} recall={r:.3f} F1={f:.3f} clustering={took:.2f}s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--truth", type=Path, default=None, help="a folder of articles with truth.json (real data)")
    ap.add_argument("--no-explain", action="store_true", help="with --truth: list errors without their evidence")
    ap.add_argument("--subsets", type=int, default=0, metavar="N",
                    help="with --truth: also the figures' spread over N random subsets (70%% of the files each)")
    ap.add_argument("--json", type=Path, default=None, help="with --truth: also write the figures here")
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=int, nargs="*", default=[])
    args = ap.parse_args()
    if args.truth is not None:
        figures = real(args.truth, not args.no_explain)
        if args.subsets:
            subsampled(args.truth, args.subsets)
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2) + "\n")
    else:
        synthetic(args.n, args.seed, args.scale)


if __name__ == "__main__":
    main()
