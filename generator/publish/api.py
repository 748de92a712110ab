"""The JSON API in the shape of the everyday-cc news API the seed schema comes from:
`/api/topics/<slug>/page/<n>/index.json` and `/api/stories/<slug>/index.json`."""
from __future__ import annotations

import functools
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from ..model import Article, Image, Provider, Story, Topic
from ..reuse.memo import Last, identical
from ..site.digest import Digester
from ..site.output import Output
from ..site.plan import Links, article_output
from ..text import strip_html


def _images(images: Sequence[Image]) -> list[dict[str, Any]]:
    return [{k: v for k, v in (("url", i.url), ("width", i.width), ("height", i.height), ("title", i.title),
                               ("attribution", i.attribution)) if v not in (None, "")} for i in images]


def _provider(p: Provider) -> dict[str, Any]:
    return {"name": p.name, "domain": p.domain, "images": _images((p.logo,) if p.logo else ())}


def item(a: Article, links: Links) -> dict[str, Any]:
    return {"path": links.page(article_output(a)), "title": a.title, "type": a.type, "heat": a.heat,
            "webUrl": a.web_url, "excerpt": strip_html(a.excerpt),
            "publishedDateTime": a.published.isoformat(timespec="seconds"),
            "updatedDateTime": a.updated.isoformat(timespec="seconds") if a.updated else None,
            "provider": _provider(links.known(a.provider)), "images": _images(a.images),
            "locale": a.locale or None, "topics": list(a.topics)}


_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def _dump(fields: dict[str, Any], encoded: dict[str, str]) -> bytes:
    """What json.dumps(sort_keys=True) makes of `fields` and `encoded` together, where the
    values of `encoded` are JSON already: an article's item is in several files (its
    topics' pages, its story's lead and members) and is encoded once per build."""
    parts = {k: _encode(v) for k, v in fields.items()}
    parts.update(encoded)
    return ("{" + ",".join(f"{_encode(k)}:{v}" for k, v in sorted(parts.items())) + "}\n").encode("utf-8")


TopicKeys = tuple[str, int, list[Article], list[tuple[list[Article], str]]]  # name, page size, articles, pages


@dataclass(frozen=True)
class Api:
    """The API files, and what they were made from: each topic's page keys, kept while its
    articles are the very same objects, and each story's file, kept while the story is.
    A kept story file renders with the build's links and items of the time it is made
    (`now`), never those of the build that made it."""

    outputs: list[Output]
    topics: dict[str, TopicKeys]
    stories: dict[int, tuple[Story, Output]]
    now: list[tuple[Links, _Items]]


def api_outputs(timeline: Sequence[Article], stories: Sequence[Story], topics: Sequence[Topic], links: Links,
                page_size: int, digester: Digester, by_topic: Mapping[str, list[Article]] | None = None,
                last: Last | None = None) -> Api:
    """Every API file, made lazily: each carries a key of what it is made from, so a
    rebuild skips serialising the thousands whose articles did not change. `last`: this
    stage's previous call. `timeline`: the articles newest first; `by_topic`: each topic's
    of them, when the caller has them (tally.Tally)."""
    if by_topic is None:
        by_topic = defaultdict(list)
        for a in timeline:
            for slug in a.topic_slugs:
                by_topic[slug].append(a)
    out = []
    items_of = _Items(links)  # shared by this build's files: an article is in several
    was = last.result if last is not None and last.inputs[3] == links else Api([], {}, {}, [])  # keys hold outlets
    made: dict[str, TopicKeys] = {}
    for t in topics:
        items = by_topic.get(t.slug, [])
        held = was.topics.get(t.slug)
        if held is None or held[0] != t.name or held[1] != page_size or not identical(held[2], items):
            chunks = [items[i:i + page_size] for i in range(0, len(items), page_size)] or [[]]
            held = (t.name, page_size, items, [(chunk, f"{t.name}|{n}/{len(chunks)}|" +
                                                ",".join(digester.article(a) for a in chunk))
                                               for n, chunk in enumerate(chunks, start=1)])
        made[t.slug] = held
        for n, (chunk, key) in enumerate(held[3], start=1):
            path = f"api/topics/{t.slug}/page/{n}/index.json"
            out.append(Output(path, functools.partial(_topic_page, t, n, len(held[3]), chunk, path, links, items_of),
                              key))
    now = was.now
    now[:] = [(links, items_of)]  # what the kept story files render with from here on
    kept = {}
    for s in stories:
        held_story = was.stories.get(id(s))
        if held_story is None or held_story[0] is not s:  # the same story: the same slug, path and key
            path = f"api/stories/{s.slug}/index.json"
            held_story = (s, Output(path, functools.partial(_story, s, path, now), digester.story(s)))
        kept[id(s)] = held_story
        out.append(held_story[1])
    return Api(out, made, kept, now)


class _Items:
    """item(a, links) encoded once per article for all the files it appears in (its topics'
    pages, its story's lead and members); articles go by id, the entry keeping the article."""

    def __init__(self, links: Links):
        self.links = links
        self.made: dict[int, tuple[Article, str]] = {}

    def __call__(self, a: Article) -> str:
        hit = self.made.get(id(a))
        if hit is None:
            hit = self.made[id(a)] = (a, _encode(item(a, self.links)))
        return hit[1]

    def array(self, articles: Sequence[Article]) -> str:
        return "[" + ",".join(map(self, articles)) + "]"


def _topic_page(t: Topic, n: int, count: int, chunk: Sequence[Article], path: str, links: Links,
                items_of: _Items) -> bytes:
    return _dump({"title": t.name, "path": links.page(path), "page": n, "nextPage": n + 1 if n < count else None},
                 {"value": items_of.array(chunk)})


def _story(s: Story, path: str, now: list[tuple[Links, _Items]]) -> bytes:
    links, items_of = now[0]
    wires = {k: [links.page(article_output(c)) for c in v] for k, v in s.wire_copies.items()}
    return _dump({"slug": s.slug, "title": s.lead.title, "path": links.page(path), "page": links.story(s),
                  "wireCopies": wires, "topics": list(s.topics),
                  "firstPublished": s.first_published.isoformat(timespec="seconds"),
                  "lastPublished": s.last_published.isoformat(timespec="seconds")},
                 {"lead": items_of(s.lead), "value": items_of.array(s.members)})
