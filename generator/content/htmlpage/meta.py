"""What a page says about itself: OpenGraph and Twitter tags, JSON-LD (schema.org) and
`<link rel=canonical>`, its `<h1>` and `<title>`. Publishers write these for search
engines and social cards, so they are the most reliable account of headline, date,
outlet and address; each value keeps where it came from, for `build.py check`."""
from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any, Iterator
from urllib.parse import urljoin

from lxml import html as lxml_html

from ...urls import safe_http_url


@dataclass(frozen=True)
class Found:
    value: Any
    line: int  # source line of the element it came from (0: unknown)
    rule: str  # e.g. "og:title", "json-ld headline", "canonical", "h1"


@dataclass
class PageMeta:
    """Candidates per field, most trusted first."""

    found: dict[str, list[Found]] = field(default_factory=dict)
    kinds: list[Found] = field(default_factory=list)  # og:type (lower-cased) and JSON-LD @types
    article_nodes: int = 0  # JSON-LD objects of an article type (several: a list of articles)

    def add(self, name: str, value: Any, line: int, rule: str) -> None:
        if rule.startswith("json-ld"):  # script text: entities were not decoded by the HTML parser
            value = html.unescape(value) if isinstance(value, str) else \
                [html.unescape(v) for v in value] if isinstance(value, list) else value
        if isinstance(value, str):
            value = " ".join(value.split())
        if value:
            self.found.setdefault(name, []).append(Found(value, line, rule))

    def first(self, name: str) -> Found | None:
        values = self.found.get(name)
        return values[0] if values else None

    def all(self, name: str) -> list[Found]:
        return self.found.get(name, [])


# schema.org types of a single piece of writing (NewsArticle, BlogPosting, Report...)
ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
                 "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle", "satiricalarticle",
                 "advertisercontentarticle", "blogposting", "liveblogposting", "socialmediaposting",
                 "report", "techarticle", "scholarlyarticle", "medicalscholarlyarticle"}
# pages that list other pages
LISTING_TYPES = {"collectionpage", "searchresultspage", "itemlist", "profilepage", "blog"}

_OG = {"og:title": "title", "og:url": "url", "og:site_name": "site", "og:description": "description",
       "article:published_time": "published", "og:published_time": "published",
       "article:modified_time": "modified", "og:updated_time": "modified",
       "article:author": "author", "twitter:title": "title", "twitter:description": "description",
       "description": "description", "author": "author", "application-name": "site", "og:locale": "locale"}


def read_meta(tree: lxml_html.HtmlElement) -> PageMeta:
    page = PageMeta()
    canonical = [(link.get("href", ""), link.sourceline or 0)
                 for link in tree.iterfind(".//link") if "canonical" in (link.get("rel") or "").lower().split()]
    tags = list(tree.iterfind(".//meta"))
    og_url = next((m.get("content", "") for m in tags if (m.get("property") or "").lower() == "og:url"), "")
    for href, line in canonical:  # a relative canonical means something only beside an absolute og:url
        page.add("url", safe_http_url(urljoin(og_url, href.strip()) if og_url else href), line, "canonical")
    for m in tags:
        key = (m.get("property") or m.get("name") or "").strip().lower()
        content, line = m.get("content") or "", m.sourceline or 0
        if key == "og:type":
            page.kinds.append(Found(content.strip().lower(), line, "og:type"))
        elif key in ("og:image", "og:image:url", "og:image:secure_url", "twitter:image"):
            _add_image(page, content, line, key)
        elif key in ("og:image:width", "og:image:height", "og:image:alt") and page.all("image"):
            last = page.all("image")[-1]  # the og:image these tags describe
            if last.rule.startswith("og:image"):
                last.value.setdefault(key.rsplit(":", 1)[1], content.strip())
        elif key in _OG:
            if key in ("article:author", "author") and safe_http_url(content):
                continue  # a profile page's address, not a name
            page.add(_OG[key], content, line, key)
    for script in tree.iterfind(".//script"):
        if "ld+json" in (script.get("type") or "").lower():
            _read_json_ld(page, script.text or "", script.sourceline or 0)
    for h1 in tree.iterfind(".//h1"):
        page.add("h1", h1.text_content(), h1.sourceline or 0, "h1")
    title = tree.find(".//title")
    if title is not None:
        page.add("doctitle", title.text_content(), title.sourceline or 0, "title element")
    root = tree.getroottree().getroot()
    page.add("language", (root.get("lang") or "").strip(), root.sourceline or 0, "html lang")
    for name in page.found:
        page.found[name].sort(key=lambda f: _RANK.get(f.rule, len(_RANK)))
    return page


# Most trusted first. JSON-LD is written per article where og: tags are often per template,
# but og:site_name names the outlet where JSON-LD's publisher is often the owning company.
_RANK = {rule: n for n, rule in enumerate((
    "json-ld headline", "og:title", "twitter:title", "json-ld name",
    "og:site_name", "json-ld publisher.name", "application-name", "json-ld WebSite name",
    "canonical", "og:url", "json-ld url", "json-ld mainEntityOfPage",
    "json-ld datePublished", "article:published_time", "og:published_time", "json-ld dateCreated",
    "json-ld dateModified", "article:modified_time", "og:updated_time",
    "json-ld author", "author", "article:author",
    "og:description", "json-ld description", "description", "twitter:description",
    "og:image", "og:image:url", "og:image:secure_url", "json-ld image", "twitter:image"))}


def _add_image(page: PageMeta, url: Any, line: int, rule: str, **extra: Any) -> None:
    url = safe_http_url(url) if isinstance(url, str) else None
    if url and url not in {f.value["url"] for f in page.all("image")}:
        page.add("image", {"url": url, **{k: v for k, v in extra.items() if v}}, line, rule)


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    """Every typed object in a JSON-LD document (lists and @graph included), outer first."""
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        for key in ("@graph", "mainEntity"):  # not itemListElement: those are other pages
            if key in data:
                yield from _nodes(data[key])


def types_of(node: dict[str, Any]) -> list[str]:
    """The node's schema.org types as written ("NewsArticle"), without a schema.org/ prefix."""
    kind = node.get("@type")
    names = kind if isinstance(kind, list) else [kind]
    return [n.rsplit("/", 1)[-1] for n in names if isinstance(n, str)]


def _names(value: Any) -> list[str]:
    """Names of schema.org persons or organisations given as text, objects or lists."""
    if isinstance(value, str):
        return [value] if value.strip() and not safe_http_url(value) else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    return []


def _read_json_ld(page: PageMeta, text: str, line: int) -> None:
    try:
        data = json.loads(text.strip().removeprefix("<!--").removesuffix("-->"), strict=False)
    except ValueError:
        return  # publishers' JSON-LD is often broken; the page has other sources
    articles = []
    for node in _nodes(data):
        types = types_of(node)
        page.kinds += [Found(t, line, "json-ld @type") for t in types]
        lowered = {t.lower() for t in types}
        if lowered & ARTICLE_TYPES:
            articles.append(node)
        elif "website" in lowered and isinstance(node.get("name"), str):
            page.add("site", node["name"], line, "json-ld WebSite name")
    page.article_nodes += len(articles)
    for node in articles[:1]:  # the page's own article; later ones are related links
        for key in ("headline", "name"):
            if isinstance(node.get(key), str):
                page.add("title", node[key], line, f"json-ld {key}")
                break
        for key, name in (("datePublished", "published"), ("dateCreated", "published"),
                          ("dateModified", "modified"), ("description", "description")):
            if isinstance(node.get(key), str):
                page.add(name, node[key], line, f"json-ld {key}")
        authors = _names(node.get("author"))
        if authors:
            page.add("author", authors, line, "json-ld author")
        publisher = _names(node.get("publisher"))
        if publisher:
            page.add("site", publisher[0], line, "json-ld publisher.name")
        for key in ("url", "mainEntityOfPage"):
            value = node.get(key)
            value = value.get("@id") or value.get("url") if isinstance(value, dict) else value
            if isinstance(value, str) and safe_http_url(value):
                page.add("url", value, line, f"json-ld {key}")
        images = node.get("image")
        for image in images if isinstance(images, list) else [images]:
            if isinstance(image, dict):
                _add_image(page, image.get("url") or image.get("contentUrl"), line, "json-ld image",
                           width=image.get("width"), height=image.get("height"), title=image.get("caption"))
            else:
                _add_image(page, image, line, "json-ld image")
