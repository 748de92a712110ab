"""Stories from groups of articles: a stable slug, a lead, wire copies, newest first."""
from __future__ import annotations

from collections import Counter
from types import MappingProxyType
from typing import Mapping, Sequence

from ..cpus import mapped
from ..model import Article, Story
from ..reuse.derived import Table, text_key
from ..terms import word_triples
from .settings import StorySettings

_NO_COPIES: Mapping[str, tuple[Article, ...]] = MappingProxyType({})


Kept = tuple[Table, Mapping[str, bytes]]  # earlier builds' wire copies, and each article's key by its source


def _wire_groups(stories: Sequence[Sequence[Article]], threshold: float, kept: Kept | None, jobs: int
                 ) -> list[Mapping[str, tuple[Article, ...]]]:
    """For each story's members: member source → the other outlets' members that carry the
    same text. `kept`: the groups of earlier builds by the members' texts (their
    reuse.derived.article_key) and outlets, in order (shingling every body of a story of
    several outlets was 0.6 s of a 10,000-article rebuild); the rest are made in `jobs`
    processes."""
    def key(members: Sequence[Article]) -> bytes | None:
        if kept is None or len(members) < 2:
            return None
        return text_key("wire", threshold, [kept[1][a.source] for a in members], [a.provider.domain for a in members])

    def copies(members: Sequence[Article]) -> tuple[tuple[int, tuple[int, ...]], ...]:
        return _copies([a.body_text or f"{a.title} {a.excerpt}" for a in members],
                       [a.provider.domain for a in members], threshold)

    keys = list(map(key, stories))
    found = [kept[0].get(k) if k is not None else () if len(m) < 2 else None  # type: ignore[index]
             for m, k in zip(stories, keys)]  # () for no copies; None: to be made
    todo = [n for n, groups in enumerate(found) if groups is None]
    for n, groups in zip(todo, mapped(lambda n: copies(stories[n]), todo, jobs, least=200)):
        found[n] = groups
        if keys[n] is not None:
            kept[0].put(keys[n], groups)  # type: ignore[index]
    return [MappingProxyType({m[i].source: tuple(m[j] for j in later) for i, later in groups}) if groups
            else _NO_COPIES for m, groups in zip(stories, found)]


def _copies(texts: Sequence[str], domains: Sequence[str], threshold: float) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """(i, the later members j that copy member i's text, from other outlets), by position."""
    shingles = [word_triples(text) for text in texts]
    groups: list[tuple[int, tuple[int, ...]]] = []
    taken: set[int] = set()
    for i in range(len(texts)):
        if i in taken or len(shingles[i]) < 20:
            continue
        copies = []
        for j in range(i + 1, len(texts)):
            if j in taken or len(shingles[j]) < 20:
                continue
            overlap = len(shingles[i] & shingles[j]) / min(len(shingles[i]), len(shingles[j]))
            if overlap >= threshold and domains[j] != domains[i]:
                copies.append(j)
                taken.add(j)
        if copies:
            groups.append((i, tuple(copies)))
    return tuple(groups)


def _lead(members: Sequence[Article], inbound: Counter[str], bonus: int) -> Article:
    """Highest heat + quality (+ a bonus per member that links to it), then earliest, then path."""
    return min(members, key=lambda a: (-(max(a.heat or 0, 0) + max(a.quality or 0, 0) + bonus * inbound[a.source]),
                                       a.published, a.source))


def _lead_first(members: tuple[Article, ...], inbound: Counter[str], settings: StorySettings) -> tuple[Article, ...]:
    if len(members) == 1:
        return members
    lead = _lead(members, inbound, settings.lead_related_bonus)
    return (lead, *[a for a in members if a is not lead])


def _slug(earliest: Article) -> str:
    day = earliest.published
    if day.year < 1000:
        return f"{day:%Y-%m-%d}-{earliest.slug}"
    return f"{day.year}-{day.month:02d}-{day.day:02d}-{earliest.slug}"


def make_stories(ordered: Sequence[Article], groups: Sequence[Sequence[int]], refs: Mapping[int, set[int]],
                 settings: StorySettings, held: Mapping[tuple, Story], kept: Kept | None = None, jobs: int = 1
                 ) -> tuple[tuple[Story, ...], dict[tuple, Story]]:
    """The stories, newest first (by last publication, then slug), and each by the key
    that says what it was made from; `held`: last run's by that key (made with the same
    settings), handed back when equal; `kept`: the wire copies of earlier builds' stories.
    A story's slug is its earliest article's date and slug; groups take slugs in time
    order, so a later story that would share one gets the next free number."""
    taken: set[str] = set()
    made: dict[tuple, Story | None] = {}
    todo: list[tuple[tuple, str, tuple[Article, ...]]] = []
    for ids in sorted(groups):
        members = tuple(ordered[i] for i in ids)
        base = slug = _slug(members[0])
        n = 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        if len(ids) == 1:
            inbound: Counter[str] = Counter()
        else:
            inside = set(ids)
            inbound = Counter(ordered[j].source for i in ids for j in refs.get(i, ()) if j in inside)
        key = (slug, tuple(map(id, members)), tuple(sorted(inbound.items())))
        made[key] = held.get(key)  # the memo holds last run's articles, so no new one has an id of theirs
        if made[key] is None:
            todo.append((key, slug, _lead_first(members, inbound, settings)))
    wires = _wire_groups([members for _, _, members in todo], settings.wire_similarity, kept, jobs)
    for (key, slug, members), wire in zip(todo, wires):
        made[key] = Story(slug, members[0], members, wire)
    stories = sorted(made.values(), key=lambda s: (s.last_published, s.slug), reverse=True)  # type: ignore[union-attr]
    return tuple(stories), made  # type: ignore[return-value]
