"""Feed bytes → entries, whatever the kind: RSS 0.9x/1.0/2.0 and Atom through feedparser
(the parser feed readers use: lenient with broken XML, character sets and dates), JSON
Feed 1.x, and the JSON API shape of the news sites our schema comes from (`value[]`,
`nextPage`), which our own build writes under api/. Pure: bytes in, a Feed or NotAFeed
out. Fields are still untrusted here; `entries` cleans them."""
from __future__ import annotations

import json
import re
import xml.sax
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import feedparser

from ..dates import parse_datetime
from ..urls import safe_http_url

_FEEDPARSER_KINDS = {"rss090": "RSS 0.90", "rss091n": "RSS 0.91", "rss091u": "RSS 0.91", "rss092": "RSS 0.92",
                     "rss093": "RSS 0.93", "rss094": "RSS 0.94", "rss20": "RSS 2.0", "rss10": "RSS 1.0",
                     "rss": "RSS", "atom01": "Atom 0.1", "atom02": "Atom 0.2", "atom03": "Atom 0.3",
                     "atom10": "Atom 1.0", "atom": "Atom", "cdf": "CDF"}
_HTML_START = re.compile(rb"^(?:\s|<!--.*?-->)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_FEED_START = re.compile(rb"^(?:\xef\xbb\xbf)?(?:\s|<!--.*?-->)*<(?:\?xml|rss|feed|rdf:RDF)\b", re.S)
_FEED_LINK = re.compile(rb"<link\b[^>]*type=[\"']?application/(?:rss|atom|feed)\+(?:xml|json)[^>]*>", re.I)
_HREF = re.compile(rb"href=[\"']?([^\"'\s>]+)", re.I)


class NotAFeed(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class FeedEntry:
    title: str = ""
    summary: str = ""
    link: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    images: list[dict[str, Any]] = field(default_factory=list)
    provider: dict[str, Any] | None = None  # the entry's own outlet (API shape)
    topics: list[str] = field(default_factory=list)  # the entry's own topics (API shape)
    related: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # quality, heat, locale (API shape)


@dataclass
class Feed:
    kind: str
    title: str = ""
    home: str = ""  # the site the feed belongs to
    entries: list[FeedEntry] = field(default_factory=list)
    next_page: str = ""  # the address of the next page, for paged kinds
    warnings: list[str] = field(default_factory=list)


def read_feed(body: bytes, content_type: str, url: str) -> Feed:
    """Detect the kind from the bytes (the Content-Type header is often wrong) and read it."""
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in (b"{", b"[") or "json" in content_type.lower() and head != b"<":
        return _json(body, content_type, url)
    start = body[:4096]
    if _HTML_START.match(start) or "html" in content_type.lower() and not _FEED_START.match(start):
        raise NotAFeed(_web_page(body, url))  # a feed served as text/html is still read
    return _xml(body, content_type, url)


def _web_page(body: bytes, url: str) -> str:
    found = _FEED_LINK.search(body[:200_000])
    href = _HREF.search(found.group(0)) if found else None
    link = safe_http_url(urljoin(url, href.group(1).decode("ascii", "replace"))) if href else None
    return "the address gives a web page, not a feed" + (f"; the page names its feed at {link}: put that in "
                                                          f"site.toml" if link else "")


def _xml(body: bytes, content_type: str, url: str) -> Feed:
    parsed = feedparser.parse(body, response_headers={"content-location": url,
                                                      "content-type": content_type or "application/xml"})
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    broken = isinstance(problem, xml.sax.SAXParseException)
    where = f" (line {problem.getLineNumber()})" if broken else ""
    if broken and not parsed.entries or not parsed.get("version") and not parsed.entries:
        if broken or problem is not None:
            raise NotAFeed(f"the feed is not well-formed XML{where}, and nothing could be read from it")
        raise NotAFeed("not a feed: no RSS, Atom or JSON Feed in the answer")
    feed = Feed(kind=_FEEDPARSER_KINDS.get(parsed.get("version", ""), "RSS or Atom"),
                title=parsed.feed.get("title", ""), home=parsed.feed.get("link", ""))
    if broken:
        n = len(parsed.entries)
        feed.warnings.append(f"the feed is not well-formed XML{where}; read {n} entr{'y' if n == 1 else 'ies'} anyway")
    feed.entries = [_xml_entry(e) for e in parsed.entries]
    return feed


def _when(value: Any) -> datetime | None:
    try:
        return datetime(*value[:6], tzinfo=timezone.utc) if value else None
    except (TypeError, ValueError):
        return None


def _xml_entry(e: Any) -> FeedEntry:
    links = [e.get("link", "")] + [link.get("href", "") for link in e.get("links", [])
                                   if link.get("rel", "alternate") == "alternate"]
    if e.get("guidislink") or not any(safe_http_url(u) for u in links):
        links.append(e.get("id", ""))
    # dict.get: feedparser's own get maps a missing date to the other one, with a warning
    published, updated = _when(dict.get(e, "published_parsed")), _when(dict.get(e, "updated_parsed"))
    images = []
    for media in [*e.get("media_content", []), *e.get("media_thumbnail", []), *e.get("enclosures", [])]:
        kind = media.get("type", "") or media.get("medium", "image")
        if kind.startswith("image") or kind == "image":
            images.append({"url": media.get("url") or media.get("href", ""),
                           "width": media.get("width"), "height": media.get("height")})
    return FeedEntry(title=e.get("title", ""), summary=e.get("summary", "") or _content(e),
                     link=next((u for u in links if safe_http_url(u)), ""),
                     published=published or updated, updated=updated if published else None, images=images)


def _content(e: Any) -> str:
    content = e.get("content") or []
    return content[0].get("value", "") if content else ""


def _json(body: bytes, content_type: str, url: str) -> Feed:
    try:
        data = json.loads(body)
    except UnicodeDecodeError:
        charset = re.search(r"charset=([\w.:-]+)", content_type or "")
        try:
            data = json.loads(body.decode(charset.group(1) if charset else "utf-8", errors="replace"))
        except (ValueError, LookupError):
            raise NotAFeed("the JSON could not be read (not in a character set it names)") from None
    except ValueError as exc:
        where = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise NotAFeed(f"the answer is not well-formed JSON{where}") from None
    if not isinstance(data, dict):
        raise NotAFeed("JSON, but neither a JSON Feed nor a news API page (no object at the top)")
    version = data.get("version")
    if isinstance(version, str) and version.startswith("https://jsonfeed.org/version/1"):
        return _json_feed(data, version, url)
    if isinstance(data.get("value"), list):
        return _api_page(data, url)
    raise NotAFeed("JSON, but neither a JSON Feed (no jsonfeed.org version) nor a news API page (no value list)")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _json_feed(data: dict[str, Any], version: str, url: str) -> Feed:
    feed = Feed(kind="JSON Feed " + version.rsplit("/", 1)[-1], title=_text(data.get("title")),
                home=_text(data.get("home_page_url")))
    items = data.get("items") if isinstance(data.get("items"), list) else []
    for item in items:
        if not isinstance(item, dict):
            continue
        # a link blog's item points at another site's piece: that piece is the article
        link = next((u for u in (urljoin(url, _text(item.get(k))) for k in ("external_url", "url", "id")
                                 if _text(item.get(k))) if safe_http_url(u)), "")
        summary = _text(item.get("summary")) or _text(item.get("content_text")) or _text(item.get("content_html"))
        images = [{"url": _text(item.get(k))} for k in ("image", "banner_image") if _text(item.get(k))]
        published = parse_datetime(_text(item.get("date_published")), timezone.utc)
        updated = parse_datetime(_text(item.get("date_modified")), timezone.utc)
        feed.entries.append(FeedEntry(title=_text(item.get("title")), summary=summary, link=link,
                                      published=published or updated, updated=updated if published else None,
                                      images=images))
    feed.next_page = urljoin(url, _text(data.get("next_url"))) if _text(data.get("next_url")) else ""
    return feed


def _api_page(data: dict[str, Any], url: str) -> Feed:
    feed = Feed(kind="news API", title=_text(data.get("title")), home=urlunsplit(urlsplit(url)[:2] + ("/", "", "")))
    for item in data["value"]:
        if not isinstance(item, dict):
            continue
        link = next((u for u in (_text(item.get(k)) for k in ("webUrl", "originalUrl", "url")) if safe_http_url(u)), "")
        extra = {k: item[k] for k in ("quality", "heat") if isinstance(item.get(k), (int, float))
                 and not isinstance(item.get(k), bool)}
        if _text(item.get("locale")):
            extra["locale"] = item["locale"]
        feed.entries.append(FeedEntry(
            title=_text(item.get("title")), summary=_text(item.get("excerpt")), link=link,
            published=parse_datetime(_text(item.get("publishedDateTime")), timezone.utc),
            updated=parse_datetime(_text(item.get("updatedDateTime")), timezone.utc),
            images=[i for i in item.get("images") or [] if isinstance(i, dict)] if isinstance(item.get("images"), list) else [],
            provider=item.get("provider") if isinstance(item.get("provider"), dict) else None,
            topics=[t for t in item.get("topics") or [] if isinstance(t, str)] if isinstance(item.get("topics"), list) else [],
            related=[r for r in item.get("related") or [] if isinstance(r, dict)] if isinstance(item.get("related"), list) else [],
            extra=extra))
    feed.next_page = next_page_url(url, data.get("page"), data.get("nextPage"))
    if data.get("nextPage") not in (None, "", False) and not feed.next_page:
        feed.warnings.append("the API names a next page, but its number is not in the address; read one page")
    return feed


def next_page_url(url: str, page: Any, next_page: Any) -> str:
    """The next page's address: `nextPage` as an address, or as a number put in place of
    this page's number in the address (`/page/1/index.json` → `/page/2/index.json`)."""
    if isinstance(next_page, str) and not next_page.isdigit():
        return safe_http_url(urljoin(url, next_page)) or ""
    if isinstance(next_page, bool) or not isinstance(next_page, (int, str)):
        return ""
    parts = urlsplit(url)
    numbers = list(re.finditer(r"(?<![0-9A-Za-z])\d+(?![0-9A-Za-z])", parts.path))
    if isinstance(page, int) and not isinstance(page, bool):
        numbers = [m for m in numbers if int(m.group(0)) == page] or numbers
    if numbers:
        m = numbers[-1]
        return urlunsplit(parts._replace(path=parts.path[:m.start()] + str(next_page) + parts.path[m.end():]))
    query = re.sub(r"(?<![\w])(page=)\d+", lambda m: m.group(1) + str(next_page), parts.query, count=1)
    return urlunsplit(parts._replace(query=query)) if query != parts.query else ""
