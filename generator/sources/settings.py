"""`[[sources]]` and `[ingest]` of site.toml: each key declared once with its type, so a
typo stops the run with a message naming the key, as everywhere else in site.toml."""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlsplit

from ..text import slugify
from ..urls import clean_domain, safe_http_url

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")  # a folder under content/, never a path
SOURCE_KEYS = ("url", "name", "topics", "provider", "fulltext")


class SettingsError(ValueError):
    """A bad [sources] or [ingest] value; config.py reports it as a ConfigError."""


@dataclass(frozen=True)
class Source:
    url: str
    name: str  # the folder its articles go to: content/<name>/
    topics: tuple[str, ...] = ()
    provider_name: str = ""
    provider_domain: str = ""
    fulltext: bool = False


@dataclass(frozen=True)
class IngestSettings:
    """How hard ingest may pull. The defaults suit an hourly run of a few dozen feeds."""

    connect_timeout: float = 10.0  # seconds to open a connection
    read_timeout: float = 20.0  # seconds of silence while reading; a whole response gets 4x this
    max_bytes: int = 10_000_000  # a larger response (after decompression) is refused
    host_interval: float = 1.0  # seconds between two requests to one host
    max_pages: int = 5  # pages of a paged JSON API followed per run (nextPage)
    max_new: int = 100  # new entries written per source per run; the rest come next run
    max_backoff_hours: float = 24.0  # the longest wait after repeated failures


def _number(where: str, value: Any, kind: type) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float) if kind is float else int):
        raise SettingsError(f"{where}: expected {'a number' if kind is float else 'an integer'}, got {value!r}")
    if value <= 0:
        raise SettingsError(f"{where}: must be more than 0, got {value!r}")
    return kind(value)


def parse_ingest(table: Any) -> IngestSettings:
    if not isinstance(table, dict):
        raise SettingsError("ingest: expected a table")
    known = {f.name: f.type for f in fields(IngestSettings)}
    values = {}
    for key, value in table.items():
        if key not in known:
            raise SettingsError(f"ingest.{key}: unknown key (expected {', '.join(known)})")
        values[key] = _number(f"ingest.{key}", value, float if known[key] == "float" else int)
    return IngestSettings(**values)


def _default_name(url: str, taken: set[str]) -> str:
    parts = urlsplit(url)
    name = slugify(clean_domain(parts.netloc)) or "source"
    if name in taken:  # a second feed of one site: its path tells them apart
        name = slugify(f"{clean_domain(parts.netloc)} {parts.path} {parts.query}") or name
    return name[:80].strip("-")


def _source(n: int, table: Any, taken: set[str]) -> Source:
    where = f"sources[{n}]"
    if not isinstance(table, dict):
        raise SettingsError(f"{where}: expected a table ([[sources]] with url = ...)")
    for key in table:
        if key not in SOURCE_KEYS:
            raise SettingsError(f"{where}.{key}: unknown key (expected {', '.join(SOURCE_KEYS)})")
    url = table.get("url")
    if not isinstance(url, str) or not safe_http_url(url) or safe_http_url(url) != url.strip():
        raise SettingsError(f"{where}.url: expected an http(s) URL, got {url!r}")
    name = table.get("name", None)
    if name is None:
        name = _default_name(url.strip(), taken)
    elif not isinstance(name, str) or not _NAME.match(name):
        raise SettingsError(f"{where}.name: expected lower-case letters, digits and dashes (a folder name), "
                          f"got {name!r}")
    if name in taken:
        raise SettingsError(f"{where}.name: another source already writes to content/{name}/; give this one "
                          f"a name of its own")
    topics = table.get("topics", [])
    if not isinstance(topics, list) or not all(isinstance(t, str) and t.strip() for t in topics):
        raise SettingsError(f"{where}.topics: expected a list of topic names, got {topics!r}")
    provider = table.get("provider", {})
    if not isinstance(provider, dict):
        raise SettingsError(f"{where}.provider: expected a table such as {{ name = \"Example\", domain = \"example.org\" }}")
    for key, value in provider.items():
        if key not in ("name", "domain"):
            raise SettingsError(f"{where}.provider.{key}: unknown key (expected name, domain)")
        if not isinstance(value, str):
            raise SettingsError(f"{where}.provider.{key}: expected a string, got {value!r}")
    fulltext = table.get("fulltext", False)
    if not isinstance(fulltext, bool):
        raise SettingsError(f"{where}.fulltext: expected true or false, got {fulltext!r}")
    return Source(url=url.strip(), name=name, topics=tuple(t.strip() for t in topics),
                  provider_name=provider.get("name", "").strip(),
                  provider_domain=clean_domain(provider.get("domain", "")), fulltext=fulltext)


def parse_sources(value: Any) -> tuple[Source, ...]:
    """`[[sources]]`, numbered from 1 in messages as a reader counts them in the file."""
    if not isinstance(value, list):
        raise SettingsError("sources: expected [[sources]] tables, each with a url")
    out: list[Source] = []
    taken: set[str] = set()
    for n, table in enumerate(value, start=1):
        source = _source(n, table, taken)
        taken.add(source.name)
        out.append(source)
    return tuple(out)
