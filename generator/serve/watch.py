"""Watch the site's inputs with watchdog and report changed paths.

The OS observer (inotify) can fail to start, e.g. at the inotify watch limit; then the
polling observer takes over, and if that fails too the caller must not serve at all,
since a server that silently stops rebuilding is worse than none."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

# Opened/closed/attrib events are left out: the build itself opens every input.
EVENTS = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent,
          DirCreatedEvent, DirDeletedEvent, DirMovedEvent]


class WatchError(Exception):
    pass


def scratch(name: str) -> bool:
    """Names the build skips (dotfiles) and editors' backup, autosave and probe files."""
    return name.startswith(".") or name.endswith("~") or (name.startswith("#") and name.endswith("#")) \
        or name == "4913"


class _Relay(FileSystemEventHandler):
    def __init__(self, watcher: Watcher):
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = [os.fsdecode(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        relevant = [p for p in paths if self.watcher.relevant(p)]
        if relevant:
            self.watcher.notify(relevant)


def _identity(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


class Watcher:
    """Watches folders recursively and single files (by their folder, filtered).

    Paths that do not exist yet, or were deleted or replaced (a `git checkout`, a restore),
    stay expected: each `update` (after every build) watches them again as they now are,
    and a watched site.toml's folder notices a content/ or templates/ created beside it."""

    def __init__(self, notify: Callable[[list[str]], None], poll: bool = False,
                 native: type[BaseObserver] = Observer):
        self.notify = notify
        self.native = native
        self.polling = poll
        self.fallback_reason = ""  # why the native observer could not start
        self.targets: list[Path] = []  # what is being watched now
        self._ignore: list[str] = []  # what the build writes: the output folder, the cache
        self._dirs: list[str] = []
        self._files: set[str] = set()
        self._observer: BaseObserver | None = None
        self._watches: dict[tuple[str, bool], tuple[object, tuple[int, int] | None]] = {}

    def relevant(self, path: str) -> bool:
        if any(path == p or path.startswith(p + os.sep) for p in self._ignore):
            return False
        if path in self._files:
            return True
        inside = next((d for d in self._dirs if path == d or path.startswith(d + os.sep)), None)
        return inside is not None and not any(scratch(part) for part in Path(path[len(inside):]).parts)

    def start(self, dirs: list[Path], files: list[Path], ignore: Iterable[Path] = ()) -> None:
        """Watch `dirs` and `files` (minus `ignore`); raise WatchError when no observer can run."""
        if not self.polling:
            try:
                self._start(self.native(), dirs, files, ignore)
                return
            except OSError as exc:
                self.fallback_reason = exc.strerror or str(exc)
        self.polling = True
        try:
            self._start(PollingObserver(timeout=0.25), dirs, files, ignore)
        except OSError as exc:
            raise WatchError(f"cannot watch for changes: {exc}") from None

    def _start(self, observer: BaseObserver, dirs: list[Path], files: list[Path], ignore: Iterable[Path]) -> None:
        self._observer, self._watches = observer, {}
        observer.daemon = True
        try:
            self.update(dirs, files, ignore)
            observer.start()
        except OSError:
            observer.unschedule_all()
            self._observer = None
            raise

    def update(self, dirs: list[Path], files: list[Path], ignore: Iterable[Path] = ()) -> None:
        """Watch what site.toml now points at, as it is on disk now; drop what it no longer does."""
        if self._observer is None:  # stopped (or not started): a late build's call has nothing to update
            return
        expected_dirs = sorted({str(p) for p in dirs})
        expected_files = {str(p) for p in files}
        # each a single assignment: the observer's thread reads them meanwhile
        self._ignore, self._dirs, self._files = [str(p) for p in ignore], expected_dirs, expected_files
        wanted = {(d, True) for d in expected_dirs} | {(os.path.dirname(f), False) for f in expected_files}
        wanted = {(path, rec) for path, rec in wanted if rec or (path, True) not in wanted}
        wanted = {key: ident for key in wanted if (ident := _identity(key[0])) is not None}
        for key in [k for k, (_, ident) in self._watches.items() if wanted.get(k) != ident]:
            self._observer.unschedule(self._watches.pop(key)[0])  # type: ignore[arg-type]
        for (path, rec), ident in sorted(wanted.items()):
            if (path, rec) not in self._watches:
                watch = self._observer.schedule(_Relay(self), path, recursive=rec, event_filter=EVENTS)
                self._watches[path, rec] = (watch, ident)
        self.targets = sorted(Path(p) for p in [*expected_dirs, *expected_files] if os.path.exists(p))

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=2)
            self._observer = None
