"""The data model: frozen records that every later stage reads and none mutates.

Normalisation (dates into the site time zone, slugs, provider aliases) happens
once, when these are built in `generator.content.articles`; templates and later stages
can rely on the invariants documented here.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Mapping

from .terms import title_key
from .text import slugify
from .urls import normalise_url

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the input; `line` is 1-based, 0 when unknown."""

    path: str
    line: int
    field: str
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.field}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass(frozen=True)
class Image:
    url: str
    width: int | None = None
    height: int | None = None
    title: str = ""
    attribution: str = ""
    is_cached: bool = False


def pixels(value: Any) -> int | None:
    """An image's width or height as the schema gives it: a whole number of pixels, else none."""
    return value if type(value) is int and 0 < value <= 100_000 else None


@dataclass(frozen=True)
class Provider:
    """An outlet. `domain` is lower-case without `www.`; `slug` is its URL segment."""

    name: str
    domain: str
    slug: str
    logo: Image | None = None


@dataclass(frozen=True)
class Link:
    """A related item: another outlet's piece that an article points to."""

    title: str
    url: str
    excerpt: str = ""
    published: datetime | None = None
    type: str = ""
    provider: Provider | None = None
    quality: int | None = None
    images: tuple[Image, ...] = ()

    @functools.cached_property
    def key(self) -> str:
        """The URL's identity for de-duplication (kept in the parse cache once computed)."""
        return normalise_url(self.url)

    @functools.cached_property
    def title_key(self) -> str:
        return title_key(self.title)


@dataclass(frozen=True)
class Article:
    """One input file that made it into the site.

    `published` is timezone-aware in the site time zone. Text fields are plain,
    unescaped strings; escaping is the templates' job. `body_html` is already
    sanitised. `extra` holds front-matter keys the schema does not name.
    """

    source: str  # path relative to the content folder, POSIX separators
    slug: str
    title: str
    published: datetime
    provider: Provider
    topics: tuple[str, ...]
    excerpt: str = ""
    updated: datetime | None = None
    expires: datetime | None = None  # `expiryDateTime`: left out of builds from then on
    web_url: str | None = None
    original_url: str | None = None
    amp_web_url: str | None = None
    cdn_amp_web_url: str | None = None
    category: str = ""
    type: str = "article"
    quality: int | None = None
    heat: int | None = None
    is_published: bool = True
    locale: str = ""
    images: tuple[Image, ...] = ()
    related: tuple[Link, ...] = ()
    featured_content: Any = field(default=None, compare=False)
    body_html: str = ""
    body_text: str = ""  # plain text of the body, for clustering and search
    byline: tuple[str, ...] = ()
    dateline: str = ""
    title_derived: bool = False
    terms: tuple = field(default=(), repr=False, compare=False)  # terms.article_terms: words and counts for clustering
    # front-matter values are arbitrary YAML: kept out of hashing and equality
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)
    secured: str | None = field(default=None, repr=False, compare=False)

    @functools.cached_property
    def url_keys(self) -> tuple[str, ...]:
        """Identities of the article's own URLs (kept in the parse cache once computed)."""
        return tuple(normalise_url(u) for u in (self.web_url, self.original_url) if u)

    @functools.cached_property
    def title_key(self) -> str:
        """The headline's identity, for related items that name the article by title."""
        return title_key(self.title)

    @functools.cached_property
    def topic_slugs(self) -> tuple[str, ...]:
        """Its topics' URL segments, each once: two spellings of a topic are one topic."""
        return tuple(dict.fromkeys(slugify(t) for t in self.topics))

    @functools.cached_property
    def lede(self) -> str:
        """The excerpt to show above the body, or "" where the body opens with it (a scraped
        page's excerpt is its first paragraph): the reader reads it once."""
        said = " ".join(self.excerpt.removesuffix("…").split())
        return "" if said and said in " ".join(self.body_text[:len(self.excerpt) + 500].split()) else self.excerpt

    @functools.cached_property
    def output(self) -> str:
        """Its page's path in the site, asked for by several stages of every build."""
        return dated_output(self.published, self.slug)


def by_time(a: Article) -> tuple[datetime, str]:
    """Articles' order in time: by publication, then by source path."""
    return a.published, a.source


def dated_output(published: datetime, slug: str) -> str:
    if published.year < 1000:  # strftime's own way with short years
        return f"{published:%Y/%m/%d}/{slug}/index.html"
    return f"{published.year}/{published.month:02d}/{published.day:02d}/{slug}/index.html"  # no strftime: 30,000 calls


@dataclass(frozen=True)
class Topic:
    name: str
    slug: str
    description: str = ""


@dataclass(frozen=True)
class Story:
    """One news event. `slug` is stable: derived from the earliest member."""

    slug: str
    lead: Article
    members: tuple[Article, ...]  # lead first, then the rest by time
    wire_copies: Mapping[str, tuple[Article, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )  # member source -> other members that are near-identical copies of it

    @property
    def coverage(self) -> tuple[Article, ...]:
        return tuple(a for a in self.members if a is not self.lead)

    @functools.cached_property
    def topics(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for a in self.members:
            for t in a.topics:
                seen.setdefault(t, None)
        return tuple(seen)

    @functools.cached_property
    def topic_slugs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(slugify(t) for t in self.topics))

    @functools.cached_property
    def first_published(self) -> datetime:
        return min(a.published for a in self.members)

    @functools.cached_property
    def last_published(self) -> datetime:
        return max(a.published for a in self.members)
