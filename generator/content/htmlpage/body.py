"""The article's own text out of a whole page (menus, teasers, share bars, sign-up boxes
and footers around it), as Markdown with its paragraphs, lists and headings.

trafilatura does the work: a well-kept extractor (body F1 0.958 on the ScrapingHub
article-extraction benchmark, ahead of readability and jusText), which we would not
write better. Its recall mode is used: a lost paragraph is worse than a kept caption."""
from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html
from trafilatura import bare_extraction
from trafilatura.xml import xmltotxt

from ...urls import safe_http_url
from ..plaintext import boilerplate

for _name in ("trafilatura", "htmldate", "justext", "readability"):
    # a page it cannot use is our diagnostic to give, not a log line on stderr
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False


@dataclass(frozen=True)
class Body:
    markdown: str
    chars: int  # letters and digits: a measure of length that holds for scripts without spaces
    link_chars: int  # of those, inside links
    paragraphs: int  # blocks of prose: 40 letters or more, ending as a sentence ends
    first_paragraph: str  # plain text, for the excerpt
    author: str  # trafilatura's reading of the byline ("A; B"), "" for none


# what ends a sentence in the scripts news is written in (Latin-style stops before a space)
_SENTENCE_END = re.compile(r"[.!?…‼⁇⁈⁉][\"'”’»)\]]*(?:\s|$)|[。！？．।॥؟۔։።။។]")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")
_LIST_ITEM = re.compile(r"(?:[-*+]|\d+[.)]) ")
_NOT_PROSE = re.compile(r"\s*(?:#|[-*+] |\d+[.)] |```)")  # headings, list items, code
PROSE_BLOCK = 40  # letters and digits: a sentence of eight words or so
LONG_BLOCK = 200


def main_text(tree: lxml_html.HtmlElement, url: str | None) -> Body | None:
    """None when trafilatura finds no main text at all."""
    doc = bare_extraction(tree, url=url, favor_recall=True, include_comments=False,
                          include_formatting=True, include_links=True, include_tables=True,
                          include_images=False, with_metadata=True)
    if doc is None or doc.body is None:
        return None
    body = doc.body
    for ref in body.iter("ref"):  # relative links were resolved against `url`; others stay text
        if not safe_http_url(ref.get("target")):
            ref.tag = "unwrap"
    # bold and italics go: news text needs neither, and CommonMark reads "**33%**of" as text
    etree.strip_tags(body, "unwrap", "hi")
    markdown = _unpitched(_rejoined(_tidy(xmltotxt(body, True)))).strip()
    link_chars = sum(_size(" ".join(ref.itertext())) for ref in body.iter("ref"))
    lines = (_plain(cell) for line in markdown.split("\n") if not _NOT_PROSE.match(line)
             for cell in line.split(" | "))  # layout tables hold whole articles
    prose = [line for line in lines if _is_prose(line)]
    return Body(markdown, _size(" ".join(body.itertext())), link_chars, len(prose),
                prose[0] if prose else "", doc.author or "")


def _tidy(markdown: str) -> str:
    """Runs of spaces and tabs inside lines collapsed (pages indent their text with them,
    and four leading spaces would make Markdown code); list nesting and code kept."""
    lines, fenced = [], False
    for line in markdown.split("\n"):
        text = line.strip()
        if text.startswith("```"):
            fenced = not fenced
        if fenced or text.startswith("```"):
            lines.append(line)
            continue
        nested = _LIST_ITEM.match(text) and line[:1] in (" ", "\t")
        indent = line[: len(line) - len(line.lstrip())].replace("\t", "    ") if nested else ""
        lines.append(indent + " ".join(text.split()))
    return "\n".join(lines)


_STOPS_SHORT = re.compile(r"[\w,;]$")  # a paragraph that stops mid-sentence
_LOWER = re.compile(r"\[?[a-z]")  # a word in lower case, or a link's text that starts with one
_LINK = re.compile(r"\[[^\]\n]+\]\([^)\n]+\)")
_GOES_ON = re.compile(r"[a-z,.;:)]")  # what carries a sentence on after a link
_GLUED_LINK = re.compile(r"(\]\([^()\s]*\))(?=[^\W\d_]{2})")  # "…each night](…)from 1 a.m.": the space lost


def _rejoined(markdown: str) -> str:
    """Paragraphs trafilatura broke at a link inside a sentence put back together ("…Apple
    will" / "[transition its lineup](…)" / ", including…"): a page that sets its text without
    <p> elements has each link printed as a block of its own; and the space after a link that
    a word follows, which it drops."""
    lines, fenced = [], False
    for line in markdown.split("\n"):  # code stays as it is
        fenced = fenced != line.startswith("```")
        lines.append((line if fenced or line.startswith("```") else _GLUED_LINK.sub(r"\1 ", line), fenced))
    out: list[str] = []
    k = 0
    while k < len(lines):
        line, code = lines[k]
        following = [text for text, in_code in itertools.takewhile(lambda x: not x[1], lines[k + 1:k + 3])]
        if out and not line and not code and following and _stops_short(out[-1]) and _carries_on(following):
            out[-1] += " " + following[0]
            k += 2
            while k < len(lines) and lines[k][0] and not lines[k][1] and _GOES_ON.match(lines[k][0]):
                out[-1] += ("" if lines[k][0][0] in ",.;:)" else " ") + lines[k][0]  # ", including …" below
                k += 1
            continue
        out.append(line)
        k += 1
    return "\n".join(out)


def _carries_on(following: list[str]) -> bool:
    """The paragraph after a break (and the line below it) goes on with the sentence before:
    it opens in lower case, or with a link that the sentence's words follow ("[MacBook
    Pro](…) was released", "[a link](…)" then ", including …")."""
    if _LOWER.match(following[0]):
        return True
    link = _LINK.match(following[0])
    if link is None:
        return False
    rest = following[0][link.end():].lstrip()
    return bool(_GOES_ON.match(rest)) if rest else len(following) > 1 and bool(_GOES_ON.match(following[1]))


def _stops_short(line: str) -> bool:
    """A line of running text (four words or more, no heading, list or table) that ends before
    its sentence does."""
    return len(line.split()) >= 4 and not _NOT_PROSE.match(line) and not line.startswith(("|", ">")) \
        and bool(_STOPS_SHORT.search(line))


def _plain(line: str) -> str:
    """A Markdown line as text: link targets and escapes dropped."""
    return " ".join(_ESCAPE.sub(r"\1", _MD_LINK.sub(r"\1", line)).split())


def _is_prose(text: str) -> bool:
    """Running text: sentences, or (in scripts that do not mark them) a long stretch of words."""
    size = _size(text)
    return size >= LONG_BLOCK or (size >= PROSE_BLOCK and bool(_SENTENCE_END.search(text)))


def _size(text: str) -> int:
    return sum(1 for c in text if c.isalnum())


# what the text-dump reader drops as the site's own notices (plaintext/boilerplate.py)
_SITE_NOTICES = frozenset({"copyright", "legal", "cookie-banner", "login-widget"})


def _unpitched(markdown: str) -> str:
    """Without the paragraphs in which the site speaks about itself, which trafilatura keeps
    when they sit inside the article's element: newsletter pitches, copyright and picture
    credits, legal notices, log-in prompts. The same rules read text dumps."""
    def notice(line: str) -> bool:
        text = _plain(line)
        return bool(text) and not _NOT_PROSE.match(line) and (
            boilerplate.pitch(text) or boilerplate.classify(text, "", set(), False) in _SITE_NOTICES)

    return "\n".join(line for line in markdown.split("\n") if not notice(line))
