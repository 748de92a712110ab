"""Which search-index shard each page belongs to, and which shards a build changed.

Pagefind has no incremental mode: an index is made from all of its pages at once. So the
site's index is cut into shards, one per publication month of the article and story pages
(the pages the templates mark `data-pagefind-body`; nothing else is indexed), and a build
re-indexes only the shards whose pages' bytes changed. An hourly build of new articles
touches the current month; an edit touches its article's month (and the month of a page
whose "Earlier in" list names it, when that is the next one). The search page merges the
shards in the browser (templates/search.html), newest first, from `shards.json`."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterable, Mapping

LISTING = "shards.json"  # in out/pagefind/: the shards the search page merges, with their digests


@dataclass(frozen=True)
class Shard:
    pages: tuple[str, ...]  # output paths, sorted
    digest: str  # of the pages' paths and bytes: equal digests, equal index


def month(when: datetime) -> str:
    """The shard of a page published then: its URL's year and month (model.dated_output's)."""
    return f"{when.year:04d}-{when.month:02d}"


def shard_of(kind: str, context: Mapping) -> str | None:  # type: ignore[type-arg]
    """An article page goes by its article's month, a story page by its first article's, so
    that a story keeps its shard as later coverage joins it. Other pages are not indexed."""
    if kind == "article":
        return month(context["article"].published)
    if kind == "story":
        return month(context["story"].first_published)
    return None


def plan_shards(pages: Iterable, hashes: Mapping[str, str]) -> dict[str, Shard]:  # type: ignore[type-arg]
    """Shard name → its pages and digest, from the planned pages and the sha256 of every
    output as published (SiteWriter.hashes)."""
    members: dict[str, list[str]] = {}
    for page in pages:
        name = shard_of(page.kind, page.context)
        if name is not None:
            members.setdefault(name, []).append(page.output)
    shards = {}
    for name, rels in members.items():
        rels.sort()
        h = hashlib.sha256()
        for rel in rels:
            h.update(f"{rel}\0{hashes.get(rel, '')}\n".encode("utf-8", "surrogatepass"))
        shards[name] = Shard(tuple(rels), h.hexdigest())
    return shards


def listing(digests: Mapping[str, str]) -> bytes:
    """shards.json: newest shard first (the search page's primary index), each with the
    digest of the pages it was made from ("" while it is being made again)."""
    rows = [{"name": name, "digest": digests[name]} for name in sorted(digests, reverse=True)]
    return (json.dumps({"shards": rows}, indent=1, sort_keys=True) + "\n").encode()


def indexed(root: Path) -> dict[str, str]:
    """Shard name → digest, as the index in `root` (out/pagefind) was made; {} for none."""
    try:
        rows = json.loads((root / LISTING).read_bytes())["shards"]
        return {row["name"]: row["digest"] for row in rows if isinstance(row["name"], str)}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def stale(shards: Mapping[str, Shard], held: Mapping[str, str]) -> list[str]:
    """The shards to index again: new ones and those whose pages changed, newest first."""
    return sorted((name for name, shard in shards.items() if held.get(name) != shard.digest), reverse=True)
