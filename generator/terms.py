"""Content words of an article, for story clustering. Computed once per file in the model
stage (so the parse cache keeps them) rather than on every build."""
from __future__ import annotations

import re
import zlib
from collections import Counter

WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
STOPWORDS = frozenset("""a about after again against all also an and any are as at be because been before being
between both but by can could did do does doing down during each few for from further had has have having he her
here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other
our out over own same she should so some such than that the their them then there these they this those through to
too under until up very was we were what when where which while who whom why will with would you your said says
new year years week weeks day days one two three first last also like would could may might per according
told via amid""".split())
CAPITALISED = re.compile(r"\b(?:[A-Z][\w'’-]*|[a-z]+[A-Z][\w'’-]*)")
OPENS = frozenset(".!?:;\"“”‘'(—–-|•")  # what a sentence or a quotation may start after


def _term(word: str) -> str:
    """The term a matched word counts as ('' for none); possessives and plural -s folded
    so paraphrases meet."""
    w = word.lower().strip("'’-")
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return w if len(w) > 2 and w not in STOPWORDS else ""


class _Terms(dict[str, str]):
    """word → _term(word), filled on first sight: a corpus repeats a small vocabulary, so
    most words cost one dict lookup. Emptied when it grows past a bound."""

    limit = 200_000

    def __missing__(self, word: str) -> str:
        if len(self) >= self.limit:
            self.clear()
        term = self[word] = _term(word)
        return term


_TERMS = _Terms()


def _words(text: str) -> list[str]:
    """Lower-case content words, in order."""
    return [t for t in map(_TERMS.__getitem__, WORD.findall(text)) if t]


# (terms in first-seen order, headline counts, full counts, how many lead terms are the title's, names)
Terms = tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...], int, frozenset[str]]


def article_terms(title: str, excerpt: str, body_text: str) -> Terms:
    """The words clustering compares: the headline (title counted twice, then the excerpt)
    and the full text (the headline and the body's first 250 words); terms in first-seen
    order, so the title's and then the headline's are prefixes. Names are the terms written
    with a capital inside a sentence of the excerpt or body (a headline in title case
    capitalises every word, so its capitals say nothing)."""
    head = Counter(_words(title))
    n_title = len(head)
    for term in list(head):
        head[term] *= 2
    head.update(_words(excerpt))
    full = head.copy()
    full.update(_words(" ".join(body_text.split()[:250])))
    names = frozenset(t for word in {*_names(excerpt), *_names(body_text)} for t in _words(word))  # each name once
    return tuple(full), tuple(head.values()), tuple(full.values()), n_title, names & full.keys()


def _names(text: str) -> list[str]:
    """Capitalised words that do not open a sentence."""
    found = []
    for m in CAPITALISED.finditer(text):
        k = m.start() - 1
        while k >= 0 and text[k].isspace():
            k -= 1
        if k >= 0 and text[k] not in OPENS:
            found.append(m.group(0))
    return found


def word_triples(text: str) -> set[int]:
    """The text's 3-word shingles (lower case, hashed): what copies of one text share. Run
    on every body of a story of several outlets, so the triples are zipped, not sliced."""
    words = [w.lower() for w in WORD.findall(text)]
    if len(words) < 3:
        return {zlib.crc32(" ".join(words).encode())}
    crc32 = zlib.crc32
    return {crc32(f"{a} {b} {c}".encode()) for a, b, c in zip(words, words[1:], words[2:])}


def title_key(title: str) -> str:
    """A headline's identity for matching a related item to an article by title."""
    return " ".join(w.lower() for w in WORD.findall(title))
