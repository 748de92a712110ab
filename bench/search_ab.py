#!/usr/bin/env python3
"""Two checkouts of the generator, default settings (search on), taking turns run by run:
cold build, one-article edit as a separate build, 20 new articles (an hourly arrival).

    python bench/search_ab.py OLD_DIR NEW_DIR [--size 10000] [--runs 3] [--jobs 2]

OLD_DIR and NEW_DIR are checkouts (say `git archive REV | tar -x -C DIR`), run with this
checkout's virtualenv. Each keeps its own output folder and cache on bench/run.py's corpus.
The VM's speed moves with its neighbours, so the versions alternate and the load average
is printed with each row; cold builds go into new folders, nothing deleted until the end
(see run.py's set_aside). Prints a Markdown table of medians.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import run  # bench/run.py: site_for, timed, victim_for, set_aside, WORK
from hourly import NOW, arrive


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    site = run.site_for(args.size)
    news = site / "content" / "_news"
    sources = sorted(news.iterdir())
    victim = run.victim_for(site)
    original = victim.read_text()
    trees = {"old": args.old.resolve(), "new": args.new.resolve()}

    def build(name: str) -> list[str]:
        config = site / f"ab-{name}.toml"
        config.write_text(f'title = "Bench"\nbase_url = "https://example.org/"\n[paths]\ncache = ".cache-ab-{name}"\n')
        return [sys.executable, str(trees[name] / "build.py"), "build", "--content", str(site / "content"),
                "--out", str(site / f"_site-ab-{name}"), "--config", str(config), "--now", NOW, "--quiet",
                "--jobs", str(args.jobs), "--report", str(site / f"ab-{name}.json")]

    def measure(name: str) -> tuple[float, int, float]:
        seconds, rss, *_ = run.timed(build(name))
        report = json.loads((site / f"ab-{name}.json").read_text())
        return seconds, rss, report["timings"].get("search", 0.0)

    rows: dict[tuple[str, str], list[tuple[float, int, float]]] = {}
    loads = [os.getloadavg()]
    for r in range(args.runs):
        for name in trees:
            run.set_aside(site / f"_site-ab-{name}", site / f".cache-ab-{name}")
            rows.setdefault(("cold", name), []).append(measure(name))
        loads.append(os.getloadavg())
    time.sleep(2.1)
    for r in range(args.runs):
        victim.write_text(original.replace("title: ", f"title: Edited {r} ", 1))
        time.sleep(2.1)  # past the racy-mtime window
        for name in trees:
            rows.setdefault(("edit", name), []).append(measure(name))
        victim.write_text(original)
        time.sleep(2.1)
        for name in trees:
            run.timed(build(name))  # back to the corpus as it was
        made = arrive(news, sources, r, 20)
        time.sleep(2.1)
        try:
            for name in trees:
                rows.setdefault(("hourly", name), []).append(measure(name))
        finally:
            for path in made:
                path.unlink()
        time.sleep(2.1)
        for name in trees:
            run.timed(build(name))  # back to the corpus as it was
        loads.append(os.getloadavg())
    print("| measure | version | wall (s) | of which search (s) | peak RSS (MB) | runs |")
    print("| --- | --- | --- | --- | --- | --- |")
    for (what, name), got in rows.items():
        print(f"| {what} | {name} | {statistics.median(g[0] for g in got):.2f} | "
              f"{statistics.median(g[2] for g in got):.2f} | {max(g[1] for g in got) / 1024:.0f} | "
              + ", ".join(f"{g[0]:.2f}" for g in got) + " |")
    print("\nLoad average (1, 5, 15 min) after each round: "
          + "; ".join(", ".join(f"{x:.2f}" for x in load) for load in loads))


if __name__ == "__main__":
    main()
