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

from .config import Config


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
    target = out / "pagefind"
    trash = out.with_name(f".{out.name}.pagefind-old-{os.getpid()}")
    if target.exists():
        os.replace(target, trash)
    os.replace(fresh, target)
    shutil.rmtree(trash, ignore_errors=True)
    return "search index updated"
