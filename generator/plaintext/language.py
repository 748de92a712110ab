"""Which language a scraped page is in, told by its stop words (jusText's lists, about
100 languages): the words every sentence of prose needs and menus and labels lack."""
from __future__ import annotations

import functools
import re
from collections import Counter

WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=1)
def _stoplists() -> dict[str, frozenset[str]]:
    import justext

    return {name: frozenset(justext.get_stoplist(name)) for name in sorted(justext.get_stoplists())}


def stop_words(text: str) -> frozenset[str]:
    """The stop list that covers most of the page's words."""
    counts = Counter(WORD.findall(text.lower()))
    lists = _stoplists()
    best = max(lists, key=lambda name: (sum(n for w, n in counts.items() if w in lists[name]), name == "English"))
    return lists[best]


def stop_share(text: str, stops: frozenset[str]) -> float:
    words = WORD.findall(text.lower())
    return sum(w in stops for w in words) / len(words) if words else 0.0


def content_words(text: str, stops: frozenset[str]) -> set[str]:
    return {w for w in WORD.findall(text.lower()) if len(w) > 2 and w not in stops and not w.isdigit()}
