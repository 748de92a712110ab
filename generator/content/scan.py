"""The content folder, walked once per build: every entry the reader must account for,
with its stat. The input snapshot (is there anything to do?) and the reader (which file
changed?) both use this one walk, so a rebuild stats each of 10,000 articles once, not twice.

Besides files (and links to files inside the folder) it lists what the report must name
though nothing is read from it: a link that leads outside content/ (with the link's own
stat), a linked folder, a folder named like an article file, and a folder it cannot open
(stat None)."""
from __future__ import annotations

import bisect
import operator
import os
from pathlib import Path
from stat import S_ISREG
from typing import Callable, Collection, Iterable

Scanned = tuple[str, str, "os.stat_result | None"]  # content-relative POSIX path, absolute path, stat
HTML_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = {".md", ".markdown", ".txt", *HTML_SUFFIXES}


def scan_content(content: Path) -> list[Scanned]:
    """Every entry under content/ but dotfiles, sorted, following no link out of the
    folder; its stat is None when it cannot be taken (the reader then reports why)."""
    return _walk(content)[0]


class GaveWay(Exception):
    """A walk stopped because `busy` said that something more urgent waits."""


def _walk(content: Path, busy: Callable[[], bool] | None = None) -> tuple[list[Scanned], bool]:
    """scan_content's files, and whether any is a link: whether a linked file is taken
    depends on its target, which can change with no event on the link. `busy` is asked
    every 1,024 entries; when it says yes the walk raises GaveWay."""
    root = content.resolve()
    found: list[Scanned] = []
    linked = False

    def walk(folder: str, prefix: str) -> None:
        nonlocal linked
        try:
            listing = os.scandir(folder)
        except OSError:
            if not prefix:
                raise  # content/ itself: the build says so
            found.append((prefix[:-1], folder, None))  # a folder it cannot open: reported
            return
        with listing as entries:
            for n, entry in enumerate(entries, start=1):
                if busy is not None and not n % 1024 and busy():
                    raise GaveWay
                if entry.name.startswith("."):
                    continue
                rel = prefix + entry.name
                try:
                    if entry.is_symlink():
                        linked = True
                        try:
                            outside = not Path(entry.path).resolve().is_relative_to(root)
                        except RuntimeError:  # a loop of links: os.stat below says so
                            outside = False
                        if outside:
                            found.append((rel, entry.path, entry.stat(follow_symlinks=False)))  # never followed
                            continue
                    elif entry.is_dir():
                        if os.path.splitext(entry.name)[1].lower() in ARTICLE_SUFFIXES:
                            found.append((rel, entry.path, entry.stat()))  # a folder named like a file
                        walk(entry.path, rel + "/")
                        continue
                except OSError:
                    continue  # gone since the listing
                try:
                    st: os.stat_result | None = os.stat(entry.path)  # a linked folder inside: listed, not entered
                except OSError:
                    st = None
                found.append((rel, entry.path, st))

    walk(str(root), "")
    return sorted(found), linked


class ContentScan:
    """The content folder as a long-lived process last saw it. A preview server's build
    re-stats only the paths its watcher reported (10,000 stat calls are 50-70 ms here);
    `verify`, run once the reload is out, walks the folder in full and names any file an
    event was missed for, so a missed event costs one more rebuild, never a stale site."""

    def __init__(self) -> None:
        self.root = ""
        self.listing: list[Scanned] = []  # as scan_content gives it: sorted by path
        self.reported: set[str] | None = None  # absolute paths changed since; None: walk it all
        self.linked = False  # content/ has linked files: walk it all every time

    def report(self, paths: Iterable[str] | None) -> None:
        if paths is None or self.reported is None:
            self.reported = None
        else:
            self.reported.update(paths)

    def scan(self, content: Path) -> list[Scanned]:
        root = str(content.resolve())
        if self.reported is None or self.linked or root != self.root or not self._refresh(root, self.reported):
            self.listing, self.linked = _walk(content)
            self.root = root
        self.reported = set()
        return self.listing

    def verify(self, content: Path, busy: Callable[[], bool] | None = None) -> list[str]:
        """Walk the folder in full; the absolute paths whose file differs from the listing.
        A walk `busy` interrupts finds nothing and changes nothing: the next one looks again
        (at 100,000 files it takes 1.5 s, which a waiting rebuild should not)."""
        if self.reported is None:
            return []  # the next build walks it anyway
        try:
            fresh, self.linked = _walk(content, busy)
        except GaveWay:
            return []
        except OSError:  # content/ itself gone or unreadable: the build says so
            self.reported = None
            return []
        listing, self.root = self.listing, str(content.resolve())
        if len(listing) == len(fresh) and all(map(_same, listing, fresh)):
            return []  # the listing's very entries stay: the reader redoes only the files whose entry is new
        self.listing = fresh
        last = {rel: _key(st) for rel, _, st in listing}
        now = {rel: _key(st) for rel, _, st in fresh}
        return [f"{self.root}/{rel}" for rel in sorted(last.keys() | now.keys()) if last.get(rel) != now.get(rel)]

    def _refresh(self, root: str, paths: Collection[str]) -> bool:
        """Bring the listing up to date for `paths`; False when only a full walk can
        (a folder or link came or went)."""
        if len(paths) > 64 + len(self.listing) // 8:
            return False  # a checkout of many files: one walk is cheaper
        listing, real = self.listing.copy(), {}
        for path in paths:
            if path == root:
                return False
            if not path.startswith(root + "/"):
                continue  # a template, static file or site.toml
            rel = path[len(root) + 1:]
            if any(part.startswith(".") for part in rel.split("/")):
                continue  # never scanned
            parent = rel.rpartition("/")[0]
            if parent and _listed(listing, parent):
                return False  # in a folder listed itself (named like a file): its stat changes too
            inside = bisect.bisect_left(listing, rel + "/", key=_rel)
            if inside < len(listing) and listing[inside][0].startswith(rel + "/"):
                return False  # it was a folder
            at = bisect.bisect_left(listing, rel, key=_rel)
            if at < len(listing) and listing[at][0] == rel:
                del listing[at]
            try:
                st = os.lstat(path)
            except FileNotFoundError:
                continue
            except OSError:
                return False
            parent = os.path.dirname(path)
            if parent not in real:
                real[parent] = os.path.realpath(parent) == parent
            if not S_ISREG(st.st_mode) or not real[parent]:
                return False  # a folder, link or file under a linked folder
            listing.insert(at, (rel, f"{root}/{rel}", st))
        self.listing = listing
        return True


def _rel(entry: Scanned) -> str:
    return entry[0]


def _listed(listing: list[Scanned], rel: str) -> bool:
    at = bisect.bisect_left(listing, rel, key=_rel)
    return at < len(listing) and listing[at][0] == rel


_STAMP = operator.attrgetter("st_ino", "st_size", "st_mtime_ns")  # not atime: reading a file changes it


def _key(st: os.stat_result | None) -> tuple[int, int, int] | None:
    return None if st is None else _STAMP(st)


def _same(a: Scanned, b: Scanned) -> bool:
    return a[0] == b[0] and _key(a[2]) == _key(b[2])
