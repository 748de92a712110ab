#!/usr/bin/env python3
"""Two versions of the generator, measured in turns: one-article edits under `build --watch`
and, with --cold, cold builds, no-op builds and a one-article edit as a separate build
process, at one corpus size.

    python bench/ab.py OLD NEW [--size 10000] [--rounds 2] [--edits 6] [--cold] [--search] [--jobs 2]

OLD and NEW are git revisions; each is checked out into a worktree under $BENCH_DIR/ab.
This VM's speed moves by up to 2x within the hour, and its disk makes files slowly for a
minute after many were deleted (see run.py's set_aside), so a version compared with figures
taken at another time says little: here the two take turns, round after round, and cold
builds go into new folders, nothing deleted until the end.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import time
from pathlib import Path

import run  # bench/run.py: site_for, watched_edits, cpu_check, WORK

ROOT = Path(__file__).resolve().parents[1]


def worktree(rev: str) -> Path:
    """A checkout of `rev`, using this checkout's virtualenv (the dependencies are the same)."""
    sha = subprocess.run(["git", "rev-parse", rev], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    tree = run.WORK / "ab" / sha[:12]
    if not tree.exists():
        subprocess.run(["git", "worktree", "add", "--detach", "-f", str(tree), sha], cwd=ROOT, check=True,
                       capture_output=True)
        (tree / ".venv").symlink_to(ROOT / ".venv")
    return tree


def command(tree: Path, site: Path, out: Path, config: Path, jobs: int) -> list[str]:
    return [str(tree / ".venv" / "bin" / "python"), str(tree / "build.py"), "build", "--content", str(site / "content"),
            "--out", str(out), "--config", str(config), "--now", "2026-01-01T00:00:00Z", "--quiet", "--jobs", str(jobs)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--edits", type=int, default=6)
    ap.add_argument("--cold", action="store_true", help="also time cold builds (no cache, new output folder)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--search", action="store_true", help="search on, as by default (the bench site turns it off)")
    args = ap.parse_args()
    site = run.site_for(args.size)
    victim = run.victim_for(site)
    original = victim.read_text()
    trees = {rev: worktree(rev) for rev in (args.old, args.new)}
    scratch = run.WORK / "ab" / f"runs-{time.time_ns()}"
    edits: dict[str, list[float]] = {rev: [] for rev in trees}
    colds: dict[str, list[tuple[float, float, float]]] = {rev: [] for rev in trees}
    noops: dict[str, list[float]] = {rev: [] for rev in trees}
    builds: dict[str, list[float]] = {rev: [] for rev in trees}
    print(f"CPU check {run.cpu_check():.2f} s", flush=True)
    for n in range(args.rounds):
        for rev, tree in trees.items():
            work = scratch / f"{rev}-{n}"
            work.mkdir(parents=True)
            config = work / "site.toml"  # its own cache (a cold build; no version reads another's) and each
            # version's own templates (the bench site's override is run.py's, for its template edits)
            settings = (site / "site.toml").read_text().replace("search = false", "search = true" if args.search else "search = false")
            config.write_text(settings + f'\n[paths]\ncache = "{work / "cache"}"\n')
            build = command(tree, site, work / "out", config, args.jobs)
            time.sleep(2.1)  # site.toml is an input: younger than two seconds, no build could trust it unchanged
            if args.cold:
                os.sync()  # the last build's pages written out first: else writeback throttles this one's writes
                wall, _, _, user, system = run.timed(build)
                colds[rev].append((wall, user, system))
                noop = run.timed(build)[0]
                victim.write_text(original.replace("title: ", f"title: Edited {n} ", 1))
                try:
                    edit = run.timed(build)[0]
                finally:
                    victim.write_text(original)
                noops[rev].append(noop)
                builds[rev].append(edit)
                print(f"{rev} round {n}: cold {wall:.2f} s ({user:.1f} + {system:.1f} s CPU), no-op {noop:.2f} s, "
                      f"edit as a separate build {edit:.2f} s", flush=True)
            seconds, _ = run.watched_edits([*build, "--watch"], victim, original, args.edits)
            edits[rev] += seconds
            print(f"{rev} round {n}: edits {' '.join(f'{s:.3f}' for s in seconds)}", flush=True)
    for rev in trees:
        line = f"{rev}: one-article edit under --watch, median of {len(edits[rev])}: {statistics.median(edits[rev]):.3f} s"
        if colds[rev]:
            line += "; cold " + ", ".join(f"{w:.2f} s ({u:.1f} + {s:.1f})" for w, u, s in colds[rev])
            line += f"; no-op median {statistics.median(noops[rev]):.3f} s"
            line += f"; edit as a separate build median {statistics.median(builds[rev]):.2f} s"
        print(line)
    print(f"CPU check {run.cpu_check():.2f} s")
    shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
