#!/usr/bin/env python3
"""The hourly cycle of a digest site: new articles arrive, the site is built and deployed.

    python bench/hourly.py [--size 10000] [--rounds 3] [--arrivals 20] [--search] [--jobs N]

On the benchmark corpus (bench/corpus.py, as bench/run.py makes it), in a folder of its own
under $BENCH_DIR: a first build and deploy, then each round adds `--arrivals` articles dated
just after all others, in the newest article's month (run.arrive), and times, as whole
processes, the build, `deploy --to gh-pages` (into a local repository) and `deploy --to DIR`.
Prints a Markdown table of medians. `--search` turns Pagefind on (it re-indexes the shard of
the month the new articles fall in; its share is shown).
The added articles and its own folder are removed at the end, so bench/run.py's corpus stays as
it was and repeated runs do not fill the disk (8 GB a run at 100,000 articles).
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import run  # bench/run.py: site_for, timed, cpu_check, WORK

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-01-01T00:00:00Z"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--arrivals", type=int, default=20)
    ap.add_argument("--search", action="store_true")
    ap.add_argument("--jobs", type=int, default=None, help="default: the build's own")
    args = ap.parse_args()
    site = run.site_for(args.size)
    news = site / "content" / "_news"
    work = run.WORK / f"hourly-{args.size}-{time.time_ns()}"
    work.mkdir(parents=True)
    config = work / "site.toml"
    config.write_text(f'title = "Bench"\nbase_url = "https://example.org/"\nsearch = {str(args.search).lower()}\n'
                      f'[paths]\ntemplates = "{site / "templates"}"\ncache = "{work / ".cache"}"\n')
    out, repo, folder, report = work / "_site", work / "repo", work / "public", work / "report.json"
    py = sys.executable
    build = [py, str(ROOT / "build.py"), "build", "--content", str(site / "content"), "--out", str(out),
             "--config", str(config), "--now", NOW, "--quiet", "--report", str(report),
             *(("--jobs", str(args.jobs)) if args.jobs else ())]
    branch = [py, str(ROOT / "build.py"), "deploy", "--to", "gh-pages", "--out", str(out), "--message", "hourly"]
    to_dir = [py, str(ROOT / "build.py"), "deploy", "--to", str(folder), "--out", str(out)]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    for key, value in (("user.name", "bench"), ("user.email", "bench@example.org")):
        subprocess.run(["git", "config", key, value], cwd=repo, check=True)
    before = run.cpu_check()
    first = [run.timed(build)[0], run.timed(branch, cwd=repo)[0], run.timed(to_dir)[0]]
    rows: dict[str, list[float]] = {k: [] for k in ("build", "search", "files", "rendered", "branch", "folder")}
    added: list[Path] = []
    stages: list[dict[str, float]] = []  # each round's seconds by build stage
    try:
        for r in range(args.rounds):
            added += run.arrive(news, r, args.arrivals)
            time.sleep(2.1)  # past the racy-mtime window, as an hour later would be
            rows["build"].append(run.timed(build)[0])
            counts = json.loads(report.read_text())
            rows["search"].append(counts["timings"].get("search", 0.0))
            stages.append(counts["timings"])
            rows["files"].append(counts["counts"]["files_written"] + counts["counts"]["files_removed"])
            rows["rendered"].append(counts["counts"]["pages_rendered"])
            rows["branch"].append(run.timed(branch, cwd=repo)[0])
            rows["folder"].append(run.timed(to_dir)[0])
    finally:
        for path in added:
            path.unlink()
        shutil.rmtree(work)  # a site, its cache, a repository and a copy: 8 GB at 100,000 articles
    med = {k: statistics.median(v) for k, v in rows.items()}
    print("| articles | search | first build + deploys (s) | build (s) | of which Pagefind (s) | pages rendered "
          "| files changed | deploy --to gh-pages (s) | deploy --to DIR (s) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print(f"| {args.size:,} + {args.arrivals} | {'on' if args.search else 'off'} | "
          f"{first[0]:.1f} + {first[1]:.1f} + {first[2]:.1f} | {med['build']:.2f} | {med['search']:.2f} | "
          f"{med['rendered']:.0f} | {med['files']:.0f} | {med['branch']:.2f} | {med['folder']:.2f} |")
    print("\nStages (s, medians): " + ", ".join(f"{k} {statistics.median(t.get(k, 0.0) for t in stages):.2f}"
                                              for k in stages[0]))
    print(f"\nMedians of {args.rounds} rounds; CPU check {before:.2f} s before, {run.cpu_check():.2f} s after")
    print("Each round: " + "; ".join(f"{b:.2f} s, {r:.0f} pages rendered, {f:.0f} files changed"
                                     for b, r, f in zip(rows["build"], rows["rendered"], rows["files"])))


if __name__ == "__main__":
    main()
