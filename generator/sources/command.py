"""`build.py ingest` and `build --ingest`: one ingest under a lock on the content folder
(two overlapping scheduled runs would write the same entries twice), its lines printed,
its JSON report written. Exit 0 when it ran (failed sources are reported, not fatal: the
build after it still has every article it had), 1 when every source asked failed, 3
when another ingest holds the lock."""
from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from ..config import Config
from ..site.lock import LOCKED, Locked, build_lock
from .run import ingest


def ingest_command(content: Path, cfg: Config, now: datetime, report: Path | None = None,
                   quiet: bool = False) -> int:
    if not cfg.sources:
        print("ingest: no [[sources]] in site.toml; nothing to fetch")
        return 0
    try:
        with build_lock(content):
            result = ingest(content, cfg, now, say=print)
    except Locked:
        print(f"error: another ingest into {content} is running; not starting a second one", file=sys.stderr)
        return LOCKED
    if not quiet:
        for source in result.sources:
            for warning in source.warnings:
                print(f"warning: {source.name}: {warning}", file=sys.stderr)
    if report is not None:
        result.write_json(report)
    print(result.summary())
    return 1 if result.all_failed else 0
