#!/usr/bin/env python3
"""Memory of a long-lived `build --watch` over many edits: a process that stays up for
weeks must not grow with every rebuild.

    python bench/watch_memory.py [--size 1000] [--edits 300] [--every 60]

Edits one article's title and puts it back (two rebuilds per edit, 0.4 s apart), and
prints the process's resident memory after the first build and after every `--every` edits.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

from run import ROOT, built, site_for


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--edits", type=int, default=300)
    ap.add_argument("--every", type=int, default=60)
    args = ap.parse_args()
    site = site_for(args.size)
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--watch", "--quiet",
                             "--content", str(site / "content"), "--out", str(site / "_site"),
                             "--config", str(site / "site.toml"), "--now", "2026-01-01T00:00:00Z"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)

    def rss() -> str:
        kb = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{proc.pid}/status").read_text()).group(1)
        return f"{int(kb) // 1024} MB"

    victims = sorted((site / "content" / "_news").iterdir())
    try:
        built(proc, "kept built")
        print(f"after the first build: {rss()}", flush=True)
        for i in range(1, args.edits + 1):
            victim = victims[(i * 7919) % len(victims)]
            original = victim.read_text()
            try:
                victim.write_text(original.replace("title: ", f"title: Watched {i} ", 1))
                built(proc)
            finally:
                victim.write_text(original)
            built(proc)
            time.sleep(0.4)  # the housekeeping after a rebuild (collecting its garbage) runs when no change waits
            if i % args.every == 0:
                print(f"after {i} edits: {rss()}", flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=60)


if __name__ == "__main__":
    main()
