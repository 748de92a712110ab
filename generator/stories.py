"""Stories: group each news event's coverage across outlets.

Articles are compared only with candidates that share distinctive terms (an inverted
index over terms rare in the corpus) and fall inside the time window, so the work grows
with the corpus, not with its square. A pair joins when its TF-IDF cosine passes the
threshold, or a lower one when one article lists the other in `related`. Clusters never
span more than two windows, so a weekly column does not chain into one story.
"""
from __future__ import annotations

import math
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta
from types import MappingProxyType
from typing import Sequence

from .model import Article, Story
from .terms import WORD, Counts, article_terms

@dataclass(frozen=True)
class StorySettings:
    """Clustering thresholds; site.toml's [stories] table sets any of them by name."""

    window_hours: int = 72  # articles further apart are never one story
    similarity: float = 0.18  # TF-IDF cosine that makes two articles one story...
    min_shared_terms: int = 2  # ...when they also share this many distinctive terms
    strong_similarity: float = 0.5  # cosine that is enough on its own
    related_similarity: float = 0.0  # cosine enough when one lists the other in `related` (0: the link alone)
    wire_similarity: float = 0.35  # share of 3-word shingles in common that marks wire copies
    max_term_share: float = 0.02  # terms in more than this share of articles are not distinctive
    signature_terms: int = 12  # distinctive terms per article used to find candidates
    lead_related_bonus: int = 25  # lead score bonus per story member that links to the article


def _vectorise(docs: list[Counts], idf: dict[str, float]) -> list[dict[str, float]]:
    vectors = []
    for counts in docs:
        v = {t: _TF[k] * idf[t] if k < len(_TF) else (1 + math.log(k)) * idf[t] for t, k in counts}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({t: x / norm for t, x in v.items()})
    return vectors


_TF = [0.0, *(1 + math.log(k) for k in range(1, 64))]  # sublinear term frequency, precomputed


def _vectors(articles: Sequence[Article]) -> tuple[list[dict[str, float]], list[dict[str, float]], Counter[str]]:
    """Headline (title + excerpt) and full-text (plus the body's opening) TF-IDF vectors."""
    terms = [a.terms or article_terms(a.title, a.excerpt, a.body_text) for a in articles]
    heads = [head for head, _ in terms]
    fulls = [full for _, full in terms]
    df: Counter[str] = Counter(t for full in fulls for t, _ in full)
    n = len(articles) + 1
    idf = {t: math.log(1 + n / k) for t, k in df.items()}
    return _vectorise(heads, idf), _vectorise(fulls, idf), df


def _cosine(u: dict[str, float], v: dict[str, float]) -> float:
    if len(u) > len(v):
        u, v = v, u
    return sum(x * v.get(t, 0.0) for t, x in u.items())


def _title_key(title: str) -> str:
    return " ".join(w.lower() for w in WORD.findall(title))


def _references(articles: Sequence[Article]) -> dict[int, set[int]]:
    """i → articles that i's related list points at (by normalised URL or title)."""
    by_url = {key: i for i, a in enumerate(articles) for key in a.url_keys}
    by_title = {_title_key(a.title): i for i, a in enumerate(articles)}
    refs: dict[int, set[int]] = defaultdict(set)
    for i, a in enumerate(articles):
        for link in a.related:
            j = by_url.get(link.key)
            if j is None:
                j = by_title.get(_title_key(link.title))
            if j is not None and j != i:
                refs[i].add(j)
    return refs


class _Union:
    def __init__(self, articles: Sequence[Article]):
        self.parent = list(range(len(articles)))
        self.first = [a.published for a in articles]
        self.last = [a.published for a in articles]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int, span: timedelta) -> None:
        a, b = self.find(i), self.find(j)
        if a == b or max(self.last[a], self.last[b]) - min(self.first[a], self.first[b]) > span:
            return
        a, b = min(a, b), max(a, b)
        self.parent[b] = a
        self.first[a], self.last[a] = min(self.first[a], self.first[b]), max(self.last[a], self.last[b])


def _candidates(articles: Sequence[Article], vectors: list[dict[str, float]], df: Counter[str],
                settings: StorySettings) -> Counter[tuple[int, int]]:
    """Pairs within the window that share distinctive terms, with how many they share."""
    limit = max(25, int(settings.max_term_share * len(articles)))
    index: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(vectors):
        distinctive = sorted((t for t in v if 1 < df[t] <= limit), key=lambda t: (-v[t], t))
        for t in distinctive[: settings.signature_terms]:
            index[t].append(i)
    window = timedelta(hours=settings.window_hours)
    pairs: Counter[tuple[int, int]] = Counter()
    for ids in index.values():
        ids.sort(key=lambda i: articles[i].published)
        for x, i in enumerate(ids):
            for j in ids[x + 1:]:
                if articles[j].published - articles[i].published > window:
                    break
                pairs[(min(i, j), max(i, j))] += 1
    return pairs


def _shingles(a: Article) -> set[int]:
    words = [w.lower() for w in WORD.findall(a.body_text or f"{a.title} {a.excerpt}")]
    return {zlib.crc32(" ".join(words[k:k + 3]).encode()) for k in range(max(1, len(words) - 2))}


def _wire_groups(members: Sequence[Article], threshold: float) -> dict[str, tuple[Article, ...]]:
    if len(members) < 2:
        return {}
    shingles = [_shingles(a) for a in members]
    groups: dict[str, tuple[Article, ...]] = {}
    taken: set[int] = set()
    for i, a in enumerate(members):
        if i in taken or len(shingles[i]) < 20:
            continue
        copies = []
        for j in range(i + 1, len(members)):
            if j in taken or len(shingles[j]) < 20:
                continue
            overlap = len(shingles[i] & shingles[j]) / min(len(shingles[i]), len(shingles[j]))
            if overlap >= threshold and members[j].provider.domain != a.provider.domain:
                copies.append(members[j])
                taken.add(j)
        if copies:
            groups[a.source] = tuple(copies)
    return groups


def _lead(members: Sequence[Article], inbound: Counter[str], bonus: int) -> Article:
    """Highest heat + quality (+ a bonus per member that links to it), then earliest, then path."""
    return min(members, key=lambda a: (-(max(a.heat or 0, 0) + max(a.quality or 0, 0) + bonus * inbound[a.source]),
                                       a.published, a.source))


def build_stories(articles: Sequence[Article], settings: StorySettings = StorySettings()) -> tuple[Story, ...]:
    """Every article in exactly one story; newest story first. Pure and order-independent."""
    articles = sorted(articles, key=lambda a: (a.published, a.source))
    if not articles:
        return ()
    heads, fulls, df = _vectors(articles)

    def similarity(i: int, j: int) -> float:
        return max(_cosine(heads[i], heads[j]), _cosine(fulls[i], fulls[j]))

    refs = _references(articles)
    union = _Union(articles)
    span = timedelta(hours=2 * settings.window_hours)
    window = timedelta(hours=settings.window_hours)
    for i, targets in sorted(refs.items()):
        for j in sorted(targets):
            close = abs(articles[i].published - articles[j].published) <= window
            if close and similarity(i, j) >= settings.related_similarity:
                union.join(i, j, span)
    for (i, j), shared in sorted(_candidates(articles, fulls, df, settings).items()):
        sim = similarity(i, j)
        if sim >= settings.strong_similarity or (shared >= settings.min_shared_terms and sim >= settings.similarity):
            union.join(i, j, span)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(articles)):
        groups[union.find(i)].append(i)
    stories, taken = [], set()
    for root in sorted(groups, key=lambda r: (articles[groups[r][0]].published, articles[groups[r][0]].source)):
        members = [articles[i] for i in groups[root]]
        inbound = Counter(articles[j].source for i in groups[root] for j in refs.get(i, ()) if j in groups[root])
        lead = _lead(members, inbound, settings.lead_related_bonus)
        ordered = (lead, *[a for a in members if a is not lead])
        earliest = members[0]
        base = slug = f"{earliest.published:%Y-%m-%d}-{earliest.slug}"
        n = 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        stories.append(Story(slug, lead, ordered,
                             MappingProxyType(_wire_groups(ordered, settings.wire_similarity))))
    return tuple(sorted(stories, key=lambda s: (s.last_published, s.slug), reverse=True))
