"""Which search-index shard each page belongs to, and which shards a build changed.

Pagefind has no incremental mode: an index is made from all of its pages at once. So the
site's index is cut into shards, one per publication month of the article and story pages
(records.py: nothing else is indexed), and a build re-indexes only the shards whose
records changed. An hourly build of new articles touches the current month; an edit
touches its article's month (and its story's, when that began in another). The search
page merges the shards in the browser (templates/search.html), newest first, from
`shards.json`."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Mapping, Sequence

from ..reuse.memo import Last, identical
from ..site.plan import Links
from ..urls import SiteUrls
from .records import Record, outlet_logo, page_record

ROOT = SiteUrls()  # records name pages from the site root: Pagefind's script puts the base path in front
LISTING = "shards.json"  # in out/pagefind/: the shards the search page merges, with their digests


@dataclass(frozen=True)
class Shard:
    records: tuple[Record, ...]  # by URL
    digest: str  # of the records: equal digests, equal index


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


def plan_shards(pages: Sequence, links: Links, asset_base: str, last: Last | None = None) -> dict[str, Shard]:  # type: ignore[type-arg]
    """Shard name → its pages' search records and their digest, from the planned pages.
    `last` (this stage's previous call) only saves work: a page of the very same article or
    story as last time, at the same address, has the same record."""
    logo = outlet_logo(links, asset_base)
    was = _last_records(last, links, asset_base)
    members: dict[str, list[Record]] = {}
    for page in pages:
        name = shard_of(page.kind, page.context)
        if name is not None:
            subject, url = page.context[page.kind], ROOT.path(page.output)
            record = was.get((url, id(subject))) or page_record(page.kind, subject, url, logo)
            members.setdefault(name, []).append(record)
    shards = {}
    for name, records in members.items():
        records.sort(key=lambda r: r.url)
        held = last.result.get(name) if last is not None else None
        if held is not None and identical(held.records, records):
            shards[name] = held
            continue
        h = hashlib.sha256()
        for r in records:
            h.update(f"{r.url}\0{r.title}\0{r.image}\0{r.content}\n".encode("utf-8", "surrogatepass"))
        shards[name] = Shard(tuple(records), h.hexdigest())
    return shards


def _last_records(last: Last | None, links: Links, asset_base: str) -> dict[tuple[str, int], Record]:
    """(address, id of its article or story) → record, from the last call with these links
    (the inputs keep each subject alive, so its id is not another's)."""
    if last is None or last.inputs[1] != links or last.inputs[2] != asset_base:
        return {}
    by_url = {r.url: r for shard in last.result.values() for r in shard.records}
    found = {}
    for page in last.inputs[0]:
        if page.kind in ("article", "story"):
            url = ROOT.path(page.output)
            if url in by_url:
                found[(url, id(page.context[page.kind]))] = by_url[url]
    return found


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
