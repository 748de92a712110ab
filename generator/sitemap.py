"""sitemap.xml (an index of numbered sitemaps past 50,000 URLs) with lastmod from content
dates, and robots.txt naming it."""
from __future__ import annotations

from datetime import datetime
from typing import Sequence

from .text import xml_escape as escape
from .plan import Links, Page

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


def sitemap_outputs(pages: Sequence[Page], links: Links, limit: int = LIMIT,
                    memo: dict[int, tuple[Page, str, Row]] | None = None
                    ) -> list[tuple[str, bytes]]:
    """`memo`: a long-lived process's rows of its last build, by page; a page the plan handed
    back as the very same object (plan.PlanMemo) keeps its row."""
    last, rows, made, base = memo or {}, [], {}, links.urls.base_url
    for p in pages:
        if p.output.endswith(".html") and p.kind != "404":
            held = last.get(id(p))
            if held is None or held[0] is not p or held[1] != base:
                held = (p, base, _row(links.urls.absolute(p.output), lastmod(p)))
            made[id(p)] = held
            rows.append(held[2])
    rows.sort()
    if memo is not None:
        memo.clear()
        memo.update(made)
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
