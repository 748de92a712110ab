#!/usr/bin/env python3
"""Live-reload latency of `build.py serve`: file saved → reload event sent.

    python bench/serve_latency.py [--sizes 1000 10000] [--edits 5] [--newest]

For each size: a synthetic corpus (bench/corpus.py) in a temp dir, `build.py serve` on
an ephemeral port as its own process, an SSE client on /__livereload; then `--edits`
times one article's title is changed (articles spread over the corpus's dates, or with
--newest the newest one, what an editor usually fixes) and the time until the
reload event arrives is taken, split by the server's own log lines (timestamped as they arrive) into: save →
"changed:" (watcher + debounce), "changed:" → "built:" (the rebuild call) and
"built:" → event (delivery). All figures are medians over the edits.
"""
from __future__ import annotations

import argparse
import http.client
import queue
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from corpus import generate  # noqa: E402


def _lines(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put((time.perf_counter(), line.rstrip("\n")))


def _events(port: int, into: queue.Queue) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request("GET", "/__livereload")
    event = ""
    for raw in conn.getresponse():
        line = raw.decode().rstrip("\n")
        if line.startswith("event: "):
            event = line[7:]
        elif not line and event:
            into.put((time.perf_counter(), event))
            event = ""


def _until(q: queue.Queue, match, timeout: float):
    end = time.perf_counter() + timeout
    while True:
        at, item = q.get(timeout=max(0.01, end - time.perf_counter()))
        if match(item):
            return at, item


def measure(n: int, edits: int, work: Path, newest: bool = False) -> dict:
    content = work / "content"
    generate(n, content)
    (work / "site.toml").write_text('title = "Bench"\nbase_url = "https://example.org/"\n')
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--content", str(content),
                             "--config", str(work / "site.toml"), "--out", str(work / "site"), "--port", "0"],
                            cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    out: queue.Queue = queue.Queue()
    events: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(proc.stdout, out), daemon=True).start()
    try:
        at, line = _until(out, lambda l: l.startswith(("serving ", "error")), 1800)
        if not line.startswith("serving "):
            raise SystemExit(line)
        first = at - started
        port = int(re.search(r":(\d+)/", line).group(1))
        threading.Thread(target=_events, args=(port, events), daemon=True).start()
        _until(events, lambda e: e == "hello", 10)
        victims = sorted((content / "_news").iterdir())
        rows = []
        for i in range(edits):
            path = victims[-1] if newest else victims[(i + 1) * len(victims) // (edits + 1)]
            text = path.read_text()
            saved = time.perf_counter()
            path.write_text(re.sub(r"^title: (?:Edited \d+ )?(.*)$", rf"title: Edited {i} \1", text, count=1, flags=re.M))
            reloaded, _ = _until(events, lambda e: e == "reload", 120)
            changed, _ = _until(out, lambda l: l.startswith("changed:"), 10)
            built, line = _until(out, lambda l: l.startswith(("built:", "build failed")), 10)
            if not line.startswith("built:"):
                raise SystemExit(line)
            rows.append((reloaded - saved, changed - saved, built - changed, reloaded - built))
            time.sleep(0.5)
        return {"first": first, "rows": rows}
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--newest", action="store_true", help="edit the newest article every time")
    args = ap.parse_args()
    print(f"{'articles':>8} {'first build':>11} {'save→reload (min–max)':>26} {'watch+debounce':>14} "
          f"{'rebuild':>8} {'delivery':>8}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="newsdigest-serve-bench-") as tmp:
            r = measure(n, args.edits, Path(tmp), args.newest)
        total, watch, build, deliver = (statistics.median(col) * 1000 for col in zip(*r["rows"]))
        totals = [row[0] * 1000 for row in r["rows"]]
        span = f"{total:.0f} ms ({min(totals):.0f}–{max(totals):.0f})"
        print(f"{n:>8} {r['first']:>10.1f}s {span:>26} {watch:>12.0f}ms {build:>6.0f}ms {deliver:>6.1f}ms", flush=True)


if __name__ == "__main__":
    main()
