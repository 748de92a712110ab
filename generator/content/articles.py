"""The model stage: RawDocument → Article. Every field of the seed schema is read and
typed here, once; a bad value becomes a diagnostic with its line, never an exception."""
from __future__ import annotations

import math
import re
import zlib
from datetime import datetime, timezone
from pathlib import PurePosixPath
from typing import Any, Callable

from ..config import Config
from ..dates import parse_datetime
from ..model import ERROR, WARNING, Article, Diagnostic, Image, Link, pixels
from ..terms import article_terms
from ..text import clean_text, slugify
from ..urls import domain_of, normalise_url, safe_http_url
from .load import RawDocument
from .markdown import html_to_text, render_markdown, shift_headings
from .providers import ProviderDirectory, logo_from

KNOWN_KEYS = {
    "category", "title", "excerpt", "publishedDateTime", "updatedDateTime", "webUrl",
    "originalUrl", "ampWebUrl", "cdnAmpWebUrl", "type", "quality", "heat", "published",
    "locale", "provider", "topics", "images", "related", "featuredContent", "secured", "date", "expiryDateTime",
}
_DATED_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")


class _Fields:
    """Reads typed fields from front matter, recording diagnostics against key lines."""

    def __init__(self, doc: RawDocument, meta: dict[str, Any]):
        self.doc, self.meta, self.diagnostics = doc, meta, []  # type: list[Diagnostic]

    def report(self, key: str, severity: str, message: str) -> None:
        line = self.doc.key_lines.get(key.split(".")[0], 1 if self.doc.meta is not None else 0)
        self.diagnostics.append(Diagnostic(self.doc.path, line, key, severity, message))

    def text(self, key: str, required: bool = False) -> str:
        """Text; a list or mapping is no text: dropped with a warning, or for a `required`
        field an error (the article is not built)."""
        value = self.meta.get(key)
        if value is None:
            return ""
        if isinstance(value, (dict, list)):
            kind = "a list" if isinstance(value, list) else "key: value pairs"
            if required:
                self.report(key, ERROR, f"expected text, got {kind} ({shown(value)}); the article is not built")
            else:
                self.report(key, WARNING, f"expected text, got {kind} ({shown(value)}); dropped")
            return ""
        return clean_text(str(value))

    def integer(self, key: str) -> int | None:
        value = self.meta.get(key)
        if value is None or value == "":
            return None
        number = whole_number(value)
        if number is None:
            self.report(key, WARNING, f"expected a number, got {shown(value)}; dropped")
        elif not -LARGEST <= number <= LARGEST:
            self.report(key, WARNING, f"{shown(value)} is out of range (at most {LARGEST:,} either way); dropped")
            return None
        return number

    def boolean(self, key: str, default: bool) -> bool:
        value = self.meta.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        lowered = str(value).strip().lower()
        if lowered in ("true", "yes", "1"):
            return True
        if lowered in ("false", "no", "0"):
            return False
        self.report(key, WARNING, f"expected true or false, got {value!r}; using {default}")
        return default

    def url(self, key: str) -> str | None:
        value = self.meta.get(key)
        if value in (None, ""):
            return None
        url = safe_http_url(value) if isinstance(value, str) else None
        if url is None:
            self.report(key, WARNING, f"not an http(s) URL, not linked: {str(value)[:80]!r}")
        return url

    def date(self, key: str, tz, required: bool = False) -> datetime | None:  # type: ignore[no-untyped-def]
        """A date in the site time zone; one that is none costs the field (a warning), or
        for a `required` one the article (an error)."""
        value = self.meta.get(key)
        if value in (None, ""):
            return None
        parsed = parse_datetime(value, tz)
        if parsed is None:
            self.report(key, ERROR if required else WARNING,
                        f"not a date: {shown(value, 60)} (expected ISO 8601, e.g. 2024-02-29T09:30:00Z, "
                        f"years 1000 to 9999); " + ("the article is not built" if required else "dropped"))
            return None
        return parsed.astimezone(tz)


LARGEST = 10**9  # quality and heat are scores; a number past this is a slip (1e400, 10**30), not a score


def whole_number(value: Any) -> int | None:
    """A YAML value as a whole number, or None: NaN, infinity, words, lists and yes/no are none."""
    if isinstance(value, bool) or isinstance(value, (list, dict)):
        return None
    if isinstance(value, int):
        return value
    try:
        number = float(value) if isinstance(value, float) else float(str(value).strip())
    except ValueError:
        return None
    if not math.isfinite(number):
        return None if math.isnan(number) else (LARGEST + 1 if number > 0 else -LARGEST - 1)
    return int(number)


def shown(value: Any, limit: int = 40) -> str:
    """A value as a message quotes it: short, and as the file wrote it where YAML lets us."""
    if isinstance(value, float) and not math.isfinite(value):
        text = "NaN" if math.isnan(value) else ("infinity" if value > 0 else "minus infinity")
    else:
        text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def scalar_text(value: Any) -> str:
    """Text of a nested value (a related item's title, an image's caption); a list, a
    mapping or NaN is none."""
    if value is None or isinstance(value, (list, dict)) or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    return clean_text(str(value))


def _provider_text(f: _Fields, p: dict[str, Any], key: str) -> str:
    value = p.get(key)
    if isinstance(value, (list, dict)):
        f.report(f"provider.{key}", WARNING, f"expected text, got {shown(value)}; dropped")
    return scalar_text(value)


def _images(f: _Fields, key: str, items: Any) -> tuple[Image, ...]:
    if items in (None, ""):
        return ()
    if not isinstance(items, list):
        f.report(key, WARNING, "expected a list of images; ignored")
        return ()
    out = []
    for i, item in enumerate(items):
        url = safe_http_url(item.get("url")) if isinstance(item, dict) else None
        if url is None:
            f.report(key, WARNING, f"image {i + 1}: no http(s) url; skipped")
            continue
        out.append(Image(url, pixels(item.get("width")), pixels(item.get("height")),
                         scalar_text(item.get("title")), scalar_text(item.get("attribution")),
                         item.get("isCached") is True))
    return tuple(out)


def _related(f: _Fields, items: Any, own_url: str | None, tz, providers: ProviderDirectory,
             limit: int) -> tuple[Link, ...]:  # type: ignore[no-untyped-def]
    """Related links: de-duplicated by normalised URL, self-links dropped, newest first."""
    if items in (None, ""):
        return ()
    if not isinstance(items, list):
        f.report("related", WARNING, "expected a list of related items; ignored")
        return ()
    seen = {normalise_url(own_url)} if own_url else set()
    links = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            f.report("related", WARNING, f"item {i + 1}: expected title/webUrl fields; skipped")
            continue
        url = safe_http_url(item.get("webUrl") or item.get("url"))
        title = scalar_text(item.get("title"))
        if url is None or not title:
            f.report("related", WARNING, f"item {i + 1}: needs a title and an http(s) webUrl; skipped")
            continue
        key = normalise_url(url)
        if key in seen:
            continue
        seen.add(key)
        p = item.get("provider") if isinstance(item.get("provider"), dict) else {}
        provider = providers.resolve(scalar_text(p.get("name")), scalar_text(p.get("domain")) or domain_of(url),
                                     logo_from(p.get("images")))
        quality = whole_number(item.get("quality"))
        link = Link(
            title=title, url=url, excerpt=scalar_text(item.get("excerpt")),
            published=parse_datetime(item.get("publishedDateTime"), tz),
            type=scalar_text(item.get("type")), provider=provider,
            quality=quality if quality is not None and -LARGEST <= quality <= LARGEST else None,
            images=_images(f, "related", item.get("images")),
        )
        link.__dict__["key"] = key  # Link.key's value, worked out above: not again for the parse cache
        links.append(link)
    epoch = datetime.min.replace(tzinfo=timezone.utc)
    links.sort(key=lambda l: (l.published or epoch, l.url), reverse=True)
    return tuple(links[:limit])


def _topics(f: _Fields, cfg: Config, text: str, assign: Callable[[str], list[str]]) -> tuple[str, ...]:
    raw = f.meta.get("topics")
    if isinstance(raw, str):
        raw = [raw]
    topics: list[str] = []
    if isinstance(raw, list):
        for t in raw:
            name = scalar_text(t)
            if name and slugify(name) and name not in topics:
                topics.append(name)
            elif not name or not slugify(name):
                f.report("topics", WARNING, f"topic {shown(t)} has no usable name; skipped")
    elif raw is not None:
        f.report("topics", WARNING, "expected a list of topic names; ignored")
    if not topics:
        topics = assign(text) or [cfg.default_topic]
        f.report("topics", "info", f"no topics given; assigned {', '.join(topics)}")
    return tuple(topics)


def article_slug(path: str, title: str) -> str:
    stem = PurePosixPath(path).stem
    m = _DATED_NAME.match(stem)
    slug = slugify(m.group(4)) if m else slugify(title)
    return slug or slugify(stem) or f"article-{zlib.crc32(path.encode()):08x}"


def build_article(doc: RawDocument, meta: dict[str, Any], body: str, cfg: Config,
                  providers: ProviderDirectory, assign_topics: Callable[[str], list[str]],
                  **extracted: Any) -> tuple[Article | None, list[Diagnostic]]:
    """One Article from merged front matter (or extracted fields) and a Markdown body."""
    f = _Fields(doc, meta)
    tz = cfg.tz
    title = f.text("title", required=True)
    if not title and not isinstance(meta.get("title"), (list, dict)):
        f.report("title", ERROR, "missing or empty title; the article is not built")
    given = "date" if meta.get("publishedDateTime") in (None, "") and meta.get("date") not in (None, "") else None
    published = f.date(given or "publishedDateTime", tz, required=True)
    if published is None and meta.get(given or "publishedDateTime") in (None, ""):
        f.report("publishedDateTime", ERROR, "missing publication date; the article is not built")
    if not title or published is None:
        return None, f.diagnostics
    updated = f.date("updatedDateTime", tz)
    web_url = f.url("webUrl")
    original_url = f.url("originalUrl")
    if web_url is None and "webUrl" not in meta:
        web_url = original_url
        if web_url is None:
            f.report("webUrl", WARNING, "no link to the original article")
    p = meta.get("provider")
    if p is not None and not isinstance(p, dict):
        f.report("provider", WARNING, "expected name/domain/images; ignored")
        p = None
    p = p or {}
    name, domain = _provider_text(f, p, "name"), _provider_text(f, p, "domain")
    if not name and not domain:
        f.report("provider", WARNING, "no provider; derived from the article URL")
    provider = providers.resolve(name, domain or domain_of(web_url), logo_from(p.get("images")))
    body_html = shift_headings(render_markdown(body)) if body.strip() else ""
    excerpt = f.text("excerpt")
    body_text = html_to_text(body_html)
    topics = _topics(f, cfg, " ".join((title, excerpt, body_text)), assign_topics)
    extra = {k: v for k, v in meta.items() if k not in KNOWN_KEYS}
    article = Article(
        source=doc.path, slug=article_slug(doc.path, title), title=title, published=published,
        provider=provider, topics=topics, excerpt=excerpt,
        updated=updated,
        expires=f.date("expiryDateTime", tz),
        web_url=web_url, original_url=original_url,
        amp_web_url=f.url("ampWebUrl"), cdn_amp_web_url=f.url("cdnAmpWebUrl"),
        category=f.text("category"), type=f.text("type") or "article",
        quality=f.integer("quality"), heat=f.integer("heat"),
        is_published=f.boolean("published", True), locale=f.text("locale"),
        images=_images(f, "images", meta.get("images")),
        related=_related(f, meta.get("related"), web_url, tz, providers, cfg.related_limit),
        featured_content=meta.get("featuredContent"),
        body_html=body_html, body_text=body_text,
        terms=article_terms(title, excerpt, body_text),
        extra=extra, secured=meta.get("secured") if isinstance(meta.get("secured"), str) else None,
        **extracted,
    )
    article.url_keys, article.title_key, [(link.key, link.title_key) for link in article.related]  # kept by the parse cache
    return article, f.diagnostics
