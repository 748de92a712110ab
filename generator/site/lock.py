"""One build per output folder at a time: scheduled runs that overlap never build at once."""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

LOCKED = 3  # exit code of a build that found another one running


class Locked(Exception):
    pass


def lock_path(out: Path) -> Path:
    out = out.resolve()
    return out.with_name(f".{out.name}.lock")


@contextmanager
def build_lock(out: Path, wait: bool = False) -> Iterator[Path]:
    """Hold an exclusive lock beside the output folder; raise Locked if taken and not waiting."""
    path = lock_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise Locked(f"another build of {out} is running (lock {path}); not starting a second one") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield path
    finally:
        os.close(fd)  # closing releases the lock
