"""Stories: group each news event's coverage across outlets.

Articles are compared only with candidates that share distinctive terms (an inverted
index over terms rare in the corpus) and fall inside the time window, so the work grows
with the corpus, not with its square. A pair joins when its TF-IDF cosine passes the
threshold, or a lower one when one article lists the other in `related`. Clusters never
span more than two windows, so a weekly column does not chain into one story.
"""
from __future__ import annotations

import bisect
import itertools
import math
import operator
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta
from types import MappingProxyType
from typing import Sequence

from .identity import differing, identical
from .model import Article, Story, by_time
from .references import Keys, Turnover, Wanted, references
from .terms import WORD, Terms, article_terms

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


_TF = [0.0, *(1 + math.log(k) for k in range(1, 4096))]  # sublinear term frequency, precomputed


def _tf(k: int) -> float:
    return _TF[k] if k < len(_TF) else 1 + math.log(k)


def _vector(terms: tuple[str, ...], counts: tuple[int, ...], idf: dict[str, float]) -> dict[str, float]:
    """A unit TF-IDF vector; `counts` may be shorter than `terms` (the headline's terms are
    a prefix of the full text's)."""
    return _unit(terms, [_tf(k) * idf[t] for t, k in zip(terms, counts)])


def _unit(terms: tuple[str, ...], values: list[float]) -> dict[str, float]:
    norm = math.sqrt(sum(map(operator.mul, values, values))) or 1.0
    return dict(zip(terms, [x / norm for x in values]))


def _terms(a: Article) -> Terms:
    return a.terms or article_terms(a.title, a.excerpt, a.body_text)


class Memo:
    """What the last clustering computed, for a long-lived process (the preview server).
    A part is reused only when its exact inputs are the same objects as last time, so the
    result equals a fresh run's; a one-article edit then costs its own terms, not the corpus's."""

    def __init__(self) -> None:
        self.settings: StorySettings | None = None
        self.articles: tuple[Article, ...] = ()
        self.result: tuple[Story, ...] = ()
        self.df: Counter[str] = Counter()
        self.vectors: dict[int, tuple[Article, dict[str, float], list[dict[str, float] | None]]] = {}
        self.similar: dict[tuple[int, int], tuple[dict[str, float], dict[str, float], float]] = {}
        self.signatures: dict[int, tuple[dict[str, float], int, list[str]]] = {}
        self.stories: dict[tuple[int, ...], tuple[tuple[Article, ...], str, tuple, Story]] = {}
        self.single: dict[int, tuple[Article, str, Story]] = {}  # stories of one article under its own slug
        self.ascending: list[Story] = []  # the result, oldest first
        self.wanted = Wanted()
        self.keys = Keys()
        self.story_of: tuple[tuple[Story, ...], dict[str, Story]] = ((), {})  # a result, source path → its story there
        self.order: list[Article] = []  # the articles in time order
        self.aligned: tuple[Sequence[Article], list, list, object] = ((), [], [], None)  # order, fulls, heads, vectors
        self.input: tuple[Sequence[Article], object] = ((), None)  # an input, and the `vectors` made for it
        self.synced: object = None  # the `vectors` whose articles `wanted` and `order` hold

    def same_input(self, articles: Sequence[Article], settings: StorySettings) -> bool:
        return self.settings == settings and identical(self.articles, articles)




def _turnover(articles: Sequence[Article], memo: Memo) -> Turnover | None:
    """What changed since the memo's last run, by identity (None: there was no last run).
    The memo holds its articles, so no new article can have the id of one of them."""
    if not memo.vectors:
        return None
    basis, vectors = memo.input
    if vectors is memo.vectors and len(basis) == len(articles):  # as many files as the input `vectors` describe
        places = differing(articles, basis)  # an edit: the same files, a few of them read again
        if len(places) * 8 < len(articles):  # an object can be in both only at places that differ
            new, old = {id(articles[i]): articles[i] for i in places}, {id(basis[i]): basis[i] for i in places}
            return [a for k, a in old.items() if k not in new], [a for k, a in new.items() if k not in old]
    now = set(map(id, articles))
    gone = [memo.vectors[k][0] for k in memo.vectors.keys() - now]  # (article, full, [head])
    came = now - memo.vectors.keys()
    return gone, [a for a in articles if id(a) in came]


def _chronological(articles: Sequence[Article], memo: Memo, turnover: Turnover | None) -> list[Article]:
    """The articles by time, then path: the last run's order with the turnover applied."""
    if turnover is None:
        return sorted(articles, key=by_time)
    gone, came = turnover
    ids = {id(a) for a in gone}
    order = [a for a in memo.order if id(a) not in ids] if ids else memo.order.copy()
    for a in came:
        bisect.insort(order, a, key=by_time)
    return order


def _document_frequencies(articles: Sequence[Article], memo: Memo, turnover: Turnover | None
                          ) -> tuple[Counter[str], set[str] | None]:
    """Documents per term, updated from the last run's by the articles that came and went;
    with the terms whose count changed (None: no last run to compare with)."""
    if turnover is None:
        df: Counter[str] = Counter()
        for a in articles:
            df.update(_terms(a)[0])  # counted in C, a tuple at a time
        return df, None
    gone, came = turnover
    df = memo.df.copy()
    for a in gone:
        for t in _terms(a)[0]:
            df[t] -= 1
            if not df[t]:
                del df[t]
    for a in came:
        for t in _terms(a)[0]:
            df[t] += 1
    changed = {t for a in (*gone, *came) for t in _terms(a)[0] if df.get(t) != memo.df.get(t)}
    return df, changed


class _Idf(dict):
    """Inverse document frequencies, each worked out when first asked for: a warm run asks
    only for the terms of the articles it re-vectorises."""

    def __init__(self, df: Counter[str], n: int):
        super().__init__()
        self.df, self.n = df, n

    def __missing__(self, term: str) -> float:
        value = self[term] = math.log(1 + self.n / self.df[term])
        return value


def _vectors(articles: Sequence[Article], memo: Memo, turnover: Turnover | None
             ) -> tuple[list[dict[str, float]], list[list[dict[str, float] | None]], Counter[str], _Idf]:
    """Full-text (title + excerpt + the body's opening) TF-IDF vectors, and a box per article
    for its headline (title + excerpt) vector, filled only when a pair needs it: most
    articles are never compared, and the headline vectors were half the memory.
    An article's vectors are reused when it is the same object and no IDF of its terms moved."""
    df, changed = _document_frequencies(articles, memo, turnover)
    n = len(articles) + 1
    if n != len(memo.vectors) + 1:
        changed = None  # every IDF moved
    idf = _Idf(df, n)
    last_order, last_fulls, last_heads, last_held = memo.aligned
    if changed is not None and last_held is memo.vectors and len(articles) == len(last_order):
        # an edit: look only at the places where another article stands, or whose vector has
        # a term whose IDF moved (dict_keys.isdisjoint, in C, walks the few moved terms)
        fulls, heads, held = last_fulls.copy(), last_heads.copy(), memo.vectors.copy()
        places = differing(articles, last_order)
        for i in places:
            del held[id(last_order[i])]  # gone, or back below if it only moved in time
        redo = set(places)
        if changed:
            redo.update(itertools.compress(range(len(articles)), map(
                operator.not_, map(_KEYS.isdisjoint, map(dict.keys, last_fulls), itertools.repeat(changed)))))
        for i in redo:
            entry = held[id(articles[i])] = _entry(articles[i], memo, changed, idf)
            fulls[i], heads[i] = entry[1], entry[2]
    else:
        fulls, heads, held = [], [], {}
        for a in articles:
            entry = held[id(a)] = _entry(a, memo, changed, idf)
            fulls.append(entry[1])
            heads.append(entry[2])
    memo.df, memo.vectors, memo.aligned = df, held, (articles, fulls, heads, held)
    return fulls, heads, df, idf


_KEYS = type({}.keys())


def _entry(a: Article, memo: Memo, changed: set[str] | None, idf: _Idf
           ) -> tuple[Article, dict[str, float], list[dict[str, float] | None]]:
    """The article's entry of the last run when it is the same object and no IDF of its
    terms moved, else a new one: (article, full-text vector, box for its headline vector)."""
    last = memo.vectors.get(id(a))
    if changed is not None and last is not None and last[0] is a and last[1].keys().isdisjoint(changed):
        return last
    terms, _, full_counts = _terms(a)
    return a, _vector(terms, full_counts, idf), [None]


def _cosine(u: dict[str, float], v: dict[str, float]) -> float:
    if len(u) > len(v):
        u, v = v, u
    return sum(x * v.get(t, 0.0) for t, x in u.items())


class _Union:
    def __init__(self, articles: Sequence[Article]):
        self.parent = list(range(len(articles)))
        self.first = [a.published for a in articles]
        self.last = self.first.copy()

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
                settings: StorySettings, memo: Memo) -> Counter[tuple[int, int]]:
    """Pairs within the window that share distinctive terms, with how many they share.
    A reused vector's terms kept their document counts, so its signature holds too."""
    limit = max(25, int(settings.max_term_share * len(articles)))
    index: dict[str, list[int]] = defaultdict(list)
    last, signatures = memo.signatures, {}
    for i, v in enumerate(vectors):
        held = last.get(id(v))
        if held is None or held[0] is not v or held[1] != limit:
            distinctive = sorted((t for t in v if 1 < df[t] <= limit), key=lambda t: (-v[t], t))
            held = (v, limit, distinctive[: settings.signature_terms])
        signatures[id(v)] = held
        for t in held[2]:
            index[t].append(i)
    memo.signatures = signatures
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


def build_stories(articles: Sequence[Article], settings: StorySettings = StorySettings(),
                  memo: Memo | None = None) -> tuple[Story, ...]:
    """Every article in exactly one story; newest story first. Pure and order-independent:
    `memo` only saves work, the result is the same with or without it."""
    kept = memo is not None  # by a long-lived process: worth keeping the corpus's keys in
    if memo is None:
        memo = Memo()
    elif memo.same_input(articles, settings):  # a template, style or config edit in `serve`
        return memo.result
    if memo.settings != settings:
        memo.__init__()  # type: ignore[misc]  # signatures depend on the settings
    given = tuple(articles)
    turnover = _turnover(articles, memo)
    synced = turnover if memo.synced is memo.vectors else None  # else a run was cut short: start over
    memo.wanted.update(articles, synced)
    if kept:
        memo.keys.update(articles, synced)
    articles = _chronological(articles, memo, synced)
    fulls, heads, df, idf = _vectors(articles, memo, turnover)
    memo.input = (given, memo.vectors)
    memo.order, memo.synced = articles, memo.vectors  # all three describe the same articles again
    last, similar = memo.similar, {}

    def head(i: int) -> dict[str, float]:
        box = heads[i]
        if box[0] is None:
            terms, head_counts, _ = _terms(articles[i])
            box[0] = _vector(terms, head_counts, idf)
        return box[0]

    def similarity(i: int, j: int) -> float:
        u, v = fulls[i], fulls[j]
        held = last.get((id(u), id(v)))
        if held is None or held[0] is not u or held[1] is not v:
            held = (u, v, max(_cosine(head(i), head(j)), _cosine(u, v)))
        similar[(id(u), id(v))] = held
        return held[2]

    refs = references(articles, memo.wanted, memo.keys if kept else None)
    union = _Union(articles)
    span = timedelta(hours=2 * settings.window_hours)
    window = timedelta(hours=settings.window_hours)
    for i, targets in sorted(refs.items()):
        for j in sorted(targets):
            close = abs(articles[i].published - articles[j].published) <= window
            if close and similarity(i, j) >= settings.related_similarity:
                union.join(i, j, span)
    for (i, j), shared in sorted(_candidates(articles, fulls, df, settings, memo).items()):
        sim = similarity(i, j)
        if sim >= settings.strong_similarity or (shared >= settings.min_shared_terms and sim >= settings.similarity):
            union.join(i, j, span)
    memo.similar = similar
    groups: dict[int, list[int]] = defaultdict(list)
    parent, find = union.parent, union.find
    for i in range(len(articles)):  # a root is its group's first member, so groups come in time order
        groups[i if parent[i] == i else find(i)].append(i)
    stories, taken, made, renewed = [], set(), {}, []
    last_made, last_single, single = memo.stories, memo.single, {}
    for ids in groups.values():
        if len(ids) == 1:  # most stories: the last run's stands for the same article under the same slug
            earliest = articles[ids[0]]
            held = last_single.get(id(earliest))
            if held is not None and held[0] is earliest and held[1] not in taken:
                taken.add(held[1])
                single[id(earliest)] = held
                stories.append(held[2])
                continue
            members, inbound = (earliest,), ()
        else:
            members = tuple([articles[i] for i in ids])
            inbound = tuple(sorted(Counter(articles[j].source for i in ids for j in refs.get(i, ()) if j in ids).items()))
        earliest = members[0]
        day = earliest.published
        base = slug = f"{day.year}-{day.month:02d}-{day.day:02d}-{earliest.slug}" if day.year >= 1000 \
            else f"{day:%Y-%m-%d}-{earliest.slug}"
        n = 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        if len(members) == 1 and slug == base:
            story = Story(slug, earliest, members, _NO_COPIES)  # what _story makes of one article
            single[id(earliest)] = (earliest, slug, story)
            renewed.append(story)
            stories.append(story)
            continue
        key = tuple(map(id, members))
        held = last_made.get(key)
        if held is None or held[1] != slug or held[2] != inbound or not all(map(operator.is_, held[0], members)):
            held = (members, slug, inbound, _story(slug, members, dict(inbound), settings))
            renewed.append(held[3])
        made[key] = held
        stories.append(held[3])
    memo.stories, memo.single = made, single
    last_result, memo.result = memo.result, _newest_first(stories, renewed, memo)
    if kept:
        memo.story_of = (memo.result, _story_of(memo.story_of, last_result, memo.result, renewed))
    memo.settings, memo.articles = settings, given  # last: an interrupted run leaves no stale match
    return memo.result


def _order(s: Story) -> tuple:
    return s.last_published, s.slug


def _newest_first(stories: list[Story], renewed: list[Story], memo: Memo) -> tuple[Story, ...]:
    """The stories by last publication, then slug, newest first: the last run's order with
    the stories gone taken out and the `renewed` ones put in, when those are few (no two
    stories share a slug, so the order is the same as sorting anew)."""
    if len(renewed) * 8 < len(stories):
        live = set(map(id, stories))
        order = [s for s in memo.ascending if id(s) in live]
        if len(order) + len(renewed) == len(stories):  # else the last run was cut short
            for s in renewed:
                bisect.insort(order, s, key=_order)
            memo.ascending = order
            return tuple(reversed(order))
    memo.ascending = sorted(stories, key=_order)
    return tuple(reversed(memo.ascending))


def _story_of(last: tuple[Sequence[Story], dict[str, Story]], was: Sequence[Story], now: Sequence[Story],
              renewed: list[Story]) -> dict[str, Story]:
    """Source path → its story, for `now`: the last such mapping, if it was made for `was`,
    with the stories gone taken out and the `renewed` ones (all of `now` not in `was`) put in."""
    if last[0] is not was or not was:
        return {a.source: s for s in now for a in s.members}
    ids = set(map(id, now))
    out = last[1].copy()
    for s in was:
        if id(s) not in ids:
            for a in s.members:
                if out.get(a.source) is s:
                    del out[a.source]
    for s in renewed:
        for a in s.members:
            out[a.source] = s
    return out


_NO_COPIES: MappingProxyType = MappingProxyType({})


def _story(slug: str, members: tuple[Article, ...], inbound: dict[str, int], settings: StorySettings) -> Story:
    if len(members) == 1:
        return Story(slug, members[0], members, _NO_COPIES)
    lead = _lead(members, Counter(inbound), settings.lead_related_bonus)
    ordered = (lead, *[a for a in members if a is not lead])
    return Story(slug, lead, ordered, MappingProxyType(_wire_groups(ordered, settings.wire_similarity)))
