"""sitemap.xml (an index of numbered sitemaps past 50,000 URLs) with lastmod from content
dates, and robots.txt naming it."""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime
from typing import Sequence

from ..reuse.memo import Last, differing
from ..site.plan import Links, Page
from ..text import xml_escape as escape

LIMIT = 50_000
_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def lastmod(page: Page) -> datetime | None:
    """The newest content date a page shows."""
    ctx = page.context
    if "article" in ctx:
        a = ctx["article"]
        return a.updated if a.updated is not None and a.updated > a.published else a.published
    if "story" in ctx:
        return ctx["story"].last_published
    if "days" in ctx:
        return max((s.last_published for _, day in ctx["days"] for s in day), default=None)
    if "stories" in ctx:
        return max((s.last_published for s in ctx["stories"]), default=None)
    if "articles" in ctx:
        return max((a.published for a in ctx["articles"]), default=None)
    return None


Row = tuple[str, "datetime | None", str]  # URL, lastmod, its <url> element


def _row(loc: str, mod: datetime | None) -> Row:
    return loc, mod, (f"  <url><loc>{escape(loc)}</loc>" +
                      (f"<lastmod>{mod.isoformat(timespec='seconds')}</lastmod>" if mod else "") + "</url>")


def _urlset(rows: Sequence[Row]) -> bytes:
    out = ['<?xml version="1.0" encoding="utf-8"?>', f"<urlset {_NS}>", *(r[2] for r in rows), "</urlset>"]
    return ("\n".join(out) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Rows:
    """The sitemap's rows: each page's, in plan order (None: not in the sitemap), and all
    of them in sitemap order."""

    base: str
    pages: list[Page]
    of_page: list[Row | None]
    ordered: list[Row]


def _row_of(p: Page, links: Links) -> Row | None:
    if p.output.endswith(".html") and p.kind != "404":
        return _row(links.urls.absolute(p.output), lastmod(p))
    return None


def sitemap_rows(pages: Sequence[Page], links: Links, last: Last | None = None) -> Rows:
    """`last`: this stage's previous call. With as many pages as then, a page the plan
    handed back as the very same object in the same place keeps its row, and only the
    others' rows are taken out and put in (URLs are unique, so the rows' order is the
    one sorting them anew gives)."""
    base = links.urls.base_url
    was = last.result if last is not None else None
    if was is not None and base == was.base and len(pages) == len(was.pages):
        rows_of, rows = was.of_page.copy(), was.ordered.copy()
        differ = differing(pages, was.pages)
        for i in differ:  # all out first: a URL may move to another place in the plan
            if rows_of[i] is not None:
                del rows[bisect.bisect_left(rows, rows_of[i])]
        for i in differ:
            rows_of[i] = _row_of(pages[i], links)
            if rows_of[i] is not None:
                bisect.insort(rows, rows_of[i])
    else:
        rows_of = [_row_of(p, links) for p in pages]
        rows = sorted(r for r in rows_of if r is not None)
    return Rows(base, list(pages), rows_of, rows)


def sitemap_outputs(sitemap: Rows, links: Links, limit: int = LIMIT) -> list[tuple[str, bytes]]:
    """sitemap.xml (an index of numbered sitemaps past `limit` URLs) and robots.txt."""
    rows = sitemap.ordered
    out: list[tuple[str, bytes]] = []
    if len(rows) <= limit:
        out.append(("sitemap.xml", _urlset(rows)))
    else:
        parts = [rows[i:i + limit] for i in range(0, len(rows), limit)]
        index = ['<?xml version="1.0" encoding="utf-8"?>', f"<sitemapindex {_NS}>"]
        for n, part in enumerate(parts, start=1):
            name = f"sitemap-{n}.xml"
            out.append((name, _urlset(part)))
            newest = max((m for _, m, _ in part if m), default=None)
            index.append(f"  <sitemap><loc>{escape(links.absolute(name))}</loc>" +
                         (f"<lastmod>{newest.isoformat(timespec='seconds')}</lastmod>" if newest else "") + "</sitemap>")
        index.append("</sitemapindex>")
        out.append(("sitemap.xml", ("\n".join(index) + "\n").encode("utf-8")))
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {links.absolute('sitemap.xml')}\n"
    out.append(("robots.txt", robots.encode("utf-8")))
    return out
