"""A saved HTML page → the same Extraction the plain-text reader gives (fields, a Markdown
body, the byline, where each field came from), so both go through one model stage; or
NotAnArticle, with the reason, for a page that is not one article."""
from __future__ import annotations

import re
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ...urls import domain_of
from ..plaintext import Extraction
from . import NotAnArticle, dates, headline, outlet
from .body import main_text
from .headline import key
from .kind import rejection
from .meta import Found, PageMeta, read_meta
from .outlet import site_label

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")  # lxml refuses one in text it is given decoded
# control characters no text is made of (a bell, a NUL): lxml keeps them as U+FFFD, and with
# one in its tree trafilatura found no article text on a page of eleven thousand characters
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BYLINE_SPLIT = re.compile(r"\s*(?:;|,|&|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*", re.I)
EXCERPT_CHARS = 300


# comments and processing instructions left out, as trafilatura's own parser does: a page
# built by a script marks its text with <!-- --> between words and sentences, and trafilatura
# given those in the tree lost paragraphs (half of a New York Times article)
_PARSER = lxml_html.HTMLParser(remove_comments=True, remove_pis=True)


def parse(text: str) -> lxml_html.HtmlElement:
    try:
        tree = lxml_html.document_fromstring(_CONTROL.sub("", _XML_DECLARATION.sub("", text, count=1)), parser=_PARSER)
    except (etree.ParserError, ValueError):
        raise NotAnArticle("no HTML document in the file", "file", 1) from None
    if tree is None or tree.find("body") is None and not len(tree):
        raise NotAnArticle("no HTML document in the file", "file", 1)
    return tree


def extract(text: str) -> Extraction:
    tree = parse(text)
    page = read_meta(tree)
    url = page.first("url")
    try:
        body = main_text(tree, url.value if url else None)
    except Exception:  # trafilatura on HTML it cannot take apart: the file's problem, reported as such
        raise NotAnArticle("the page's HTML could not be taken apart into text", "file", 1) from None
    site_names = [f.value for f in page.all("site")]
    if url:
        site_names += [domain_of(url.value), site_label(domain_of(url.value))]
    why = rejection(page, body)
    if why or body is None:
        raise NotAnArticle(why or "no article text found", "page", 0)
    fields: dict[str, Any] = {}
    prov: dict[str, tuple[int, str]] = {}
    notes: list[tuple[int, str, str]] = []

    def found(name: str, value: Any, where: Found | None, rule: str = "") -> None:
        if value:
            fields[name], prov[name] = value, (where.line, where.rule) if where else (0, rule)

    title = headline.choose(page, site_names)
    found("title", title and " ".join(title.value.split()), title)
    try:
        published, updated = dates.publication(tree, page)
    except Exception:  # htmldate on a date it cannot take: as if the page had none
        published = updated = None
    found("publishedDateTime", published and published.value, published)
    found("updatedDateTime", updated and updated.value, updated)
    if published is None:
        notes.append((0, "publishedDateTime", "no publication date found"))
    found("webUrl", url and url.value, url)
    provider, named = outlet.choose(page, url.value if url else None, fields.get("title", ""))
    found("provider", provider if provider["name"] or provider["domain"] else None, named or url)
    if "provider" not in fields:
        notes.append((0, "provider", "no outlet found on the page"))
    found("images", _images(page), page.first("image"))
    description = page.first("description")
    found("excerpt", _shorten(description.value if description else body.first_paragraph), description,
          "first paragraph")
    language = page.first("language")
    found("locale", language and language.value.lower().replace("_", "-"), language)
    byline, by_rule = _byline(page, body.author, site_names)
    if byline:
        prov["byline"] = by_rule
    markdown, removed = _without_title(body.markdown, fields.get("title", ""))
    return Extraction(fields=fields, body=markdown + "\n" if markdown else "", byline=tuple(byline),
                      provenance=prov, removed=tuple(removed), notes=tuple(notes))


def _images(page: PageMeta) -> list[dict]:
    out = []
    for f in page.all("image"):
        image = {"url": f.value["url"]}
        for dim in ("width", "height"):
            value = str(f.value.get(dim) or "")
            if value.isdigit() and int(value) > 0:
                image[dim] = int(value)
        if isinstance(f.value.get("title") or f.value.get("alt"), str):
            image["title"] = f.value.get("title") or f.value.get("alt")
        out.append(image)
    return out


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"


def _byline(page: PageMeta, extracted: str, site_names: list[str]) -> tuple[list[str], tuple[int, str]]:
    """Names only: the page's own author metadata first, else the byline trafilatura read."""
    sources = [(f.value if isinstance(f.value, list) else [f.value], (f.line, f.rule)) for f in page.all("author")]
    if extracted:
        sources.append(([extracted], (0, "trafilatura byline")))
    for values, where in sources:
        names = []
        for value in values:
            for name in _BYLINE_SPLIT.split(value):
                name = re.sub(r"^(?:by|von|par|por|door|di|da)\s+", "", name.strip(), flags=re.I).strip()
                if (name and any(c.isalpha() for c in name) and len(name.split()) <= 5 and "@" not in name
                        and "://" not in name and not headline.is_site_name(name, site_names) and name not in names):
                    names.append(name)
        if names:
            return names, where
    return [], (0, "-")


def _without_title(markdown: str, title: str) -> tuple[str, list[tuple[int, str, str]]]:
    """The body without a first block that repeats the headline."""
    first, _, rest = markdown.partition("\n\n")
    if title and key(first.lstrip("#").strip()) == key(title):
        return rest.strip(), [(0, "title", first.strip())]
    return markdown, []
