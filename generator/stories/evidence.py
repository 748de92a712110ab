"""What two articles have in common: the evidence story grouping weighs.

Each article becomes a TF-IDF vector over its headline (counted twice), excerpt and the
body's opening, names weighing more than other words. A term's rarity comes from the
corpus and from the language at large (background.py), so a few hundred articles of one
topic do not make "market" look telling. Only pairs that share one of their heaviest
terms and fall inside the window are compared, so the work grows with the corpus, not
with its square.
"""
from __future__ import annotations

import math
import re
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Sequence

from ..model import Article
from ..terms import WORD, Terms, article_terms
from .background import document_share
from .settings import StorySettings

# a market-research release: "<something> Market ... Forecast 2026", "... at a CAGR of ..."
MARKET_REPORT = re.compile(
    r"\bmarkets?\b[^.]{0,120}\b(?:forecast|cagr|key players|research report|market research|size|share|segment\w*|"
    r"outlook|(?:19|20)\d\d\s*[-–]\s*(?:19|20)?\d\d)\b|\bcagr\b", re.I)


@dataclass(frozen=True)
class Pair:
    """Two articles (indexes, earlier first) that were compared."""

    i: int
    j: int
    similarity: float  # the cosine, decayed by the time between them
    headline: float  # how well one's headline is matched by the other's text: the better direction
    cosine: float  # of the full texts or of the headlines, the higher, before the decay
    hours: float
    related: bool  # one lists the other in `related` (shown, not weighed: see README)
    copies: bool  # headline and excerpt nearly the same words: one is a copy of the other


def _terms(a: Article) -> Terms:
    return a.terms or article_terms(a.title, a.excerpt, a.body_text)


def _unit(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(x * x for x in weights.values())) or 1.0
    return {t: x / norm for t, x in weights.items()}


def _cosine(u: dict[str, float], v: dict[str, float]) -> float:
    if len(u) > len(v):
        u, v = v, u
    return sum(x * v.get(t, 0.0) for t, x in u.items())


def _breadth(u: dict[str, float], v: dict[str, float], discount: float) -> float:
    """The cosine, less `discount` of its largest single term: one shared word (a company,
    a product) is a subject, not an event."""
    if len(u) > len(v):
        u, v = v, u
    parts = [x * v[t] for t, x in u.items() if t in v]
    return sum(parts) - discount * max(parts, default=0.0)


class Vectors:
    """The corpus's full-text and headline vectors, and each term's weight."""

    def __init__(self, articles: Sequence[Article], settings: StorySettings):
        terms = [_terms(a) for a in articles]
        df: Counter[str] = Counter()
        for t in terms:
            df.update(t[0])
        share, m, n = document_share(settings.language), settings.background_weight, len(articles)
        idf: dict[str, float] = {}

        def rarity(term: str) -> float:
            value = idf.get(term)
            if value is None:
                value = idf[term] = math.log((n + m) / (df[term] + m * share(term)))
            return value

        self.df, self.idf = df, idf
        self.full: list[dict[str, float]] = []  # headline and body opening
        self.lede: list[dict[str, float]] = []  # headline only: a long body must not drown a shared headline
        self.head: list[dict[str, float]] = []  # title only
        boost = settings.name_weight
        for words, head_counts, counts, n_title, names in terms:
            weights = {t: (1 + math.log(k)) * rarity(t) * (boost if t in names else 1.0) for t, k in zip(words, counts)}
            self.full.append(_unit(weights))
            if len(head_counts) == len(counts) and head_counts == counts:
                self.lede.append(self.full[-1])
            else:
                self.lede.append(_unit({t: (1 + math.log(k)) * rarity(t) * (boost if t in names else 1.0)
                                        for t, k in zip(words, head_counts)}))
            self.head.append(_unit({t: rarity(t) for t in words[:n_title]}))
        if settings.related_expansion:
            from ..terms import _words
            for k, a in enumerate(articles):
                extra: Counter[str] = Counter()
                for link in a.related:
                    item = _unit({t: rarity(t) for t in set(_words(f"{link.title} {link.title} {link.excerpt}"))})
                    if _cosine(item, self.lede[k]) >= settings.related_support:
                        for t, x in item.items():
                            extra[t] += x
                if extra:
                    norm = math.sqrt(sum(x * x for x in extra.values()))
                    for vecs in (self.full, self.lede):
                        merged = dict(vecs[k])
                        for t, x in extra.items():
                            merged[t] = merged.get(t, 0.0) + settings.related_expansion * x / norm
                        vecs[k] = _unit(merged)


def _shingles(a: Article) -> set[int]:
    words = [w.lower() for w in WORD.findall(f"{a.title} {a.excerpt}")]
    return {zlib.crc32(" ".join(words[k:k + 3]).encode()) for k in range(len(words) - 2)}


def is_market_report(a: Article) -> bool:
    """A market-research release: many share their vocabulary, few are one event."""
    return bool(MARKET_REPORT.search(a.title) or (re.search(r"\bmarkets?\b", a.title, re.I)
                                                   and MARKET_REPORT.search(a.excerpt)))


def candidates(articles: Sequence[Article], vectors: Vectors, settings: StorySettings) -> list[tuple[int, int]]:
    """Pairs inside the window that share one of their heaviest terms, a term not in
    more than a fiftieth of the corpus (at least 50 articles)."""
    limit = max(50, len(articles) // 50)
    index: dict[str, list[int]] = defaultdict(list)
    df = vectors.df
    for i, v in enumerate(vectors.full):
        heavy = sorted((t for t in v if df[t] <= limit), key=lambda t: (-v[t], t))[: settings.signature_terms]
        for t in heavy:
            index[t].append(i)
    window = settings.window_hours * 3600
    times = [a.published.timestamp() for a in articles]
    found: set[tuple[int, int]] = set()
    for ids in index.values():  # ids ascend, and articles come in time order
        for x, i in enumerate(ids):
            for j in ids[x + 1:]:
                if times[j] - times[i] > window:
                    break
                found.add((i, j))
    return sorted(found)


def compare(articles: Sequence[Article], settings: StorySettings, links: set[tuple[int, int]]) -> list[Pair]:
    """Every candidate pair with its evidence; `articles` in time order, `links` the pairs
    (i < j) where one lists the other in `related`."""
    vectors = Vectors(articles, settings)
    sigma2 = 2 * (settings.time_scale_hours * 3600) ** 2
    shingles: dict[int, set[int]] = {}
    pairs = []
    for i, j in candidates(articles, vectors, settings):
        seconds = abs((articles[j].published - articles[i].published).total_seconds())
        cosine = max(_breadth(vectors.full[i], vectors.full[j], settings.subject_discount),
                     _breadth(vectors.lede[i], vectors.lede[j], settings.subject_discount))
        related = (i, j) in links
        if related and cosine >= settings.related_support:
            cosine += settings.related_bonus
        similarity = cosine * math.exp(-seconds * seconds / sigma2)
        headline = max(_cosine(vectors.head[i], vectors.full[j]), _cosine(vectors.head[j], vectors.full[i]))
        copies = False
        if cosine >= 0.3 and seconds <= settings.time_scale_hours * 3600:
            a = shingles.get(i) or shingles.setdefault(i, _shingles(articles[i]))
            b = shingles.get(j) or shingles.setdefault(j, _shingles(articles[j]))
            copies = min(len(a), len(b)) >= 4 and len(a & b) >= settings.duplicate_overlap * min(len(a), len(b))
        pairs.append(Pair(i, j, similarity, headline, cosine, seconds / 3600, related, copies))
    return pairs


def shared_terms(a: Article, b: Article, settings: StorySettings, limit: int = 6) -> list[str]:
    """The terms two articles share, heaviest first (for explanations)."""
    ta, tb = _terms(a), _terms(b)
    common = set(ta[0]) & set(tb[0])
    names = ta[4] | tb[4]
    share = document_share(settings.language)
    return sorted(common, key=lambda t: (-(t in names), share(t), t))[:limit]
