"""A feed entry → the front matter of a new article file in the seed schema. Everything
in a feed is untrusted: text fields lose their markup (a `<script>` with its content),
only http(s) addresses are kept, lengths are bounded, and the file name is made of a
date and a slug, so nothing from the feed can name a path. Pure: no I/O, no clock."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo
from typing import Any

import yaml

from ..dates import parse_datetime
from ..text import slugify, strip_html, truncate
from ..urls import clean_domain, domain_of, normalise_url, safe_http_url
from .kinds import Feed, FeedEntry
from .settings import Source

_HIDDEN = re.compile(r"<\s*(script|style|noscript|template|iframe|object|svg|math)\b.*?(?:<\s*/\s*\1\s*>|\Z)",
                     re.I | re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
TITLE_CHARS, EXCERPT_CHARS, NAME_CHARS = 300, 1000, 120
MAX_TOPICS, MAX_IMAGES, MAX_RELATED = 12, 8, 30
FIRST_SEEN_NOTE = "  # first seen: the feed gave no date"


def plain(value: Any, limit: int = EXCERPT_CHARS) -> str:
    """Text of a feed field: markup and what hides in it (scripts, styles) gone, entities
    resolved, control and direction-override characters dropped, spaces folded."""
    if not isinstance(value, str):
        return ""
    text = strip_html(_HIDDEN.sub(" ", value))
    return truncate(_CONTROL.sub("", text).strip(), limit)


@dataclass(frozen=True)
class NewArticle:
    """One entry made ready: its front matter and where it goes (within its source's folder)."""

    key: str  # the normalised webUrl: the duplicate test
    meta: dict[str, Any]
    first_seen: bool  # no date in the feed: publishedDateTime is when ingest first saw it
    notes: tuple[str, ...] = field(default=())

    @property
    def url(self) -> str:
        return self.meta["webUrl"]

    @property
    def title(self) -> str:
        return self.meta["title"]


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and 0 < value < 100_000 else None


def _images(images: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out, seen = [], set()
    for image in images:
        url = safe_http_url(image.get("url")) if isinstance(image, dict) else None
        if not url or url in seen:
            continue
        seen.add(url)
        clean: dict[str, Any] = {"url": url}
        for dim in ("width", "height"):
            if _int(image.get(dim)):
                clean[dim] = _int(image.get(dim))
        for text in ("title", "attribution"):
            if plain(image.get(text), NAME_CHARS):
                clean[text] = plain(image.get(text), NAME_CHARS)
        out.append(clean)
    return out[:MAX_IMAGES]


def _provider(given: Any) -> dict[str, Any] | None:
    if not isinstance(given, dict):
        return None
    domain = clean_domain(given.get("domain")) if isinstance(given.get("domain"), str) else ""
    name = plain(given.get("name"), NAME_CHARS)
    if not domain and not name:
        return None
    out: dict[str, Any] = {"name": name or domain, "domain": domain}
    logos = _images(given.get("images") or []) if isinstance(given.get("images"), list) else []
    if logos:
        out["images"] = logos[:1]
    return out


def provider_for(source: Source, feed: Feed, entry: FeedEntry, url: str) -> dict[str, Any]:
    """site.toml's provider, else the entry's own (the API shape has one per item), else
    the feed's site; an entry linking to another site (a link blog, an aggregator) is
    that site's piece."""
    if source.provider_name or source.provider_domain:
        domain = source.provider_domain or domain_of(url)
        return {"name": source.provider_name or domain, "domain": domain}
    own = _provider(entry.provider)
    if own:
        return own
    home = domain_of(safe_http_url(feed.home) or source.url)
    linked = domain_of(url)
    if linked and home and linked != home and not linked.endswith("." + home) and not home.endswith("." + linked):
        return {"name": linked, "domain": linked}
    return {"name": plain(feed.title, NAME_CHARS) or home, "domain": home}


def _related(related: list[dict[str, Any]], tz: tzinfo) -> list[dict[str, Any]]:
    out = []
    for r in related[:MAX_RELATED]:
        url, title = safe_http_url(r.get("webUrl")), plain(r.get("title"), TITLE_CHARS)
        if not url or not title:
            continue
        item: dict[str, Any] = {"title": title, "excerpt": plain(r.get("excerpt")), "webUrl": url}
        if isinstance(r.get("publishedDateTime"), str):
            when = parse_datetime(r["publishedDateTime"], tz)
            if when is not None:
                item["publishedDateTime"] = _stamp(when)
        provider = _provider(r.get("provider"))
        if provider:
            item["provider"] = {k: v for k, v in provider.items() if k != "images"}
        out.append(item)
    return out


def _stamp(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def prepare(entry: FeedEntry, source: Source, feed: Feed, now: datetime, tz: tzinfo) -> NewArticle | str:
    """The new article, or why the entry cannot be one (a sentence)."""
    url = safe_http_url(entry.link)
    if not url:
        return "no http(s) link: nothing to point the article at, or to tell it from one already here"
    excerpt = plain(entry.summary)
    title = plain(entry.title, TITLE_CHARS) or truncate(excerpt, 120)
    if not title:
        return "no title and no summary"
    first_seen = entry.published is None
    published = entry.published or now
    meta: dict[str, Any] = {"category": "news", "title": title, "excerpt": excerpt,
                            "publishedDateTime": _stamp(published)}
    if entry.updated is not None and entry.updated > published:
        meta["updatedDateTime"] = _stamp(entry.updated)
    meta.update({"webUrl": url, "type": "article", "published": True})
    for key in ("quality", "heat"):
        if key in entry.extra:
            meta[key] = entry.extra[key]
    if plain(entry.extra.get("locale"), 20):
        meta["locale"] = plain(entry.extra.get("locale"), 20)
    meta["provider"] = provider_for(source, feed, entry, url)
    topics = list(source.topics) or list(dict.fromkeys(plain(t, NAME_CHARS) for t in entry.topics if plain(t)))
    if topics:
        meta["topics"] = topics[:MAX_TOPICS]
    images = _images(entry.images)
    if images:
        meta["images"] = images
    related = _related(entry.related, tz)
    if related:
        meta["related"] = related
    notes = ("no date in the feed; dated when first seen",) if first_seen else ()
    return NewArticle(key=normalise_url(url), meta=meta, first_seen=first_seen, notes=notes)


def file_stem(article: NewArticle, tz: tzinfo) -> str:
    """YYYY-MM-DD-slug: the day in the site's time zone, a slug of [a-z0-9-] only."""
    published = parse_datetime(article.meta["publishedDateTime"], tz) or datetime(1970, 1, 1, tzinfo=tz)
    return f"{published.astimezone(tz):%Y-%m-%d}-{slugify(article.title, 60) or 'article'}"


def with_page(article: NewArticle, fields: dict[str, Any], tz: tzinfo) -> NewArticle:
    """Fill what the feed lacked from the article page itself (its date, its images)."""
    meta = dict(article.meta)
    first_seen = article.first_seen
    when = parse_datetime(fields.get("publishedDateTime"), tz) if fields.get("publishedDateTime") else None
    if first_seen and when is not None:
        meta["publishedDateTime"], first_seen = _stamp(when), False
    if "images" not in meta and isinstance(fields.get("images"), list):
        images = _images(fields["images"])
        if images:
            meta["images"] = images
    if not meta.get("excerpt") and isinstance(fields.get("excerpt"), str):
        meta["excerpt"] = plain(fields["excerpt"])
    notes = tuple(n for n in article.notes if first_seen or "first seen" not in n)
    return NewArticle(article.key, meta, first_seen, notes)


def file_text(article: NewArticle, body: str = "") -> str:
    """The file: front matter in the seed schema's order, then the body when there is one."""
    text = yaml.safe_dump(article.meta, sort_keys=False, allow_unicode=True, width=1000)
    if article.first_seen:
        text = "\n".join(line + FIRST_SEEN_NOTE if line.startswith("publishedDateTime:") else line
                         for line in text.split("\n"))
    return "---\n" + text + "---\n" + ("\n" + body.strip() + "\n" if body.strip() else "")
