#!/usr/bin/env python3
"""Build benchmark: cold, no-op, one-article edit and one-template edit, as whole processes,
and one-article edits kept built by a long-lived `build --watch`; first with default settings
(search on: the build users run), then with `search = false`.

    python bench/run.py [--sizes 1000 10000 100000] [--runs 3] [--jobs N]

Each whole-process figure is the median of `--runs` runs of `build.py build` measured with
/usr/bin/time -v (wall seconds and peak RSS); the `--watch` figure is the median of
2 × `--runs` edits, from saving the file to the summary line of its rebuild. The cold
builds come first, each with the last output and cache moved aside, not deleted (see
`set_aside`); the trash goes at the end. Writes bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = Path(os.environ.get("BENCH_DIR", "/tmp/newsdigest-bench"))


def timed(cmd: list[str], cwd: Path = ROOT) -> tuple[float, int, str, float, float]:
    """Wall seconds, peak RSS (kB), the build's summary line, user and system CPU seconds."""
    proc = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, cwd=cwd)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}")
    wall = re.search(r"Elapsed \(wall clock\) time .*: (?:(\d+):)?(\d+):(\d+(?:\.\d+)?)", proc.stderr)
    h, m, s = wall.groups()
    seconds = int(h or 0) * 3600 + int(m) * 60 + float(s)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    summary = (proc.stdout.strip().splitlines() or [""])[-1]  # other tools (bench/compare.py) may print none
    user, system = (float(re.search(rf"{k} time \(seconds\): ([\d.]+)", proc.stderr).group(1)) for k in ("User", "System"))
    return seconds, rss, summary, user, system


def built(proc: subprocess.Popen, prefix: str = "built: ") -> None:
    """Read a `build --watch` process's output up to the summary line of its next build
    (or, with `prefix="kept built"`, up to the line that says its first builds are done)."""
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(prefix):
            return
        if line.startswith("build failed"):
            raise SystemExit(f"build --watch: {line}")
    raise SystemExit(f"build --watch exited with {proc.wait()}")


def watched_edits(watch: list[str], victim: Path, original: str, edits: int, ready: str = "kept built",
                  done: str = "built: ") -> tuple[list[float], int]:
    """Seconds from saving a one-article edit to the line `done` of a watching process (by
    default `build --watch`'s summary line for its rebuild; `ready`: the line after its first
    builds, the last of which fills its memos), and the process's peak RSS (kB)."""
    proc = subprocess.Popen(watch, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    seconds = []
    try:
        built(proc, ready)
        for i in range(edits):
            time.sleep(2.5)  # the last rebuild's housekeeping (cache save, content check) is over
            start = time.perf_counter()
            victim.write_text(original.replace("title: ", f"title: Watched {i} ", 1))
            built(proc, done)
            seconds.append(time.perf_counter() - start)
        status = Path(f"/proc/{proc.pid}/status").read_text()
        rss = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        victim.write_text(original)
    return seconds, rss


def site_for(n: int) -> Path:
    """Corpus + a site folder with a template override to edit."""
    site = WORK / f"site-{n}"
    content = site / "content"
    stamp, shape = site / "corpus.sha1", hashlib.sha1((ROOT / "bench" / "corpus.py").read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text() != shape:  # made by another version of bench/corpus.py
        subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), str(n), str(content)], check=True)
        stamp.write_text(shape)
    (site / "templates").mkdir(exist_ok=True)
    shutil.copy(ROOT / "templates" / "article.html", site / "templates" / "article.html")
    (site / "site.toml").write_text('title = "Bench"\nbase_url = "https://example.org/"\nsearch = false\n')
    (site / "default.toml").write_text('title = "Bench"\nbase_url = "https://example.org/"\n'  # search on, as by default
                                       '[paths]\ncache = ".cache-default"\n')
    time.sleep(2.1)  # let the inputs age past the racy-mtime window, as on a real site
    return site


def victim_for(site: Path) -> Path:
    """The article the edits change: the middle one whose title is unquoted YAML, so that
    `title: Edited …` stays valid (a quoted title holding ': ' would not)."""
    files = sorted((site / "content" / "_news").iterdir())
    return next(f for f in files[len(files) // 2:] if not re.search(r"^title: ['\"]", f.read_text(), re.M))


def arrive(news: Path, round_no: int, count: int) -> list[Path]:
    """`count` new articles, as an hour's news arrives: copies of older ones under new names,
    titles and links (a copy that kept its webUrl would be a duplicate, merged into the older
    page), dated minutes after the newest article, so that they fall in its month as a
    scheduled build's news falls in the current month (and its search shard)."""
    sources = sorted(f for f in news.iterdir() if not f.name.startswith("zz-hourly-"))
    newest = max(datetime.fromisoformat(m.group(1).replace("Z", "+00:00"))
                 for f in sources if f.name.startswith(sources[-1].name[:10])
                 for m in [re.search(r"^publishedDateTime: ['\"]?([^'\"\n]+)", f.read_text(), re.M)] if m)
    made = []
    for i in range(count):
        text = sources[(round_no * count + i) * 37 % len(sources)].read_text()
        text = re.sub(r"^title: (['\"]?)", lambda m: f"title: {m[1]}Hour {round_no} item {i} ", text, count=1, flags=re.M)
        text = re.sub(r"^webUrl: .*", f"webUrl: https://hourly.example.org/{round_no}/{i}", text, count=1, flags=re.M)
        stamp = (newest + timedelta(minutes=1 + round_no * count + i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        text = re.sub(r"publishedDateTime: .*", f"publishedDateTime: '{stamp}'", text, count=1)
        path = news / f"zz-hourly-{round_no:02d}-{i:03d}.md"
        path.write_text(text)
        made.append(path)
    return made


TRASH = WORK / "trash"
_freed_at = [0.0]  # when the benchmark last deleted many files (time.monotonic)


def set_aside(*paths: Path) -> None:
    """Move a last output or cache out of a cold build's way without deleting it.

    This machine's disk is ext4 without a journal. There, the kernel passes over every
    inode freed in the last 30-60 s when it allocates a new one, reading each one's inode
    table block on the way (`recently_deleted` in fs/ext4/ialloc.c; perf shows it taking
    60% of the kernel's time). A build started right after deleting a 45,000-inode site
    and its cache spends 3-5x the kernel time creating its own files: at 10,000 articles,
    10.6 s instead of 5.5 s. That is `rm -rf _site .cache` then `build`; a fresh checkout,
    a CI runner or a journalled disk does not pay it, so the cold builds here don't either."""
    for path in paths:
        if path.exists():
            TRASH.mkdir(parents=True, exist_ok=True)
            os.replace(path, TRASH / f"{path.parent.name}{path.name}-{time.monotonic_ns()}")


def freed() -> None:
    """Say that many files were just deleted or replaced (see after_deletions)."""
    _freed_at[0] = time.monotonic()


def empty_trash() -> None:
    if TRASH.exists():
        shutil.rmtree(TRASH)
        freed()


def after_deletions(seconds: float = 65.0) -> None:
    """Wait until the files this benchmark last deleted (or replaced, as a template edit
    does with every article page) no longer slow the creation of new ones (see set_aside)."""
    time.sleep(max(0.0, _freed_at[0] + seconds - time.monotonic()))


def measure(n: int, runs: int, jobs: int, search: bool) -> dict[str, tuple[float, int]]:
    site = site_for(n)
    out, cache = (site / "_site-default", site / ".cache-default") if search else (site / "_site", site / ".cache")
    config = site / ("default.toml" if search else "site.toml")
    build = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(site / "content"), "--out", str(out),
             "--config", str(config), "--now", "2026-01-01T00:00:00Z", "--quiet", "--jobs", str(jobs)]
    rows: dict[str, list[tuple[float, int]]] = {k: [] for k in ("cold", "noop", "edit", "template")}
    pages = ""
    cpu: list[tuple[float, float]] = []  # a cold build's user and system seconds, all processes
    victim = victim_for(site)
    original = victim.read_text()
    after_deletions()
    for _ in range(runs):
        set_aside(out, cache)
        s, rss, pages, user, system = timed(build)
        rows["cold"].append((s, rss))
        cpu.append((user, system))
    time.sleep(2.1)
    tpl = site / "templates" / "article.html"
    for i in range(runs):
        rows["noop"].append(timed(build)[:2])
        victim.write_text(original.replace("title: ", f"title: Edited {i} ", 1))
        rows["edit"].append(timed(build)[:2])
        tpl.write_text(tpl.read_text() + f"<!-- bench edit {i} -->\n")
        rows["template"].append(timed(build)[:2])
        victim.write_text(original)
        time.sleep(2.1)
        timed(build)  # the restored article: the next no-op build has nothing to do
        time.sleep(2.1)
    result = {k: (statistics.median(s for s, _ in v), max(r for _, r in v)) for k, v in rows.items()}
    if not search:  # with search on, each watched rebuild's Pagefind run goes on after its summary line
        watched, rss = watched_edits([*build, "--watch"], victim, original, 2 * runs)
        result["watch"] = (statistics.median(watched), rss)
    freed()  # the template edits replaced every article page
    result["pages"] = pages  # type: ignore[assignment]
    result["cpu"] = tuple(statistics.median(c[k] for c in cpu) for k in (0, 1))  # type: ignore[assignment]
    return result


def machine() -> str:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    mem = next((l.split(":", 1)[1].strip() for l in Path("/proc/meminfo").read_text().splitlines()
                if l.startswith("MemTotal")), "?")
    return f"{os.cpu_count()} CPUs ({cpu}), {mem} RAM, Python {platform.python_version()}, {platform.platform()}"


def cpu_check() -> float:
    """Seconds for a fixed pure-Python loop (best of 3): this VM's speed varies by up to 2x
    over an hour with its neighbours, so a table says how fast the CPU was while it ran."""
    best = float("inf")
    for _ in range(3):
        start, total = time.perf_counter(), 0
        for i in range(10**7):
            total += i
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    lines = ["# Build benchmark", "", f"Machine: {machine()}", "",
             f"Command: `python bench/run.py --sizes {' '.join(map(str, args.sizes))} --runs {args.runs} --jobs {args.jobs}`"
             f" (median of {args.runs} whole-process runs, /usr/bin/time -v)", "",
             "| articles | search | cold (s) | cold CPU, user + system (s) | no-op (s) | one-article edit (s) "
             "| one-template edit (s) | peak RSS (MB) | one-article edit, `build --watch` (s) | "
             "`build --watch` peak RSS (MB) | output |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    load = os.getloadavg()
    empty_trash()  # a last run's
    before = cpu_check()
    for n in args.sizes:
        for search in (True, False):
            r = measure(n, args.runs, args.jobs, search)
            rss = max(r[k][1] for k in ("cold", "noop", "edit", "template")) / 1024
            watch = f"{r['watch'][0]:.2f} | {r['watch'][1] / 1024:.0f}" if "watch" in r else "– | –"
            row = (f"| {n:,} | {'**on** (default)' if search else 'off'} | {r['cold'][0]:.2f} | "
                   f"{r['cpu'][0]:.1f} + {r['cpu'][1]:.1f} | {r['noop'][0]:.2f} | {r['edit'][0]:.2f} | "
                   f"{r['template'][0]:.2f} | {rss:.0f} | {watch} | {r['pages'].split(' · ')[0]} |")
            print(row, flush=True)
            lines.append(row)
    after = os.getloadavg()
    lines += ["", f"CPU check (a 10^7-step Python loop, best of 3): {before:.2f} s before, {cpu_check():.2f} s after.",
              f"Load average (1, 5, 15 min): {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} at the start; "
              f"{after[0]:.2f}, {after[1]:.2f}, {after[2]:.2f} at the end."]
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines) + "\n")
    empty_trash()


if __name__ == "__main__":
    main()
