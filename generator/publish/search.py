"""Site search with Pagefind, run on the published site. Optional: without Pagefind (the
`pagefind[extended]` package) the build still succeeds and reports that search is off."""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

from ..config import Config
from ..site.tree import remove_stale, same, walk


def available(cfg: Config) -> bool:
    return cfg.search and importlib.util.find_spec("pagefind") is not None


def index_site(out: Path, cfg: Config, started: Callable[[subprocess.Popen], None] = lambda proc: None) -> str:
    """Index `out` into a fresh folder, then swap it in as out/pagefind; returns what happened.
    `started` is handed the Pagefind process, for a long-lived caller to stop it on exit."""
    if not cfg.search:
        return "search is off (search = false in site.toml)"
    if not available(cfg):
        return "search is off: Pagefind is not installed (pip install 'pagefind[extended]')"
    fresh = out.with_name(f".{out.name}.pagefind-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    proc = subprocess.Popen([sys.executable, "-m", "pagefind", "--site", str(out), "--output-path", str(fresh)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started(proc)
    stdout, stderr = proc.communicate()
    if proc.returncode != 0 or not fresh.is_dir():
        shutil.rmtree(fresh, ignore_errors=True)
        tail = (stderr or stdout).strip().splitlines()[-1:] or ["no output"]
        return f"search is off: pagefind failed ({tail[0]})"
    _move_in(fresh, out / "pagefind")
    return "search index updated"


ENTRY = "pagefind-entry.json"  # what Pagefind's script reads first; it names the other files


def _move_in(fresh: Path, target: Path) -> None:
    """Move the fresh index's files into `target`, leaving every file whose bytes did not
    change as it is (its mtime too: Pagefind writes all of its 10,000 fragments of a
    10,000-article site on every run, and a sync to static hosting by size and mtime would
    upload them all). New files go in first and the entry file last, stale ones go after
    it, so that a reader meanwhile loads the old index or the new one."""
    files = walk(fresh)[0]
    held, dirs = walk(target)
    for rel in sorted(files, key=lambda r: (r == ENTRY, r)):
        if not same(held.get(rel), files[rel], target / rel, fresh / rel, quick=False):
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(fresh / rel, target / rel)
    remove_stale(target, held, dirs, set(files))
    shutil.rmtree(fresh, ignore_errors=True)
