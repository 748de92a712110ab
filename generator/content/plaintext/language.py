"""Which language a scraped page is in, told by its stop words (jusText's lists, about
100 languages): the words every sentence of prose needs and menus and labels lack."""
from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections import Counter

# A word is letters, digits and the combining marks written with them: `\w` lacks the vowel
# signs of Devanagari, Gujarati and other Indic scripts, and would cut "में" to "म"
_MARKS = "".join(chr(c) for c in range(0x300, sys.maxunicode + 1) if unicodedata.category(chr(c)) in ("Mn", "Mc"))
WORD = re.compile(r"[\w" + re.escape(_MARKS) + r"]+")


@functools.lru_cache(maxsize=1)
def _stoplists() -> dict[str, frozenset[str]]:
    import justext

    return {name: frozenset(justext.get_stoplist(name)) for name in sorted(justext.get_stoplists())}


@functools.lru_cache(maxsize=1)
def _lists_of_word() -> dict[str, tuple[int, ...]]:
    """Each stop word and the lists (by index in sorted name order) that hold it."""
    index: dict[str, list[int]] = {}
    for i, words in enumerate(_stoplists().values()):
        for w in words:
            index.setdefault(w, []).append(i)
    return {w: tuple(ids) for w, ids in index.items()}


def language(text: str) -> str:
    """The language (jusText's name for it) whose stop list covers most of the page's words."""
    names = list(_stoplists())
    hits = [0] * len(names)
    lists_of = _lists_of_word()
    for word, n in Counter(WORD.findall(text.lower())).items():
        for i in lists_of.get(word, ()):
            hits[i] += n
    best = max(range(len(names)), key=lambda i: (hits[i], names[i] == "English"))
    return names[best]


def stop_words(name: str) -> frozenset[str]:
    return _stoplists()[name]


# Where 03/04/2024 means 3 April: everywhere but the United States, so every language but
# English; an English page gets the US order unless a number above 12 says otherwise.
MONTH_FIRST = frozenset({"English", "Simple_English"})


def stop_share(text: str, stops: frozenset[str]) -> float:
    words = WORD.findall(text.lower())
    return sum(w in stops for w in words) / len(words) if words else 0.0


def content_words(text: str, stops: frozenset[str]) -> set[str]:
    return {w for w in WORD.findall(text.lower()) if len(w) > 2 and w not in stops and not w.isdigit()}
