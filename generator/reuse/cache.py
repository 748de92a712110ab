"""The parse cache: modelled articles keyed by the input file's content hash, valid only
for the same generator version and configuration. Anything unreadable, corrupt or from
another version is discarded and rebuilt, never trusted; deleting it is always safe."""
from __future__ import annotations

import functools
import gc
import hashlib
import importlib.metadata
import os
import pickle
import shutil
import sys
import zlib
from pathlib import Path
from typing import Any

from .. import __version__

FORMAT = 1
KEEP = 4  # parse caches (one per content folder) and manifests (one per output folder) kept, of each


# libraries whose output is cached as it is: a new trafilatura can change every HTML article
EXTRACTORS = ("trafilatura", "htmldate", "lxml")


def fingerprinted_sources() -> list[Path]:
    """The generator's own modules, subpackages included; the preview server's code cannot
    change what a build writes, so it is left out."""
    root = Path(__file__).resolve().parents[1]
    return sorted(p for p in root.rglob("*.py") if "serve" not in p.relative_to(root).parts[:1])


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The generator's own source and its extractors' versions: a cache made by other code
    is never trusted."""
    h = hashlib.sha1()
    root = Path(__file__).resolve().parents[1]
    for path in fingerprinted_sources():
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    for name in EXTRACTORS:
        try:
            h.update(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{name}=-".encode())
    return h.hexdigest()


def fingerprint(*parts: Any) -> str:
    """Stable across processes (repr of plain data, no hash())."""
    h = hashlib.sha1()
    for p in (FORMAT, __version__, code_fingerprint(), sys.version_info[:2], *parts):
        h.update(repr(p).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def parse_cache_path(cache_dir: Path, content: Path) -> Path:
    """The parse cache of a content folder (named for this version of the generator too:
    an upgrade starts a new one, and `prune` removes the old one in time)."""
    return cache_dir / f"articles-{fingerprint(str(content.resolve()))[:10]}"


def manifest_path(cache_dir: Path, out: Path) -> Path:
    return cache_dir / f"manifest-{fingerprint(str(out.resolve()))[:10]}.pickle"


def touch(*paths: Path | None) -> None:
    """Mark cache entries as used now (their mtime is what `prune` goes by)."""
    for path in paths:
        if path is not None:
            try:
                os.utime(path)
            except OSError:
                pass


def prune(entry: Path, keep: int = KEEP) -> None:
    """Bound the cache folder: of the entries of `entry`'s kind (parse caches or manifests),
    `entry` and the `keep - 1` most recently used others stay. Every output folder (each
    `--out`, each second preview server's slot), every content folder and every upgrade of
    the generator leave an entry behind (45 MB for a parse cache of 10,000 articles) that
    may never be read again. Removing any entry is safe: it costs its site's next build time."""
    kind = entry.name.split("-", 1)[0] + "-"
    others = []
    try:
        with os.scandir(entry.parent) as listing:
            for e in listing:
                if e.name.startswith(kind) and e.name != entry.name:
                    try:
                        others.append((e.stat(follow_symlinks=False).st_mtime_ns, e.name, e.is_dir(follow_symlinks=False)))
                    except OSError:
                        pass
    except OSError:
        return
    for _, name, is_dir in sorted(others, reverse=True)[max(0, keep - 1):]:
        path = entry.parent / name
        if is_dir:
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                path.unlink()
            except OSError:  # gone already, or not ours to remove
                pass


class Cache:
    """A dict of entries persisted as pickled shards in a folder; `key` guards every read.

    Sharded by name so that a build which changed a few inputs rewrites a few small
    files, not the whole corpus (at 10,000 articles one pickle took a second to write;
    with 64 shards an hourly build of 20 new articles at 100,000 rewrote 18 shards of 7 MB,
    2.9 s). Each shard is written atomically and checked on its own, so a crash between
    shards leaves every shard either old or new, and both kinds are keyed by content digest."""

    SHARDS = 256
    _held: dict[tuple[Path, str], tuple[tuple[Any, ...], "Cache"]] = {}

    @classmethod
    def open(cls, path: Path | None, key: str) -> "Cache":
        """The cache at `path`. Within one process (the preview server) the copy in memory
        is reused for as long as the shards on disk are the very files it read or wrote."""
        held = cls._held.get((path, key)) if path is not None else None
        if held is not None and held[0] == _stamp(path):
            held[1].discarded = ""
            return held[1]
        cache = cls(path, key)
        if path is not None:
            cls._held = {(path, key): (_stamp(path), cache)}  # one site per process: drop others
        return cache

    def __init__(self, path: Path | None, key: str):
        self.path, self.key = path, key
        self.entries: dict[str, Any] = {}
        self.discarded = ""
        self._loaded: list[dict[str, Any]] = [{} for _ in range(self.SHARDS)]
        if path is not None and path.is_dir():
            collecting = gc.isenabled()
            gc.disable()  # unpickling allocates a great many objects; none are garbage
            try:
                for n in range(self.SHARDS):
                    shard = path / f"{n:02d}.pickle"
                    if shard.is_file():
                        self._loaded[n] = self._read(shard)
                        self.entries.update(self._loaded[n])
            finally:
                if collecting:
                    gc.enable()

    def _read(self, path: Path) -> dict[str, Any]:
        try:
            with path.open("rb") as fh:
                data = pickle.load(fh)
        except Exception as exc:  # corrupt, truncated, or from an incompatible version
            self.discarded = f"unreadable ({type(exc).__name__})"
            return {}
        if not isinstance(data, dict) or data.get("key") != self.key or not isinstance(data.get("entries"), dict):
            self.discarded = "made by another version or configuration"
            return {}
        return data["entries"]

    @staticmethod
    @functools.lru_cache(maxsize=1 << 17)
    def _shard(name: str) -> int:
        return zlib.crc32(name.encode("utf-8", "surrogatepass")) % Cache.SHARDS

    def get(self, name: str, digest: str) -> Any:
        hit = self.entries.get(name)
        return hit[1] if hit is not None and hit[0] == digest else None

    def save(self, entries: dict[str, tuple[Any, ...]], background: bool = False) -> None:
        """Replace the stored entries (so deleted inputs leave the cache too): only the
        shards whose entries changed are rewritten. `background`: pickled and written by a
        forked child while the build goes on (a cold build's second core is idle through
        clustering and planning); `wait_for_writers` joins it."""
        self.entries = entries
        if self.path is None:
            return
        self.path.mkdir(parents=True, exist_ok=True)  # a folder that cannot be made fails here, not in a child
        if background and hasattr(os, "fork"):
            self._held.pop((self.path, self.key), None)  # the next open reads what the child wrote
            pid = os.fork()
            if pid:
                _writers.append(pid)
                return
            code = 1
            try:
                self._write(entries)
                code = 0
            finally:
                os._exit(code)
        self._write(entries)
        if (self.path, self.key) in self._held:
            self._held[(self.path, self.key)] = (_stamp(self.path), self)

    def _write(self, entries: dict[str, tuple[Any, ...]]) -> None:
        shards: list[dict[str, Any]] = [{} for _ in range(self.SHARDS)]
        for name, entry in entries.items():
            shards[self._shard(name)][name] = entry
        self.path.mkdir(parents=True, exist_ok=True)
        self.path.with_name(self.path.name + ".pickle").unlink(missing_ok=True)  # earlier versions' one file
        for n, shard in enumerate(shards):
            old = self._loaded[n]
            if shard.keys() == old.keys() and all(old[k] is v or old[k] == v for k, v in shard.items()):
                continue
            target = self.path / f"{n:02d}.pickle"
            if not shard:
                target.unlink(missing_ok=True)
            else:
                tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
                with tmp.open("wb") as fh:
                    pickle.dump({"key": self.key, "entries": shard}, fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, target)
            self._loaded[n] = shard
        touch(self.path)  # used now, whether or not a shard changed
        prune(self.path)


_writers: list[int] = []


def wait_for_writers() -> None:
    """Join the cache writers `save(background=True)` forked; a failed one only costs the
    next build some parsing (every shard is replaced atomically and checked on read)."""
    while _writers:
        try:
            os.waitpid(_writers.pop(), 0)
        except ChildProcessError:
            pass


def _stamp(folder: Path) -> tuple[Any, ...]:
    try:
        with os.scandir(folder) as entries:
            return tuple(sorted((e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in entries))
    except OSError:
        return ()
