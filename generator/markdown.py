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
    return _MD.render(text)


def html_to_text(html_text: str) -> str:
    """Plain text of rendered HTML, for clustering and search; not for display."""
    return " ".join(html.unescape(_TAG.sub(" ", html_text)).split())  # split() splits where \s+ matches


def shift_headings(html_text: str) -> str:
    """Body headings start at h2: the page title is the only h1."""
    return _H1.sub(r"<\1h2>", html_text) if "h1>" in html_text else html_text
