"""Where `serve` builds when no --out is given: a folder in the system's temp dir, one
per site and per user, reused by the next `serve` of the same site so that it starts
with an incremental build (and leaves one build manifest in .cache, not one per run).
A lock keeps two servers of one site out of each other's way: the second gets the
next slot."""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import stat
import tempfile
from pathlib import Path


class OutputLock:
    """Holds a slot until released (or the process ends: the OS drops the lock)."""

    def __init__(self, site: Path, fd: int):
        self.site, self._fd = site, fd

    def release(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def _private_dir(path: Path) -> None:
    """Our own folder, not a link or a folder another user planted in the shared temp dir."""
    path.mkdir(mode=0o700, exist_ok=True)
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise OSError(f"{path}: not a private folder of this user; remove it or pass --out")


def claim(site_key: str, slots: int = 32) -> OutputLock:
    """The output folder for the site identified by `site_key` (its content and config paths)."""
    base = Path(tempfile.gettempdir()) / f"newsdigest-serve-{os.getuid()}"
    _private_dir(base)
    digest = hashlib.sha1(site_key.encode()).hexdigest()[:12]
    for slot in range(slots):
        folder = base / f"{digest}-{slot}"
        _private_dir(folder)
        fd = os.open(folder / "lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        for leftover in folder.glob(".site.*"):  # staging of a server that was killed mid-build
            shutil.rmtree(leftover, ignore_errors=True)
        return OutputLock(folder / "site", fd)
    raise OSError(f"{base}: all {slots} output slots for this site are in use")
