"""Markdown bodies → safe HTML. Raw HTML in input is escaped, and only http(s)
(or in-page) links survive: a body is untrusted text."""
from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

_ALLOWED = re.compile(r"^(https?://|#)", re.IGNORECASE)


def _validate_link(url: str) -> bool:
    return bool(_ALLOWED.match(url.strip()))


def _make() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = _validate_link
    default_image = md.renderer.rules["image"]

    def image(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        tokens[idx].attrSet("loading", "lazy")
        tokens[idx].attrSet("referrerpolicy", "no-referrer")
        return default_image(tokens, idx, options, env)

    md.add_render_rule("image", image)
    return md


_MD = _make()
_TAG = re.compile(r"<[^>]+>")
_H1 = re.compile(r"<(/?)h1>")


def render_markdown(text: str) -> str:
    simple = _plain_html(text)
    return simple if simple is not None else _MD.render(text)


_PLAIN_LINE = re.compile(r"[\w .-]*\Z")  # letters, digits, spaces, full stops, hyphens (and _)
_ATX = re.compile(r"(#{1,6}) (?=[^\W_])")


def _plain_html(text: str) -> str | None:
    """What markdown-it makes of a body of plain paragraphs and ATX headings only (lines of
    letters, digits, spaces, full stops and hyphens, paragraphs starting with a letter, no
    space at either end, no closing #s), which is most bodies, without parsing it; None
    for anything else. Nothing in such text is markup, needs escaping or starts a block."""
    if "_" in text:
        return None
    out: list[str] = []
    para: list[str] = []
    for line in text.split("\n"):
        if line and line[-1] != " ":
            if line[0] == "#":
                m = _ATX.match(line)
                if m is None or not _PLAIN_LINE.match(line, m.end()):
                    return None
                if para:
                    out.append("<p>" + "\n".join(para) + "</p>\n")
                    para = []
                level = len(m.group(1))
                out.append(f"<h{level}>{line[m.end():]}</h{level}>\n")
                continue
            if line[0].isalpha() and _PLAIN_LINE.match(line):
                para.append(line)
                continue
            return None
        if line:  # trailing space
            return None
        if para:
            out.append("<p>" + "\n".join(para) + "</p>\n")
            para = []
    if para:
        out.append("<p>" + "\n".join(para) + "</p>\n")
    return "".join(out)


def html_to_text(html_text: str) -> str:
    """Plain text of rendered HTML, for clustering and search; not for display."""
    return " ".join(html.unescape(_TAG.sub(" ", html_text)).split())  # split() splits where \s+ matches


def shift_headings(html_text: str) -> str:
    """Body headings start at h2: the page title is the only h1."""
    return _H1.sub(r"<\1h2>", html_text) if "h1>" in html_text else html_text
