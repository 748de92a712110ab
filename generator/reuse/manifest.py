"""What a rebuild may skip. The manifest keeps the last build's digest of every output
(what it was made from: see digest.py, page_digests); equal digest and the old
file still there → the old bytes are reused unrendered. The input snapshot, a stat-only
walk of every input, lets a build with nothing changed stop before parsing anything."""
from __future__ import annotations

import hashlib
import os
import pickle
from datetime import datetime
from pathlib import Path
from typing import Any, Sequence

from ..content.scan import Scanned
from .cache import prune


class Manifest:
    """What the last build into `out` made: page digests, the input snapshot it saw, the time
    until which its article selection holds, and its report. Stored beside the parse cache."""

    _held: dict[Path, tuple[tuple[int, int], dict[str, Any]]] = {}  # what this process last read or wrote

    def __init__(self, path: Path | None, out: Path):
        self.path, self.out = path, str(out.resolve())
        self.data: dict[str, Any] = {}
        held = self._held.get(path) if path is not None else None
        if held is not None and held[0] == _stamp(path) and held[1].get("out") == self.out:
            self.data = held[1]  # a preview server's next build: no need to unpickle it again
        elif path is not None and path.is_file():
            try:
                data = pickle.loads(path.read_bytes())
                if isinstance(data, dict) and data.get("out") == self.out and isinstance(data.get("pages"), dict):
                    self.data = data
            except Exception:
                self.data = {}

    @property
    def pages(self) -> dict[str, str]:
        return self.data.get("pages", {})

    def unchanged(self, snapshot: str, now: datetime) -> Any:
        """The last report when inputs, settings and the article selection are all the same."""
        until = self.data.get("valid_until")
        if snapshot and self.data.get("snapshot") == snapshot and (until is None or now < until) \
                and (Path(self.out) / ".newsdigest.json").is_file():
            return self.data.get("report")
        return None

    def save(self, pages: dict[str, str], snapshot: str, valid_until: datetime | None, report: Any,
             outputs: dict[str, str] | None = None) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        data = {"out": self.out, "pages": pages, "snapshot": snapshot, "valid_until": valid_until, "report": report,
                "hashes": outputs or {}}
        tmp.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, self.path)
        Manifest._held = {self.path: (_stamp(self.path), data)}
        prune(self.path)

    def invalidate(self) -> None:
        if self.path is not None and self.path.exists():
            self.path.unlink()


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, -1)
    return st.st_mtime_ns, st.st_size


def theme_stamp(roots: Sequence[Path | None], files: Sequence[Path | None]) -> tuple[str, int]:
    """Names, sizes and mtimes of the theme's folders' files (`roots`) and of `files`
    (site.toml), with the newest mtime: the part of the input snapshot a build takes at its start."""
    newest, lines = 0, []
    for root in roots:  # resolved: the same inputs give the same snapshot from any working folder
        if root is None or not root.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(root.resolve()):
            dirnames.sort()
            for name in sorted(filenames):
                st = os.stat(os.path.join(dirpath, name))
                newest = max(newest, st.st_mtime_ns)
                lines.append(f"{dirpath}/{name}|{st.st_size}|{st.st_mtime_ns}\n")
    for f in files:
        if f is not None and f.is_file():
            f = f.resolve()
            st = f.stat()
            newest = max(newest, st.st_mtime_ns)
            lines.append(f"{f}|{st.st_size}|{st.st_mtime_ns}\n")
    return "".join(lines), newest


def input_snapshot(scanned: Sequence[Scanned], theme: tuple[str, int], settings: str, taken: float) -> str:
    """Names, sizes and mtimes of every input: a stat-only check that nothing changed.
    `scanned`: the content folder (scan.py); `theme`: theme_stamp's; `taken`: when the build
    took them (time.time()). Made from what the build saw, so a long-lived process may work
    it out later, once the reload is out.

    A file modified in the last two seconds could change again within the same mtime
    tick (the "racy git" problem); then the snapshot is "" and never matches."""
    lines, newest = [], theme[1]
    for _, path, st in scanned:
        if st is None:
            lines.append(f"{path}|unreadable\n")
        else:
            newest = max(newest, st.st_mtime_ns)
            lines.append(f"{path}|{st.st_size}|{st.st_mtime_ns}\n")
    if newest > (taken - 2) * 1e9:
        return ""
    h = hashlib.sha1(settings.encode())
    h.update("".join(lines).encode("utf-8", "surrogatepass"))
    h.update(theme[0].encode("utf-8", "surrogatepass"))
    return h.hexdigest()
