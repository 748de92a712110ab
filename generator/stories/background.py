"""How common a word is in the language at large (wordfreq's lists), so that a small or
one-topic corpus does not take "market" or "forecast" for a rare, telling word."""
from __future__ import annotations

import functools
import math
import re

from ..reuse.derived import Derived

AVERAGE_WORDS = 400  # a news article's length, to turn a word's frequency into a share of articles
_PARTS = re.compile(r"[-'’]")


@functools.lru_cache(maxsize=8)
def _frequencies(language: str) -> dict[str, float]:
    """wordfreq's small list (words used at least once per million); empty for a language
    it does not cover or when it is not installed: the corpus alone then judges."""
    try:
        from wordfreq import get_frequency_dict
        return get_frequency_dict(language, "small")
    except (ImportError, LookupError, ValueError, OSError):
        return {}


@functools.lru_cache(maxsize=8)
def document_share(language: str, derived: Derived | None = None):  # type: ignore[no-untyped-def]
    """term → the share of articles in general use that would contain it (one function per
    language, so a long-lived process looks each word up once). `derived`: the list as an
    earlier build read it (importing wordfreq was 0.25-0.4 s of every separate build)."""
    if derived is None:
        freq = _frequencies(language)
    else:
        freq = derived.table("words").made(language, lambda: _frequencies(language))
    floor = min(freq.values(), default=1e-6)

    @functools.lru_cache(maxsize=500_000)
    def share(term: str) -> float:
        f = freq.get(term) or freq.get(term + "s")  # terms fold the plural -s
        if f is None:  # a compound ("self-driving") is rarer than its rarest part; anything else is rare
            parts = [p for p in _PARTS.split(term) if p]
            f = min((freq.get(p, floor) for p in parts), default=floor) * 0.1 if len(parts) > 1 else floor
        return 1 - math.exp(-f * AVERAGE_WORDS)

    return share
