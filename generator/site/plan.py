"""The route table: every page with its output path, template, context and inputs.
All data is computed here, before anything is rendered; one path, one page."""
from __future__ import annotations

import functools
import operator
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from types import MappingProxyType
from typing import Any, Iterable, Mapping, Sequence

from ..config import Config
from ..dates import local_day
from ..model import Article, Link, Provider, Story, Topic
from ..reuse.memo import Last, differing, identical
from ..text import slugify
from ..urls import SiteUrls
from .charts import Activity
from .overview import topic_activity
from .rank import highlights
from .tally import Tally

TOPIC_TOP = 3  # top stories at the head of a topic's first page
HOME_TOP = 5  # top stories across topics on the home page
PROVIDER_PAGE = 100  # articles per page of an outlet's list (one line each)


class PlanError(Exception):
    """Two pages claim one output path: a bug or a config clash, never an overwrite."""


@dataclass(frozen=True)
class Page:
    output: str  # path inside the output folder, POSIX, always ends in a file name
    template: str
    context: Mapping[str, Any]
    inputs: tuple[str, ...] = ()  # content sources the page was made from
    kind: str = ""


def article_output(a: Article) -> str:
    return a.output


def story_output(s: Story) -> str:
    """Stories of two or more articles get a page; for one article it would repeat the
    article page (thin, duplicate content), so the article page is the story's page."""
    return f"stories/{s.slug}/index.html" if len(s.members) > 1 else article_output(s.lead)


def provider_output(slug: str, page: int = 0) -> str:
    return f"providers/{slug}/" + (f"page/{page}/index.html" if page else "index.html")


def listing_pages(items: Sequence[Any], size: int) -> list[tuple[int, Sequence[Any]]]:
    """A newest-first list cut into pages that stay put as newer items arrive: (number,
    items) with the first page's number 0. Full pages are numbered from the oldest (page 1
    holds the oldest `size`), and the first page takes the newest items that fill no page
    of their own, `size` to `2 * size - 1` of them (all, when fewer). So a scheduled rebuild
    that adds news rewrites the first page and, every `size` items, makes one page, not every
    page of an archive whose numbers counted from the newest; a page's address keeps its
    items for bookmarks and search engines, and a sync to static hosting moves a few files."""
    archived = max(0, len(items) // size - 1)
    first = len(items) - archived * size
    return [(0, items[:first]), *((k, items[first + (archived - k) * size:first + (archived - k + 1) * size])
                                  for k in range(archived, 0, -1))]


def _neighbours(n: int, count: int) -> dict[str, int | None]:
    """The page numbers of a listing page's newer and older neighbours (None: none); the
    first page is 0, the `count - 1` others are numbered from the oldest."""
    if n == 0:
        return {"newer": None, "older": count - 1 if count > 1 else None}
    return {"newer": n + 1 if n < count - 1 else 0, "older": n - 1 if n > 1 else None}


@dataclass(frozen=True)
class Links:
    """What templates call to link anything; base-path aware through SiteUrls."""

    urls: SiteUrls
    providers: Mapping[str, Provider] = field(default_factory=dict)  # domain → the site's own record
    missing_logos: frozenset[str] = frozenset()  # logo URLs that are no file of the site (logos.py)

    @functools.cached_property
    def provider_pages(self) -> frozenset[str]:
        return frozenset(p.slug for p in self.providers.values())

    def known(self, p: Provider) -> Provider:
        """A related item's outlet as the site knows it (name, logo) when it has articles here."""
        return self.providers.get(p.domain, p)

    def page(self, output: str) -> str:
        return self.urls.path(output)

    def absolute(self, output: str) -> str:
        return self.urls.absolute(output)

    def article(self, a: Article) -> str:
        return self.urls.path(article_output(a))

    def story(self, s: Story) -> str:
        """A story's page; a story only one article covers has none, its article page stands in."""
        return self.urls.path(story_output(s))

    def topic(self, name: str, page: int = 0) -> str:
        """A topic's first page, or its page `page` (see listing_pages)."""
        base = f"topics/{slugify(name)}/"
        return self.urls.path(base + (f"page/{page}/index.html" if page else "index.html"))

    def provider(self, p: Provider, page: int = 0) -> str:
        """The provider's page, or "" for outlets seen only in related lists (no page)."""
        if p.slug not in self.provider_pages:
            return ""
        return self.urls.path(provider_output(p.slug, page))

    def static(self, path: str) -> str:
        return self.urls.path(path)


def story_related(story: Story, limit: int) -> list[Link]:
    """Members' related links merged: one per normalised URL, none pointing at a member."""
    own = {key for a in story.members for key in a.url_keys}
    titles = {_title_key(a.title) for a in story.members}
    merged: dict[str, Link] = {}
    for a in story.members:
        for link in a.related:
            key = link.key
            if key not in own and _title_key(link.title) not in titles:
                merged.setdefault(key, link)
    epoch = datetime.min.replace(tzinfo=timezone.utc)
    return sorted(merged.values(), key=lambda l: (l.published or epoch, l.url), reverse=True)[:limit]


def _title_key(title: str) -> str:
    return " ".join(re.findall(r"\w+", title.lower()))


def _by_day(stories: Sequence[Story], cfg: Config) -> list[tuple[date, list[Story]]]:
    days: dict[date, list[Story]] = {}
    tz = cfg.tz
    for s in stories:
        days.setdefault(local_day(s.first_published, tz), []).append(s)
    return list(days.items())


def _newest(stories: Iterable[Story]) -> list[Story]:
    return sorted(stories, key=lambda s: (s.first_published, s.slug), reverse=True)


def _sources(stories: Iterable[Story]) -> tuple[str, ...]:
    return tuple(sorted({a.source for s in stories for a in s.members}))


def _digest_pages(topic: Topic, stories: list[Story], cfg: Config, counts: Mapping[str, int],
                  activity: Activity | None) -> list[Page]:
    """The topic's stories, newest first by day (see listing_pages). The first page opens
    with its top stories, counts and chart; the others show only their own stories and the
    days they span, so that they keep their bytes while news arrives."""
    chunks = listing_pages(stories, cfg.page_size)
    pages = []
    for n, chunk in chunks:
        ctx: dict[str, Any] = {"topic": topic, "days": _by_day(chunk, cfg), "page_number": n,
                               **_neighbours(n, len(chunks))}
        if n == 0:
            ctx.update(article_count=counts.get(topic.slug, 0), story_count=len(stories),
                       top=highlights(stories, TOPIC_TOP), activity=activity)
        else:  # no counts, chart or top stories: those change with every story that comes
            ctx.update(span=(chunk[-1].first_published, chunk[0].first_published), top=[], activity=None)
        output = f"topics/{topic.slug}/" + (f"page/{n}/index.html" if n else "index.html")
        pages.append(Page(output, "topic.html", ctx, (), "topic"))
    return pages


Earlier = dict[str, dict[int, tuple[Story, list[Story]]]]  # topic slug → id(story) → (story, stories before it)


def _earlier_in_topics(a: Article, story: Story, earlier: Earlier) -> list[tuple[str, list[Story]]]:
    """For each of the article's topics, the stories just before its own. Earlier ones, not
    the newest: then a new or edited article changes the pages of a few later stories, not
    every article page of its topics (and a sync to the host moves a few files, not thousands)."""
    out = []
    for t in a.topics:
        held = earlier.get(slugify(t), {}).get(id(story))
        if held and held[1]:
            out.append((t, held[1]))
    return out


def _earlier_lists(by_topic: Mapping[str, list[Story]], last: Plan, limit: int = 5) -> Earlier:
    """For each topic and story, the stories just before it: one list object per topic and
    story, shared by the story's articles (so it is digested and rendered once). A list
    whose stories are the very same as last time is last time's object; a topic whose
    stories all are keeps its whole table."""
    out: Earlier = {}
    for slug, items in by_topic.items():
        was, held = last.by_topic.get(slug), last.earlier.get(slug, {})
        if was is not None and identical(was, items):
            out[slug] = held
            continue
        lists = {}
        for k, s in enumerate(items):
            new = items[k + 1:k + 1 + limit]
            old = held.get(id(s))
            lists[id(s)] = old if old is not None and old[0] is s and identical(old[1], new) else (s, new)
        out[slug] = lists
    return out


@dataclass
class Plan:
    """Every page, the links templates call, and what the pages were planned from. A
    rebuild's plan hands back last plan's very Page object when everything it shows is the
    same objects (or equal values) as last time, so the digest and sitemap stages see at a
    glance that it did not change; any other page is planned afresh and compared the exact
    way (digest.same)."""

    pages: list[Page] = field(default_factory=list)
    links: Links | None = None
    settings: tuple[Any, ...] = ()
    by_topic: dict[str, list[Story]] = field(default_factory=dict)
    earlier: Earlier = field(default_factory=dict)
    topics: dict[str, tuple[tuple[Any, ...], list[Story], list[Page]]] = field(default_factory=dict)
    kept: dict[str, Page] = field(default_factory=dict)  # output → story and provider pages
    articles: ArticlePages = field(default_factory=lambda: ArticlePages())


def plan_site(articles: Sequence[Article], timeline: Sequence[Article], stories: Sequence[Story],
              topics: Sequence[Topic], cfg: Config, tally: Tally | None = None,
              story_of: Mapping[str, Story] | None = None, last: Last | None = None) -> Plan:
    """Every page; `check_unique` then checks them against the static and generated files.
    `timeline`: the articles newest first; `tally` (their counts) and `story_of` (source →
    story) only save work, as does `last`, this stage's previous call."""
    settings = (cfg.page_size, cfg.timezone, cfg.related_limit)
    held = last.result if last is not None and last.result.settings == settings else Plan()
    urls = SiteUrls(cfg.base_url)
    if story_of is None:
        story_of = {a.source: s for s in stories for a in s.members}
    registry: dict[str, Provider] = {}
    if tally is not None:
        registry = tally.registry()
    else:
        for a in sorted(articles, key=operator.attrgetter("source")):
            registry.setdefault(a.provider.domain, a.provider)
    links = Links(urls, MappingProxyType(registry))
    newest = _newest(stories)
    by_topic: dict[str, list[Story]] = defaultdict(list)
    for s in newest:
        for slug in s.topic_slugs:
            by_topic[slug].append(s)
    counts, activity = topic_activity(articles, cfg, tally)
    topic_rows = [(t, counts.get(t.slug, 0), activity.get(t.slug)) for t in topics]
    latest, top = newest[: cfg.home_size], highlights(newest, HOME_TOP)
    pages = [
        Page("index.html", "home.html", {"days": _by_day(latest, cfg), "top": top, "topics": topic_rows},
             (), "home"),
        Page("topics/index.html", "topics.html", {"topics": topic_rows}, (), "topics"),
        Page("404.html", "404.html", {}, (), "404"),
        Page("search/index.html", "search.html", {}, (), "search"),
    ]
    topic_pages = {}
    for t in topics:
        items, shown = by_topic[t.slug], (t, counts.get(t.slug, 0), activity.get(t.slug))
        was = held.topics.get(t.slug)
        if was is None or was[0] != shown or not identical(was[1], items):
            was = (shown, items, _digest_pages(t, items, cfg, counts, activity.get(t.slug)))
        topic_pages[t.slug] = was
        pages += was[2]
    kept: dict[str, Page] = {}
    for s in (s for s in stories if len(s.members) > 1):
        output = story_output(s)
        page = held.kept.get(output)
        if page is None or page.context["story"] is not s:  # its related list is the story's own
            page = Page(output, "story.html", {"story": s, "story_related": story_related(s, cfg.related_limit)},
                        _sources([s]), "story")
        pages.append(page)
        kept[output] = page
    earlier = _earlier_lists(by_topic, held)
    article_pages = _article_pages(articles, story_of, earlier, held)
    pages += article_pages.pages
    pages += _provider_pages(timeline, held.kept, kept, tally and tally.newest_by_provider())
    return Plan(pages, links, settings, by_topic, earlier, topic_pages, kept, article_pages)


@dataclass
class ArticlePages:
    """The article pages of a plan, in the order of its articles (by source path), with the
    article and story each was made for."""

    sources: list[str] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    at: dict[str, int] = field(default_factory=dict)  # source → index


def _article_pages(articles: Sequence[Article], story_of: Mapping[str, Story], earlier: Earlier,
                   held: Plan) -> ArticlePages:
    """Each article's page. The last build's page stands for the same article object in the
    same story, unless its story's "Earlier in" list is new and differs. When the files are
    the same as last time (an edit), only the articles whose object or story differs, or
    whose story's list is new, are looked at: found by C-level passes, not a loop of 10,000."""
    moved = {sid: entry[0] for slug, lists in earlier.items() if lists is not held.earlier.get(slug)  # stories
             for sid, entry in lists.items() if held.earlier.get(slug, {}).get(sid) is not entry}  # whose list is new
    last = held.articles
    sources = list(map(_SOURCE, articles))
    out = ArticlePages(sources, list(articles), list(map(story_of.__getitem__, sources)))
    if sources == last.sources:
        out.pages, out.at = last.pages.copy(), last.at
        todo = set(differing(out.articles, last.articles, (out.stories, last.stories)))
        todo.update(out.at[a.source] for story in moved.values() for a in story.members)
        for i in todo:
            out.pages[i] = _article_page(out.articles[i], out.stories[i], earlier, moved,
                                         (last.articles[i], last.stories[i], last.pages[i]))
        return out
    out.at = dict(zip(sources, range(len(sources))))
    for a, s in zip(out.articles, out.stories):
        j = last.at.get(a.source)
        out.pages.append(_article_page(a, s, earlier, moved,
                                       None if j is None else (last.articles[j], last.stories[j], last.pages[j])))
    return out


_SOURCE = operator.attrgetter("source")


def _article_page(a: Article, s: Story, earlier: Earlier, moved: Mapping[int, Story],
                  held: tuple[Article, Story, Page] | None) -> Page:
    if held is not None and held[0] is a and held[1] is s and \
            (id(s) not in moved or _same_lists(held[2].context["more"], _earlier_in_topics(a, s, earlier))):
        return held[2]
    return Page(article_output(a), "article.html",
                {"article": a, "story": s, "more": _earlier_in_topics(a, s, earlier)},  # "more": the name overriding templates use
                (a.source,), "article")


def _provider_pages(timeline: Sequence[Article], last: Mapping[str, Page], kept: dict[str, Page],
                    by_provider: Mapping[str, list[Article]] | None = None) -> list[Page]:
    """Each outlet's articles, newest first, PROVIDER_PAGE to a page, then the outlets' index.
    A page of the last build (`last`) stands when it shows the very same articles.
    `by_provider`: each outlet's articles newest first, when the caller keeps them (tally.Tally)."""
    if by_provider is None:
        by_provider = defaultdict(list)
        for a in timeline:
            by_provider[a.provider.slug].append(a)
    provider_of = {slug: items[0].provider for slug, items in by_provider.items()}  # as its newest article has it
    pages = []
    for slug, items in sorted(by_provider.items()):
        chunks = listing_pages(items, PROVIDER_PAGE)
        for n, chunk in chunks:  # like a topic's pages
            output = provider_output(slug, n)
            ctx: dict[str, Any] = {"page_number": n, **_neighbours(n, len(chunks))}
            if n == 0:
                ctx["article_count"] = len(items)
            else:
                ctx["span"] = (chunk[-1].published, chunk[0].published)
            page = last.get(output)
            if page is None or page.context["provider"] is not provider_of[slug] \
                    or any(page.context.get(k) != v for k, v in ctx.items()) or not identical(page.context["articles"], chunk):
                page = Page(output, "provider.html", {"provider": provider_of[slug], "articles": chunk, **ctx},
                            (), "provider")
            pages.append(page)
            kept[output] = page
    rows = sorted(((provider_of[s], len(v)) for s, v in by_provider.items()),
                  key=lambda r: (-r[1], r[0].name.lower(), r[0].slug))
    pages.append(Page("providers/index.html", "providers.html", {"providers": rows}, (), "providers"))
    return pages


def _same_lists(last: list[tuple[str, list[Story]]], now: list[tuple[str, list[Story]]]) -> bool:
    return len(last) == len(now) and all(t == u and x is y for (t, x), (u, y) in zip(last, now))


def _claimant(p: Page) -> str:
    return f"{p.kind} page from {', '.join(p.inputs[:2]) or p.template}"


def check_unique(pages: Sequence[Page], files: Iterable[str]) -> None:
    """Static and generated files and pages: each output path has exactly one claimant."""
    files = list(files)
    outputs = {p.output for p in pages}
    if len(outputs) == len(pages) and len(set(files)) == len(files) and outputs.isdisjoint(files):
        return  # the usual case, in a pass over 20,000 pages that needs to describe none of them
    seen: dict[str, Page | str] = {}
    for f in files:
        if f in seen:
            raise PlanError(f"{f}: claimed twice (a static file and a generated feed, sitemap or API file?)")
        seen[f] = "a static or generated file"
    for p in pages:
        held = seen.get(p.output)
        if held is not None:  # described only now: 20,000 descriptions a build would go unread
            first = held if isinstance(held, str) else _claimant(held)
            raise PlanError(f"{p.output}: claimed by {first} and by {_claimant(p)}")
        seen[p.output] = p
