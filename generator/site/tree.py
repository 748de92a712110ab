"""Folder trees walked, compared and brought in line file by file, touching only what
changed: what publishing a build, deploying to a folder and moving in a new search index share."""
from __future__ import annotations

import filecmp
import os
import shutil
import stat
from pathlib import Path
from typing import Iterable


def walk(root: Path, skip: frozenset[str] = frozenset()) -> tuple[dict[str, os.stat_result], list[str]]:
    """Every file under `root` with its stat, and every folder (relative paths, "/"-separated;
    none when `root` does not exist), but the entries named in `skip` at the top. Strings and
    scandir, not pathlib: a 10,000-article site has 22,000 files in 23,000 folders."""
    files: dict[str, os.stat_result] = {}
    dirs: list[str] = []
    folders = [(str(root), "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            listing = list(os.scandir(folder))
        except FileNotFoundError:
            continue
        for e in listing:
            if not prefix and e.name in skip:
                continue
            rel = prefix + e.name
            if e.is_dir(follow_symlinks=False):
                dirs.append(rel)
                folders.append((e.path, rel + "/"))
            else:
                files[rel] = e.stat(follow_symlinks=False)
    return files, dirs


def same(a: os.stat_result | None, b: os.stat_result, a_path: Path, b_path: Path, quick: bool) -> bool:
    """Whether the file at `a_path` (stat `a`, None: absent) has the bytes of `b_path`'s.
    `quick`: equal size and mtime are taken to mean equal bytes, as rsync's quick check does."""
    if a is None or not stat.S_ISREG(a.st_mode) or a.st_size != b.st_size:
        return False
    return (quick and a.st_mtime_ns == b.st_mtime_ns) or filecmp.cmp(a_path, b_path, shallow=False)


def place(src: Path, dst: Path, mtime_ns: int | None = None) -> None:
    """Copy `src` over `dst` atomically (a reader sees the old file or the new one)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.tmp-{os.getpid()}")
    shutil.copyfile(src, tmp)
    if mtime_ns is not None:
        os.utime(tmp, ns=(mtime_ns, mtime_ns))
    os.replace(tmp, dst)


def remove_stale(root: Path, held: Iterable[str], dirs: Iterable[str], keep: set[str]) -> int:
    """Remove the files `held` under `root` that are not in `keep`, then the folders (of
    `dirs`) left with none of `keep` in them; returns how many files went."""
    gone = 0
    for rel in sorted(set(held) - keep):
        (root / rel).unlink()
        gone += 1
    needed = {rel.rpartition("/")[0] for rel in keep}
    for rel in list(needed):
        while "/" in rel and (rel := rel.rpartition("/")[0]) not in needed:
            needed.add(rel)
    for rel in sorted(set(dirs) - needed, reverse=True):  # children first
        (root / rel).rmdir()
    return gone
