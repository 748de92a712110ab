"""Markdown bodies → safe HTML. Raw HTML in input is escaped, and only http(s)
(or in-page) links survive: a body is untrusted text. Any other link keeps its text
and loses its target, as a reader would want ([Share](whatsapp://…), [More](/news/)
in scraped pages), rather than showing its Markdown."""
from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_ALLOWED = re.compile(r"^(https?://|#)", re.IGNORECASE)


def _validate_link(url: str) -> bool:
    return bool(_ALLOWED.match(url.strip()))


def _unwrap_unsafe(state: StateCore) -> None:
    """Links to anything but http(s) or the page become their text; such images, their alt text."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        kept: list[Token] = []
        unwrapping = False
        for tok in block.children:
            if tok.type == "link_open" and not _validate_link(tok.attrGet("href") or ""):
                unwrapping = True
            elif tok.type == "link_close" and unwrapping:
                unwrapping = False  # CommonMark links do not nest
            elif tok.type == "image" and not _validate_link(tok.attrGet("src") or ""):
                if tok.content:
                    text = Token("text", "", 0)
                    text.content = tok.content
                    kept.append(text)
            else:
                kept.append(tok)
        block.children = kept


def _make() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = lambda url: True  # every link parses; _unwrap_unsafe keeps only safe targets
    md.core.ruler.push("unwrap_unsafe", _unwrap_unsafe)
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


# A line of prose: letters and digits of any script, spaces and punctuation that is never
# markup with html, linkify and typographer off, not starting or ending with other whitespace
# nor starting a block (#, >, + - = list / rule / setext underline, 1. 1) list).
_PLAIN_LINE = re.compile(
    r"(?![\s#>+=-]|[0-9]{1,9}[.)](?: |\Z))[A-Za-z0-9 .,;:?!'\"()%$/@#+=^&<>\x80-\U0010ffff-]+(?<!\s)\Z")
_REF_OR_TAG = re.compile(r"&[#A-Za-z0-9]*;|<(?! )")  # what could be an entity or an autolink
_ATX = re.compile(r"(#{1,6}) +")


def _plain_html(text: str) -> str | None:
    """What markdown-it makes of a body of plain paragraphs and ATX headings only, which is
    most bodies, without parsing it; None for anything else. Every line is prose (above): no
    \\ ` * _ ~ [ ] | { } < (but "< ") or entity-like &...;, so nothing inline is markup and
    the text is only escaped as markdown-it escapes it (& < > "); no line starts a block
    but "# " headings (without closing #s), so the rest are paragraphs joined by soft breaks
    once the spaces around each line are dropped, unless they make indented code or a <br>."""
    if ("&" in text or "<" in text) and _REF_OR_TAG.search(text):
        return None
    out: list[str] = []
    para: list[str] = []
    for line in text.split("\n"):
        prose = line.strip(" ")  # markdown-it drops spaces around a line (two at the end: <br>)
        if not prose:
            if para:
                out.append("<p>" + escapeHtml("\n".join(para)) + "</p>\n")
                para = []
        elif prose[0] != "#":
            if (not para and line[:4] == "    ") or line[-2:] == "  " or not _PLAIN_LINE.match(prose):
                return None  # indented code, a hard break or not prose
            para.append(prose)
        else:
            m = _ATX.match(line)
            if m is None or prose[-1] == "#" or not _PLAIN_LINE.match(prose, m.end()):
                return None
            if para:
                out.append("<p>" + escapeHtml("\n".join(para)) + "</p>\n")
                para = []
            level = len(m.group(1))
            out.append(f"<h{level}>{escapeHtml(prose[m.end():])}</h{level}>\n")
    if para:
        out.append("<p>" + escapeHtml("\n".join(para)) + "</p>\n")
    return "".join(out)


def html_to_text(html_text: str) -> str:
    """Plain text of rendered HTML, for clustering and search; not for display."""
    return " ".join(html.unescape(_TAG.sub(" ", html_text)).split())  # split() splits where \s+ matches


def shift_headings(html_text: str) -> str:
    """Body headings start at h2: the page title is the only h1."""
    return _H1.sub(r"<\1h2>", html_text) if "h1>" in html_text else html_text
