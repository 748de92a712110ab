"""`fulltext = true`: an entry's own page, fetched (when its robots.txt allows) and read by
the HTML-page extractor the build uses for saved pages (generator/htmlpage), so a feed
that carries only teasers still gives articles with a body. A page that cannot be had
or read leaves the entry as the feed gave it, with a note saying why."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..content.htmlpage import NotAnArticle
from ..content.htmlpage.charset import decode_page
from .fetch import PAGE_ACCEPT, Fetcher, FetchFailed
from .robots import Robots


@dataclass
class Page:
    body: str = ""  # Markdown
    fields: dict[str, Any] = field(default_factory=dict)  # what the page says of itself: date, images
    note: str = ""  # why there is no body


def read_page(url: str, fetcher: Fetcher, robots: Robots) -> Page:
    if not robots.allowed(url):
        return Page(note="its site's robots.txt does not allow fetching the page; kept the feed's text")
    try:
        got = fetcher.get(url, accept=PAGE_ACCEPT)
    except FetchFailed as exc:
        return Page(note=f"the article page could not be fetched: {exc.message}; kept the feed's text")
    from ..content.htmlpage.extract import extract  # trafilatura and htmldate load only when a page is read

    text, _diagnostics = decode_page(got.body, url)
    try:
        found = extract(text)
    except NotAnArticle as exc:
        return Page(note=f"the article page was not read as an article ({exc.message}); kept the feed's text")
    except Exception:  # the extractor on HTML it cannot take apart: the page's problem, not the run's
        return Page(note="the article page could not be taken apart into text; kept the feed's text")
    return Page(body=found.body, fields=dict(found.fields))
