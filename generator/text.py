"""Small pure helpers for text that came from input: slugs, HTML stripping, truncation."""
from __future__ import annotations

import functools
import html
import re
import unicodedata

_SLUG_DROP = re.compile(r"[^a-z0-9]+")
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:br|p|div|li|ul|ol|h[1-6]|tr|td|blockquote)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
# characters no page or feed may carry (XML 1.0 forbids them; a surrogate cannot even be
# written as UTF-8): a YAML escape ("\u0000") or an entity ("&#xFFFF;") can still bring them
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@functools.lru_cache(maxsize=65536)
def slugify(text: str, max_len: int = 80) -> str:
    """ASCII slug; transliterates accents, drops what it cannot map.

    Always returns [a-z0-9-] only, so a slug can never form a path outside
    the folder it is joined to.
    """
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _SLUG_DROP.sub("-", norm.lower()).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0] or slug[:max_len]
    return slug.strip("-")


def strip_html(text: str) -> str:
    """Plain text from a string that may carry tags or entities (WordPress excerpts)."""
    if "<" not in text:  # no tag to drop (most input): entities and spaces only
        return " ".join(html.unescape(text).split())
    return _SPACE.sub(" ", html.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", text)))).strip()


_FORMATTING = re.compile(r"</?\s*(?:b|i|em|strong|span|a|p|br|small|sup|sub|mark|u)\b[^<>]*>", re.IGNORECASE)


def clean_text(text: str) -> str:
    """Display text from input: formatting tags and entities resolved, anything else
    (a `<script>` in a title) kept as literal text for the templates to escape."""
    if "<" not in text:  # no tag to resolve (most input); split() splits where \s+ matches
        text = " ".join(html.unescape(text).split())
    else:
        text = _BLOCK_TAG.sub(" ", text)
        text = _SPACE.sub(" ", html.unescape(_FORMATTING.sub("", text))).strip()
    return NOT_IN_XML.sub("", text) if NOT_IN_XML.search(text) else text


def truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.-–— ")
    return (cut or text[:limit]) + "…"


def initials(name: str) -> str:
    """Two-letter monogram for a provider without a logo ("The Korea Herald" → "KH")."""
    words = [w for w in re.split(r"[\s\-_.]+", name) if w]
    skip = {"the", "a", "an", "of", "and", "le", "la", "der", "die", "das"}
    main = [w for w in words if w.lower() not in skip] or words
    if not main:
        return "?"
    if len(main) == 1:
        return main[0][:2].upper() if main[0].isascii() else main[0][:1]
    return (main[0][:1] + main[1][:1]).upper()


def xml_escape(text: str) -> str:
    """&, < and > as entities (what xml.sax.saxutils.escape does, without importing urllib)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
