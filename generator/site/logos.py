"""Outlets' logos the site cannot show. Front matter copied from another site names logos by
that site's paths (everyday-cc's `/assets/images/organizations/techcrunch.com-50x50.jpg`);
built here, where no such file exists, every badge would be a broken image. A relative logo
that resolves to no file of the site gives way to the outlet's monogram, with one warning
per outlet. An absolute URL is kept: it is the outlet's or a CDN's, and only a browser can
tell whether it loads."""
from __future__ import annotations

from typing import Any, Collection, Sequence
from urllib.parse import unquote, urlsplit

from ..model import WARNING, Article, Diagnostic, Provider
from ..reuse.memo import Last, differing
from .plan import Links


def missing_logos(articles: Sequence[Article], links: Links, files: Collection[str], asset_base: str,
                  last: Last | None = None) -> tuple[frozenset[str], list[Diagnostic]]:
    """The logo URLs (as written) that are no file of the site (`files`: its static files'
    paths), and a warning for each outlet that shows its monogram instead, on its first
    article (by path) or the first whose related list names it. `last` (this stage's
    previous call) only saves work: an edit that names the same outlets, on a site with
    the same outlets' records and files, gets the same answer, and only the articles that
    are not the very objects of last time are looked at (found in C), not all 10,000."""
    if last is not None:
        was, was_links, was_files, was_base = last.inputs
        if was_base == asset_base and was_links.urls == links.urls and set(was_files) == set(files) \
                and dict(was_links.providers) == dict(links.providers) and len(articles) == len(was) \
                and all(_named(articles[i]) == _named(was[i]) for i in differing(articles, was)):
            return last.result
    return _missing_logos(articles, links, files, asset_base)


def _named(a: Article) -> tuple[Any, ...]:
    return a.source, a.provider, tuple(link.provider for link in a.related)


def _missing_logos(articles: Sequence[Article], links: Links, files: Collection[str], asset_base: str
                   ) -> tuple[frozenset[str], list[Diagnostic]]:
    known = links.providers
    shown: dict[int, tuple[Provider, str]] = {}  # id → an outlet as its badges show it, and where it is first named
    for a in articles:  # by source path; 10,000 on every rebuild, so the loop stays bare
        p = a.provider
        if id(p) not in shown:
            shown[id(p)] = (known.get(p.domain, p), a.source)
        for link in a.related:
            p = link.provider  # type: ignore[assignment]
            if id(p) not in shown and p is not None:
                shown[id(p)] = (p if p.domain not in known else known[p.domain], a.source)
    missing: dict[str, bool] = {}  # logo URL → no file of the site
    warned: dict[str, Diagnostic] = {}  # outlet's domain → its warning
    for p, source in sorted(shown.values(), key=_first_named):
        if p.logo is None:
            continue
        url = p.logo.url
        gone = missing.get(url)
        if gone is None:
            gone = missing[url] = _missing(url, links, files, asset_base)
        if gone and p.domain not in warned:
            warned[p.domain] = Diagnostic(source, 0, "provider", WARNING, f"logo {url[:120]!r} is not a file of "
                                          f"this site; {p.name} shows its monogram instead")
    return frozenset(url for url, gone in missing.items() if gone), sorted(warned.values(), key=_by_path)


def _first_named(entry: tuple[Provider, str]) -> tuple[str, str, str]:
    return entry[1], entry[0].domain, entry[0].name


def _missing(url: str, links: Links, files: Collection[str], asset_base: str) -> bool:
    resolved = links.urls.asset(url, asset_base)
    parts = urlsplit(resolved)
    if parts.scheme or parts.netloc:
        return parts.scheme not in ("http", "https")  # an absolute http(s) URL is kept
    base = links.urls.base_path
    path = unquote(parts.path)
    return not path.startswith(base) or path[len(base):] not in files


def _by_path(d: Diagnostic) -> tuple[str, str]:
    return d.path, d.message
