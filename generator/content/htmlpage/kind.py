"""Is this page one article? A home page, a section front or a list of teasers also has a
headline-like title and text, and built as an article it would be nonsense. The page's
own declaration (og:type, JSON-LD @type) and what the extracted text looks like (how
much prose, how much of it links) decide together; none of it is about any one site."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from .body import Body
from .meta import ARTICLE_TYPES, LISTING_TYPES, PageMeta

MIN_CHARS = 80  # letters and digits of two short sentences: the shortest wire briefs
LINK_SHARE = 0.5  # more of the text inside links than outside: a list of links
LISTED_LINK_SHARE = 0.25  # a page that calls itself a website or a list needs plain prose
LISTED_PARAGRAPHS = 3
MANY_ARTICLES = 3  # JSON-LD describing this many articles: a page listing them
# the address of a site's front page: "/", a language ("/de/", "/en-us") or an index file
_FRONT_PAGE = re.compile(r"/?(?:[a-z]{2}(?:[-_][a-z]{2})?/?)?(?:(?:index|default|home)\.\w+)?", re.I)


def declared(page: PageMeta) -> tuple[str, str]:
    """("article" | "listing" | "", the evidence) from what the page says it is."""
    og = next((f.value for f in page.kinds if f.rule == "og:type"), "")
    json_ld = [f.value for f in page.kinds if f.rule == "json-ld @type"]
    if page.article_nodes >= MANY_ARTICLES:
        return "listing", f"its JSON-LD describes {page.article_nodes} articles"
    if og == "article":
        return "article", "og:type article"
    for kinds, verdict in ((ARTICLE_TYPES, "article"), (LISTING_TYPES, "listing")):
        named = next((t for t in json_ld if t.lower() in kinds), None)
        if named:
            return verdict, f"JSON-LD @type {named}"
    if og and og != "article":
        return "listing", f"og:type is {og!r}"
    url = page.first("url")
    if url is not None and not urlsplit(url.value).query and _FRONT_PAGE.fullmatch(urlsplit(url.value).path):
        return "listing", f"its address is a site's front page ({url.rule} {url.value})"
    return "", ""


def rejection(page: PageMeta, body: Body | None) -> str | None:
    """Why this is not an article (a sentence for the diagnostic), or None."""
    kind, evidence = declared(page)
    said = f"; {evidence}" if kind == "listing" else ""
    if body is None or body.chars < MIN_CHARS:
        return f"not an article: no article text on the page (only links, menus or nothing){said}"
    if body.paragraphs == 0:
        return f"not an article: no paragraph of prose (a page of headlines, links or captions){said}"
    share = body.link_chars / body.chars
    if share >= LINK_SHARE and not (kind == "article" and body.paragraphs >= LISTED_PARAGRAPHS):
        return f"not an article: {share:.0%} of its text is links (a home, section or listing page){said}"
    if kind == "listing" and (share >= LISTED_LINK_SHARE or body.paragraphs < LISTED_PARAGRAPHS):
        detail = f"{share:.0%} of its text is links" if share >= LISTED_LINK_SHARE else \
            f"only {body.paragraphs} paragraph{'s' if body.paragraphs != 1 else ''} of prose"
        return f"not an article: {evidence}, and {detail} (a home, section or listing page)"
    return None
