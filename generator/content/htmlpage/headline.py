"""The headline a reader sees. The visible `<h1>` is what the page shows, but pages also
put their logo, a kicker ("Crime | …") or a subtitle into an `<h1>`; og:title and JSON-LD
headline are clean but often carry the site's name ("… | NZZ") or an SEO variant. So an
`<h1>` is taken when the metadata confirms it, and the metadata's title otherwise."""
from __future__ import annotations

import re

from .meta import Found, PageMeta

# what sites put between a headline and their name: " | ", " - ", " – ", " — ", " · ", " :: "
SEPARATOR = re.compile(r"\s+(?:[|\-–—·•»]|::)\s+")
_QUOTES = str.maketrans("‘’‚‛“”„‟´`", "''''\"\"\"\"''")
MIN_WORDS = 2


def key(text: str) -> str:
    """For comparing titles: case, spacing and the kind of quote marks do not count."""
    return " ".join(text.translate(_QUOTES).split()).casefold()


def segments(title: str) -> list[str]:
    return [s.strip() for s in SEPARATOR.split(title) if s.strip()]


def _confirms(meta_title: str, h1: str) -> bool:
    """The metadata title is the h1, or the h1 with the site's name before or after it."""
    h = key(h1)
    return key(meta_title) == h or any(key(side) == h for side in _sides(meta_title))


def _sides(title: str) -> list[str]:
    """What is before and after each separator in a title."""
    cuts = list(SEPARATOR.finditer(title))
    return [title[:c.start()] for c in cuts] + [title[c.end():] for c in cuts]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", key(text)))


def choose(page: PageMeta, site_names: list[str]) -> Found | None:
    """The headline and where it came from; None for a page with no title at all."""
    metas = page.all("title") + page.all("doctitle")
    # blogs and some outlets put their own name in an <h1> (and in the title after the headline)
    h1s = [f for f in page.all("h1") if len(f.value.split()) >= MIN_WORDS and not names_site(f.value, site_names)]
    metas = [m for m in metas if not names_site(m.value, site_names)]
    for h in h1s:  # the visible headline, confirmed by what the page says its title is
        for m in metas:
            if _confirms(m.value, h.value):
                return Found(h.value, h.line, f"h1 (= {m.rule})")
    for h in h1s:  # an h1 with a kicker or subtitle around a clean title: the clean title
        for m in metas:
            clean = strip_site(m.value, site_names)
            if len(clean.split()) >= MIN_WORDS and key(clean) in key(h.value):
                return Found(clean, m.line, m.rule if clean == m.value else f"{m.rule}, site name cut")
    for h in h1s:  # an h1 much like a metadata title: reworded for social media, not another text
        words = _words(h.value)
        for m in metas:
            theirs = _words(strip_site(m.value, site_names))
            if words and theirs and len(words & theirs) / len(words | theirs) >= 0.6:
                return Found(h.value, h.line, f"h1 (like {m.rule})")
    for m in metas:
        clean = strip_site(m.value, site_names)
        if len(clean.split()) >= MIN_WORDS:
            return Found(clean, m.line, m.rule if clean == m.value else f"{m.rule}, site name cut")
    return h1s[0] if h1s else (metas[0] if metas else None)


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def names_site(text: str, site_names: list[str]) -> bool:
    """`text` is exactly one of the site's names (letters and digits compared)."""
    letters = _letters(text)
    return bool(letters) and any(letters == _letters(name) for name in site_names)


def is_site_name(part: str, site_names: list[str]) -> bool:
    """`part` names the site: one of its names or domains, letters only, or their initials."""
    p = _letters(part)
    if not p:
        return False
    for name in site_names:
        n = _letters(name)
        initials = "".join(w[0] for w in re.findall(r"\w+", name.casefold()))
        if n and (p == n or (len(p) >= 3 and p in n) or (n in p and 2 * len(n) >= len(p))
                  or (len(p) >= 2 and p == initials)):
            return True
    return False


def strip_site(title: str, site_names: list[str]) -> str:
    """The title without the site's name tacked on before or after it."""
    parts = segments(title)
    if len(parts) < 2:
        return title.strip()
    while len(parts) > 1 and is_site_name(parts[-1], site_names):
        parts.pop()
    while len(parts) > 1 and is_site_name(parts[0], site_names):
        parts.pop(0)
    if len(parts) == len(segments(title)):
        return title.strip()
    # cut at the separators the title had, so the headline's own dashes stay
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if start >= 0 and end > start else " - ".join(parts)
