"""Atom and JSON Feed 1.1 for the site and each topic: one entry per story, newest 50,
absolute URLs, ids from story identity and `updated` from content dates (never the clock)."""
from __future__ import annotations

import functools
import json
from datetime import datetime
from typing import Iterable, Sequence
from urllib.parse import urlsplit

from ..config import Config
from ..model import Story, Topic
from ..site.digest import Digester
from ..site.output import Output
from ..site.plan import Links, story_output
from ..text import xml_escape as escape

FEED_SIZE = 50


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def entry_id(cfg: Config, story: Story) -> str:
    """Stable across rebuilds: the story slug (itself from the earliest article) under the site's host."""
    host = urlsplit(cfg.base_url).hostname if cfg.base_url else ""
    return f"tag:{host},2024:story/{story.slug}" if host else f"urn:newsdigest:story:{story.slug}"


def _url(links: Links, story: Story) -> str:
    return links.absolute(story_output(story))


def _summary(story: Story) -> str:
    text = story.lead.excerpt or story.lead.body_text[:300]
    others = story.coverage
    if others:
        names = ", ".join(dict.fromkeys(a.provider.name for a in others))
        text = f"{text} (+{len(others)} more: {names})".strip()
    return text


def _newest(stories: Iterable[Story]) -> list[Story]:
    return sorted(stories, key=lambda s: (s.last_published, s.slug), reverse=True)[:FEED_SIZE]


def atom(cfg: Config, links: Links, stories: Sequence[Story], title: str, self_path: str, page_path: str) -> bytes:
    items = _newest(stories)
    updated = _iso(items[0].last_published) if items else "1970-01-01T00:00:00+00:00"
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
           f"  <title>{escape(title)}</title>",
           f'  <link rel="self" type="application/atom+xml" href="{escape(links.absolute(self_path))}"/>',
           f'  <link rel="alternate" type="text/html" href="{escape(links.absolute(page_path))}"/>',
           f"  <id>{escape(links.absolute(self_path) if cfg.base_url else 'urn:newsdigest:feed:' + self_path)}</id>",
           f"  <updated>{updated}</updated>", "  <generator>newsdigest</generator>"]
    for s in items:
        out += ["  <entry>", f"    <title>{escape(s.lead.title)}</title>",
                f'    <link rel="alternate" type="text/html" href="{escape(_url(links, s))}"/>',
                f"    <id>{escape(entry_id(cfg, s))}</id>",
                f"    <published>{_iso(s.first_published)}</published>",
                f"    <updated>{_iso(s.last_published)}</updated>",
                f"    <author><name>{escape(s.lead.provider.name)}</name></author>",
                *[f'    <category term="{escape(t).replace(chr(34), "&quot;")}"/>' for t in s.topics],
                f'    <summary type="text">{escape(_summary(s))}</summary>', "  </entry>"]
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode("utf-8")


def json_feed(cfg: Config, links: Links, stories: Sequence[Story], title: str, self_path: str, page_path: str) -> bytes:
    items = []
    for s in _newest(stories):
        item = {"id": entry_id(cfg, s), "url": _url(links, s), "title": s.lead.title,
                "summary": _summary(s), "content_text": _summary(s),
                "date_published": _iso(s.first_published), "date_modified": _iso(s.last_published),
                "authors": [{"name": s.lead.provider.name}], "tags": list(s.topics)}
        if s.lead.web_url:
            item["external_url"] = s.lead.web_url
        if s.lead.images:
            item["image"] = s.lead.images[0].url
        items.append(item)
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": title,
            "home_page_url": links.absolute(page_path), "feed_url": links.absolute(self_path),
            "language": cfg.language, "items": items}
    return (json.dumps(feed, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def feed_outputs(cfg: Config, links: Links, stories: Sequence[Story], topics: Sequence[Topic],
                 digester: Digester) -> list[Output]:
    """Site and topic feeds, made lazily and keyed by their newest stories, so an edit to an
    older article rewrites none of them. `stories`: newest first, as build_stories gives them."""
    by_topic: dict[str, list[Story]] = {}
    for s in stories:
        for slug in s.topic_slugs:
            by_topic.setdefault(slug, []).append(s)
    feeds = [("", stories, cfg.title, "index.html")]
    feeds += [(f"topics/{t.slug}/", by_topic.get(t.slug, []), f"{t.name} · {cfg.title}", f"topics/{t.slug}/index.html")
              for t in topics]
    out = []
    for base, mine, name, page in feeds:
        newest = list(mine[:FEED_SIZE])  # in _newest's order already
        key = name + "|" + ",".join(digester.story(s) for s in newest)
        for fmt, make in (("feed.xml", atom), ("feed.json", json_feed)):
            out.append(Output(base + fmt, functools.partial(make, cfg, links, newest, name, base + fmt, page), key))
    return out
