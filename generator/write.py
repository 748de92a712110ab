"""Write the site: everything goes into a staging folder beside the output, unchanged
files are hard-linked from the previous build (so they keep their mtime), then the
folders are swapped. A reader of the output never sees a half-written site."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable

MARKER = ".newsdigest.json"


class WriteError(Exception):
    pass


def check_output_dir(out: Path, protected: Iterable[Path]) -> None:
    """Refuse an output folder whose replacement would destroy something else."""
    target = out.resolve()
    if target == Path(target.anchor) or target == Path.home().resolve():
        raise WriteError(f"{out}: refusing to use this folder as the output folder")
    for p in [Path.cwd(), *protected]:
        p = p.resolve()
        if p == target or target in p.parents:
            raise WriteError(f"{out}: output folder would contain or replace {p}")
    if target.exists() and not target.is_dir():
        raise WriteError(f"{out}: exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise WriteError(f"{out}: not empty and not built by this generator; refusing to replace it")


def _safe_join(root: Path, rel: str) -> Path:
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or any(p in ("..", "") or "\\" in p for p in parts):
        raise WriteError(f"unsafe output path {rel!r}")
    return root.joinpath(*parts)


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


class SiteWriter:
    """Collects outputs into staging; `commit()` swaps staging in, `abort()` discards it."""

    def __init__(self, out: Path):
        self.out = out.resolve()
        self.staging = self.out.with_name(f".{self.out.name}.staging-{os.getpid()}")
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.staging.mkdir(parents=True)
        self.stats = WriteStats()
        self.hashes: dict[str, str] = {}
        self._dirs: set[Path] = set()

    def add(self, rel: str, data: bytes) -> None:
        dest = _safe_join(self.staging, rel)
        if dest.parent not in self._dirs:
            dest.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(dest.parent)
        old = _safe_join(self.out, rel)
        self.hashes[rel] = hashlib.sha256(data).hexdigest()
        try:
            if old.is_file() and not old.is_symlink() and old.stat().st_size == len(data) \
                    and old.read_bytes() == data:
                os.link(old, dest)
                self.stats.unchanged += 1
                return
        except OSError:
            pass
        dest.write_bytes(data)
        self.stats.written += 1

    def add_file(self, rel: str, source: Path) -> None:
        self.add(rel, source.read_bytes())

    def commit(self) -> WriteStats:
        marker = {"files": len(self.hashes)}
        (self.staging / MARKER).write_text(json.dumps(marker, sort_keys=True) + "\n")
        if self.out.exists():
            previous = {p.relative_to(self.out).as_posix() for p in self.out.rglob("*") if p.is_file()}
            self.stats.removed = len(previous - set(self.hashes) - {MARKER})
            trash = self.out.with_name(f".{self.out.name}.old-{os.getpid()}")
            os.replace(self.out, trash)
            os.replace(self.staging, self.out)
            shutil.rmtree(trash, ignore_errors=True)
        else:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging, self.out)
        return self.stats

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
