"""What a separate build may take from the last one's story work, kept in the cache folder
between processes: results that depend only on one article's or one story's members' text,
and the last grouping's pair evidence.

The rules: an entry is found by a digest of everything it was made from (the texts, outlets
and thresholds that `text_key` or `article_key` is given), so an entry found is an entry
that would be made again, byte for byte; a pair's evidence is reused only between two
articles that `steady` finds unchanged in every input of their vectors. The folder's key
adds the generator's code and the libraries' versions. Anything unreadable or from other
code is dropped and made again; deleting it is safe.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Hashable, Mapping, Sequence, TypeVar

from .cache import fingerprint, prune, touch

T = TypeVar("T")
LIBRARIES = ("wordfreq",)  # whose data a table holds as it is (the language's word frequencies)


def text_key(*parts: Any) -> bytes:
    """The digest an entry is found by: of every input it was made from, in order (repr of
    plain data: strings, numbers, and tuples of them)."""
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def article_key(title: str, excerpt: str, body_text: str, published: float) -> bytes:
    """What an article's clustering evidence is made from: its words and its time."""
    return hashlib.blake2b(f"{title}\0{excerpt}\0{body_text}\0{published!r}".encode("utf-8", "surrogatepass"),
                           digest_size=16).digest()


@dataclass(frozen=True)
class Evidence:
    """The last grouping's pair evidence, for the next: how many articles, each term's
    document frequency, each article's signature by its key (article_key), and each compared
    pair's evidence by the two keys (None: compared and found unrelated)."""

    n: int
    df: Mapping[str, int]
    signatures: Mapping[bytes, tuple[int, ...]]
    pairs: Mapping[tuple[bytes, bytes], Any]


def steady(last: Evidence | None, keys: Sequence[bytes], df: Mapping[str, int],
           terms: Sequence[Sequence[Any]]) -> list[bool] | None:
    """Which articles' evidence is as the last grouping made it, so that a pair of two of
    them keeps its evidence: the same words at the same time (`keys`), and none of the
    article's terms (terms[i][0]) in more or fewer articles than then. An article's vector
    weighs its terms by their rarity, so a term that came or went anywhere changes the
    vector of every article holding it; a change in the number of articles changes every
    rarity, and then none is steady (None)."""
    if last is None or last.n != len(keys):
        return None
    changed = {t for t, k in df.items() if last.df.get(t) != k}
    changed.update(last.df.keys() - df.keys())
    known = last.signatures
    return [k in known and changed.isdisjoint(t[0]) for k, t in zip(keys, terms)]


@functools.lru_cache(maxsize=1)
def _versions() -> tuple[str, ...]:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name}=-")
    return tuple(found)


def derived_path(cache_dir: Path, content: Path) -> Path:
    return cache_dir / f"derived-{fingerprint(str(content.resolve()))[:10]}"


class Table:
    """One kind of entry. Bounded: a save keeps what this build used, and of the rest only
    the most recently used, up to as many again or `spare` (an edit leaves its story's old
    entry behind)."""

    def __init__(self, entries: dict[Hashable, Any], spare: int = 256):
        self.entries, self.spare = entries, spare
        self.used: dict[Hashable, None] = {}
        self.added = False

    def get(self, key: Hashable) -> Any:
        value = self.entries.get(key)
        if value is not None:
            self.used[key] = None
        return value

    def put(self, key: Hashable, value: Any) -> Any:
        self.entries[key] = value
        self.used[key] = None
        self.added = True
        return value

    def made(self, key: Hashable, make: Callable[[], T]) -> T:
        """The entry of `key`, made by `make` when there is none."""
        value = self.get(key)
        return self.put(key, make()) if value is None else value

    def kept(self) -> dict[Hashable, Any] | None:
        """What to write, or None when nothing was added."""
        if not self.added:
            return None
        rest = [k for k in self.entries if k not in self.used]
        room = max(len(self.used), self.spare) if self.spare else 0
        keep = {k: self.entries[k] for k in rest[max(0, len(rest) - room):]}
        keep.update((k, self.entries[k]) for k in self.used)  # most recently used last
        return keep


class Derived:
    """Tables of entries in a folder, one pickle a table, each read when first asked for."""

    _held: dict[Path, "Derived"] = {}

    @classmethod
    def open(cls, path: Path | None) -> "Derived":
        """The store at `path` (None: a store that keeps nothing). A long-lived process reuses
        its copy in memory, which stays right whoever else writes the folder: each entry is
        found by what it was made from."""
        if path is None:
            return cls(None)
        held = cls._held.get(path)
        if held is None or not path.is_dir():
            held = cls._held[path] = cls(path)
        return held

    def __init__(self, path: Path | None):
        self.path = path
        self.key = fingerprint("derived", _versions()) if path is not None else ""
        self._tables: dict[str, Table] = {}

    def table(self, kind: str, spare: int = 256) -> Table:
        """The entries of `kind`; `spare`: how many this build did not use a save keeps at
        least (0: only those it used)."""
        held = self._tables.get(kind)
        if held is None:
            held = self._tables[kind] = Table(self._read(kind), spare)
        return held

    def _read(self, kind: str) -> dict[Hashable, Any]:
        if self.path is None:
            return {}
        try:
            with (self.path / f"{kind}.pickle").open("rb") as fh:
                data = pickle.load(fh)
        except Exception:  # absent, corrupt, truncated, or from an incompatible version
            return {}
        if not isinstance(data, dict) or data.get("key") != self.key or not isinstance(data.get("entries"), dict):
            return {}
        return data["entries"]

    def save(self) -> None:
        """Write the tables that got new entries (each atomically), then start counting use
        afresh, for a long-lived process's next build."""
        if self.path is None:
            return
        for kind, table in self._tables.items():
            keep = table.kept()
            if keep is not None:
                self.path.mkdir(parents=True, exist_ok=True)
                target = self.path / f"{kind}.pickle"
                tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
                tmp.write_bytes(pickle.dumps({"key": self.key, "entries": keep}, protocol=pickle.HIGHEST_PROTOCOL))
                os.replace(tmp, target)
                table.entries = keep
            table.used, table.added = {}, False
        if self.path.is_dir():
            touch(self.path)
            prune(self.path)
