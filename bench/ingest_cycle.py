#!/usr/bin/env python3
"""The scheduled cycle with feeds in: ingest brings new entries, the site is built.

    python bench/ingest_cycle.py [--size 10000] [--rounds 3] [--arrivals 20] [--jobs N]

On the benchmark corpus (bench/corpus.py, as bench/run.py makes it): a first build, then
each round an RSS feed served from 127.0.0.1 gains `--arrivals` entries dated after all
others, and `build.py ingest` and `build.py build` run as whole processes, each timed.
Prints a Markdown table of medians. The ingested files and its own folder are removed at
the end, so bench/run.py's corpus stays as it was.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import run  # bench/run.py: site_for, timed, cpu_check, WORK

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-01-01T00:00:00Z"
SYLLABLES = ["ka", "lo", "mi", "zu", "pe", "ra", "no", "vi", "te", "su", "bo", "xa", "qui", "dre", "fo", "gli"]


def words(seed: int, count: int) -> str:
    """Distinct made-up words, so the new entries do not join one story."""
    out = []
    for k in range(count):
        n = (seed * 7919 + k * 104729) % (16 ** 4)
        out.append("".join(SYLLABLES[(n >> (4 * j)) % 16] for j in range(4)).capitalize())
    return " ".join(out)


def feed(count: int) -> bytes:
    start = datetime(2025, 12, 28, tzinfo=timezone.utc)
    items = []
    for n in range(count):
        when = format_datetime(start + timedelta(minutes=17 * n))
        items.append(f"<item><title>{escape(words(n, 4))} report</title>"
                     f"<link>https://wire.example/news/{n}</link><pubDate>{when}</pubDate>"
                     f"<description>{escape(words(n + 5000, 30))}.</description></item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench Wire</title>'
            f'<link>https://wire.example/</link>{"".join(reversed(items))}</channel></rss>').encode()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--arrivals", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=None, help="default: the build's own")
    args = ap.parse_args()
    site = run.site_for(args.size)
    content = site / "content"
    entries = [0]

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = feed(entries[0])
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    work = run.WORK / f"ingest-{args.size}-{time.time_ns()}"
    work.mkdir(parents=True)
    config = work / "site.toml"
    config.write_text(f'title = "Bench"\nbase_url = "https://example.org/"\nsearch = false\n'
                      f'[paths]\ntemplates = "{site / "templates"}"\ncache = "{work / ".cache"}"\n'
                      f'[[sources]]\nurl = "http://127.0.0.1:{server.server_address[1]}/feed.xml"\n'
                      f'name = "bench-wire"\ntopics = ["AI"]\n')
    out, report, ingest_report = work / "_site", work / "report.json", work / "ingest.json"
    py = sys.executable
    build = [py, str(ROOT / "build.py"), "build", "--content", str(content), "--out", str(out),
             "--config", str(config), "--now", NOW, "--quiet", "--report", str(report),
             *(("--jobs", str(args.jobs)) if args.jobs else ())]
    ingest = [py, str(ROOT / "build.py"), "ingest", "--content", str(content), "--config", str(config),
              "--now", NOW, "--quiet", "--report", str(ingest_report)]
    before = run.cpu_check()
    first = run.timed(build)[0]
    rows: dict[str, list[float]] = {k: [] for k in ("ingest", "build", "new", "files")}
    try:
        for _ in range(args.rounds):
            entries[0] += args.arrivals
            time.sleep(2.1)  # past the racy-mtime window, as an hour later would be
            rows["ingest"].append(run.timed(ingest)[0])
            rows["new"].append(json.loads(ingest_report.read_text())["counts"]["new"])
            rows["build"].append(run.timed(build)[0])
            counts = json.loads(report.read_text())["counts"]
            rows["files"].append(counts["files_written"] + counts["files_removed"])
    finally:
        shutil.rmtree(content / "bench-wire", ignore_errors=True)
        (content.parent / f".{content.name}-sources.json").unlink(missing_ok=True)
        shutil.rmtree(work)
        server.shutdown()
    med = {k: statistics.median(v) for k, v in rows.items()}
    print("| articles | first build (s) | new entries | ingest (s) | build (s) | ingest + build (s) | files changed |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print(f"| {args.size:,} | {first:.1f} | {med['new']:.0f} | {med['ingest']:.2f} | {med['build']:.2f} | "
          f"{med['ingest'] + med['build']:.2f} | {med['files']:.0f} |")
    print(f"\nMedians of {args.rounds} rounds; CPU check {before:.2f} s before, {run.cpu_check():.2f} s after")
    print("Each round: " + "; ".join(f"ingest {i:.2f} s ({n:.0f} new), build {b:.2f} s"
                                     for i, n, b in zip(rows["ingest"], rows["new"], rows["build"])))


if __name__ == "__main__":
    main()
