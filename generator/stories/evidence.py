"""What two articles have in common: the evidence story grouping weighs.

Each article becomes a TF-IDF vector over its headline (counted twice), excerpt and the
body's opening, names weighing more than other words. A term's rarity comes from the
corpus and from the language at large (background.py), so a few hundred articles of one
topic do not make "market" look telling. Only pairs that share one of their heaviest
terms and fall inside the window are compared, so the work grows with the corpus, not
with its square.
"""
from __future__ import annotations

import bisect
import math
import operator
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from ..cpus import mapped
from ..model import Article
from ..reuse.derived import Derived, Evidence, article_key, steady, text_key
from ..terms import Terms, article_terms, word_triples
from .background import document_share
from .settings import StorySettings

FLOOR = 0.02  # a pair with less cosine than this is not kept
COPY = 0.7  # cosine that copies have at least (templated releases share word triples, not names)
COMMON = 12  # articles in one window that make a term too common to find pairs by

# what a market-research release says and news rarely does: "Forecast 2026", "at a CAGR of",
# "key players", "2020-2029" ("market share" or "market size" alone is news, too)
MARKET_REPORT = re.compile(r"\b(?:forecasts?|cagr|key players|research report|market research|market report|"
                           r"report (?:on|covers)|segmentation|(?:19|20)\d\d\s*(?:[-–|]|to)\s*(?:19|20)?\d\d)\b", re.I)
MARKET = re.compile(r"\bmarkets?\b", re.I)


@dataclass(frozen=True, slots=True)
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


def _cosine(u: dict[str, float], v: dict[str, float]) -> float:
    """Over the shared keys, found in C. fsum rounds once, so the sum does not depend on the
    set's order, which moves with each process's string hashing: a build reusing evidence
    another process worked out gets the very float a clean build would."""
    return math.fsum([u[t] * v[t] for t in u.keys() & v.keys()])


_TF = [0.0, *(1 + math.log(k) for k in range(1, 4096))]  # sublinear term frequency, worked out once


def _tf(k: int) -> float:
    return _TF[k] if k < 4096 else 1 + math.log(k)


def _weighted(words: Sequence[str], counts: Sequence[int], idf: dict[str, float], names: frozenset[str],
              boost: float) -> dict[str, float]:
    """A unit vector: sublinear tf x idf, names boosted (built with map and zip: 10,000
    articles' vectors are made on every rebuild)."""
    weights = list(map(operator.mul, map(_tf, counts), map(idf.__getitem__, words)))
    if names and boost != 1.0:
        for k, t in enumerate(words):
            if t in names:
                weights[k] *= boost
    norm = math.sqrt(sum(map(operator.mul, weights, weights))) or 1.0
    return dict(zip(words, [x / norm for x in weights]))


class _Rarity(dict):  # type: ignore[type-arg]
    """term → its IDF, worked out when first asked for: a rebuild that reuses the evidence
    of steady pairs weighs the terms of a few articles, not the corpus's whole vocabulary
    (and then needs no general-language list at all)."""

    def __init__(self, df: Counter[str], n: int, settings: StorySettings, derived: Derived | None):
        super().__init__()
        self.df, self.n, self.m = df, n, settings.background_weight
        self.language, self.derived = settings.language, derived
        self.share = None

    def __missing__(self, term: str) -> float:
        if self.share is None:
            self.share = document_share(self.language, self.derived)
        value = self[term] = math.log((self.n + self.m) / (self.df[term] + self.m * self.share(term)))
        return value


class Vectors:
    """The corpus's IDF table and each article's vectors, made when first asked for: most
    articles of a large corpus are never compared with another."""

    def __init__(self, articles: Sequence[Article], settings: StorySettings, derived: Derived | None = None):
        self.terms = terms = [_terms(a) for a in articles]
        df: Counter[str] = Counter()
        for t in terms:
            df.update(t[0])  # counted in C, a tuple at a time
        self.df = df
        self.idf = _Rarity(df, len(articles), settings, derived)
        self.boost = settings.name_weight
        self._full: dict[int, dict[str, float]] = {}
        self._lede: dict[int, dict[str, float]] = {}
        self._head: dict[int, dict[str, float]] = {}

    def full(self, i: int) -> dict[str, float]:
        """Headline and body opening."""
        v = self._full.get(i)
        if v is None:
            words, _, counts, _, names = self.terms[i]
            v = self._full[i] = _weighted(words, counts, self.idf, names, self.boost)
        return v

    def lede(self, i: int) -> dict[str, float]:
        """Headline and excerpt only: a long body must not drown a shared headline."""
        v = self._lede.get(i)
        if v is None:
            words, head_counts, counts, _, names = self.terms[i]
            v = self._lede[i] = self.full(i) if head_counts == counts else \
                _weighted(words[:len(head_counts)], head_counts, self.idf, names, self.boost)
        return v

    def head(self, i: int) -> dict[str, float]:
        """The title alone."""
        v = self._head.get(i)
        if v is None:
            words, _, _, n_title, _ = self.terms[i]
            v = self._head[i] = _weighted(words[:n_title], (1,) * n_title, self.idf, frozenset(), 1.0)
        return v

    def signature(self, i: int, limit: int, size: int) -> tuple[int, ...]:
        """The article's `size` heaviest terms among those in at most `limit` articles, by
        their places in its terms (small numbers: kept for the next build cheaply)."""
        words, _, counts, _, names = self.terms[i]
        df, idf, boost = self.df, self.idf, self.boost
        distinctive = [k for k, t in enumerate(words) if df[t] <= limit]
        if len(distinctive) > size:
            distinctive.sort(key=lambda k: (-_tf(counts[k]) * idf[words[k]] * (boost if words[k] in names else 1.0),
                                            words[k]))
        return tuple(distinctive[:size])


def is_market_report(a: Article) -> bool:
    """A market-research release: many share their vocabulary, few are one event."""
    return bool(MARKET.search(a.title) and (MARKET_REPORT.search(a.title) or MARKET_REPORT.search(a.excerpt)))


def signature_limit(n: int) -> int:
    """A term in more than one in 200 articles (at least 50) is not distinctive."""
    return max(50, n // 200)


def candidates(times: Sequence[float], vectors: Vectors, settings: StorySettings,
               signatures: Sequence[Sequence[int]] | None = None) -> list[tuple[int, int]]:
    """Pairs inside the window that share one of their heaviest distinctive terms (`signatures`:
    each article's, when the caller has them), and where one
    is in more than COMMON articles of one window it finds no pairs there either, so the
    work grows with the corpus, not with how busy its weeks are."""
    if signatures is None:
        limit = signature_limit(len(times))
        signatures = [vectors.signature(i, limit, settings.signature_terms) for i in range(len(times))]
    index: dict[str, list[int]] = defaultdict(list)
    for i, places in enumerate(signatures):
        words = vectors.terms[i][0]
        for k in places:
            index[words[k]].append(i)
    window = settings.window_hours * 3600
    found: set[tuple[int, int]] = set()
    for ids in index.values():  # ids ascend, and articles come in time order
        ends = [bisect.bisect_right(times, times[i] + window, lo=i) for i in ids]  # first article past the window
        for x, i in enumerate(ids):
            last = bisect.bisect_left(ids, ends[x], lo=x)
            if last - x > COMMON:
                continue
            found.update((i, j) for j in ids[x + 1:last])
    return sorted(found)


def compare(articles: Sequence[Article], times: Sequence[float], settings: StorySettings,
            links: set[tuple[int, int]], derived: Derived | None = None, keys: Sequence[bytes] = (),
            jobs: int = 1) -> list[Pair]:
    """Every candidate pair with its evidence; `articles` in time order (`times`: their
    timestamps), `links` the pairs (i < j) where one lists the other in `related`. The
    headline match is worked out only for pairs similar enough to pass on their own: a
    group's best one is among those. `derived` (the cache folder's store) hands back the
    last grouping's evidence for pairs of steady articles (reuse/derived.py, steady: a
    one-article edit re-weighs a few dozen pairs, not 17,000) and earlier builds' copy
    checks; `keys`: the articles' article_key, when the caller has them. A cold build's
    17,000 pairs are weighed in `jobs` processes."""
    vectors = Vectors(articles, settings, derived)
    full, lede, head = vectors.full, vectors.lede, vectors.head
    same_text = [counts[1] == counts[2] for counts in vectors.terms]  # no body: the lede is the full text
    sigma2 = 2 * (settings.time_scale_hours * 3600) ** 2
    copy_time, enough = settings.time_scale_hours * 3600, settings.similarity
    shingles: dict[int, set[int]] = {}
    overlap = settings.duplicate_overlap
    kept = derived.table("copies") if derived is not None else None
    if derived is not None:
        keys = keys or [article_key(a.title, a.excerpt, a.body_text, t) for a, t in zip(articles, times)]

    def triples(i: int) -> set[int]:
        held = shingles.get(i)
        if held is None:
            held = shingles[i] = word_triples(f"{articles[i].title} {articles[i].excerpt}")
        return held

    def copied(i: int, j: int) -> bool:
        a, b = triples(i), triples(j)
        return min(len(a), len(b)) >= 4 and len(a & b) >= overlap * min(len(a), len(b))

    def evidence(pair: tuple[int, int]) -> tuple[tuple[float, float, float, float, bool] | None, Any]:
        """The pair's evidence, and its copy check as (key, whether it is new, its answer)
        for `kept` (None: none made): a forked worker's table is not this process's."""
        i, j = pair
        cosine = _cosine(full(i), full(j))
        if not (same_text[i] and same_text[j]):
            cosine = max(cosine, _cosine(lede(i), lede(j)))
        if cosine < FLOOR:
            return None, None  # nearly nothing in common: counts as nothing in a group's average
        seconds = times[j] - times[i]
        headline = max(_cosine(head(i), full(j)), _cosine(head(j), full(i))) if cosine >= enough else 0.0
        copies, check = False, None
        if cosine >= COPY and seconds <= copy_time:
            if kept is None:
                copies = copied(i, j)
            else:  # by the two articles' keys: their words (and times) as they were
                key = (overlap, keys[i], keys[j])
                known = kept.get(key)
                copies = copied(i, j) if known is None else known
                check = key, known is None, copies
        return (cosine * math.exp(-seconds * seconds / sigma2), headline, cosine, seconds / 3600, copies), check

    held: Mapping[tuple[bytes, bytes], Any] = {}
    stand: list[bool] | None = None
    signatures = None
    if derived is not None:
        record, name = derived.table("evidence", spare=0), text_key("evidence", settings)
        last = record.get(name)
        stand = steady(last, keys, vectors.df, vectors.terms)
        limit, size = signature_limit(len(articles)), settings.signature_terms
        if stand is None:
            signatures = [vectors.signature(i, limit, size) for i in range(len(articles))]
        else:
            held, marks = last.pairs, last.signatures
            signatures = [marks[k] if ok and k in marks else vectors.signature(i, limit, size)
                          for i, (k, ok) in enumerate(zip(keys, stand))]
        found: dict[tuple[bytes, bytes], Any] = {}
    found_pairs = candidates(times, vectors, settings, signatures)
    todo = found_pairs if stand is None else \
        [(i, j) for i, j in found_pairs if not (stand[i] and stand[j] and (keys[i], keys[j]) in held)]
    worked = dict(zip(todo, mapped(evidence, todo, jobs)))
    pairs = []
    for i, j in found_pairs:
        if (i, j) in worked:
            made, check = worked[i, j]
            if check is not None:
                key, new, copies = check
                if new:
                    kept.put(key, copies)  # type: ignore[union-attr]
                else:
                    kept.get(key)  # type: ignore[union-attr]  # used: a save keeps it
        else:
            made = held[keys[i], keys[j]]
        if derived is not None:
            found[keys[i], keys[j]] = made
        if made is not None:
            pairs.append(Pair(i, j, made[0], made[1], made[2], made[3], (i, j) in links, made[4]))
    if derived is not None:
        record.put(name, Evidence(len(articles), dict(vectors.df), dict(zip(keys, signatures)), found))
    return pairs


def shared_terms(a: Article, b: Article, settings: StorySettings, limit: int = 6) -> list[str]:
    """The terms two articles share, heaviest first (for explanations)."""
    ta, tb = _terms(a), _terms(b)
    common = set(ta[0]) & set(tb[0])
    names = ta[4] | tb[4]
    share = document_share(settings.language, None)
    return sorted(common, key=lambda t: (-(t in names), share(t), t))[:limit]
