"""Stories from groups of articles: a stable slug, a lead, wire copies, newest first."""
from __future__ import annotations

from collections import Counter
from types import MappingProxyType
from typing import Mapping, Sequence

from ..model import Article, Story
from ..reuse.derived import Table, text_key
from ..terms import word_triples
from .settings import StorySettings

_NO_COPIES: Mapping[str, tuple[Article, ...]] = MappingProxyType({})


Kept = tuple[Table, Mapping[str, bytes]]  # earlier builds' wire copies, and each article's key by its source


def _wire_groups(members: Sequence[Article], threshold: float, kept: Kept | None = None
                 ) -> dict[str, tuple[Article, ...]]:
    """Member source → the other outlets' members that carry the same text. `kept`: the
    groups of earlier builds by the members' texts (their reuse.derived.article_key) and
    outlets, in order (shingling every body of a story of several outlets was 0.6 s of a
    10,000-article rebuild)."""
    if len(members) < 2:
        return {}
    domains = [a.provider.domain for a in members]
    if kept is None:
        found = _copies([a.body_text or f"{a.title} {a.excerpt}" for a in members], domains, threshold)
    else:
        table, keys = kept
        found = table.made(text_key("wire", threshold, [keys[a.source] for a in members], domains),
                           lambda: _copies([a.body_text or f"{a.title} {a.excerpt}" for a in members], domains,
                                           threshold))
    return {members[i].source: tuple(members[j] for j in copies) for i, copies in found}


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


def _story(slug: str, members: tuple[Article, ...], inbound: Counter[str], settings: StorySettings,
           kept: Kept | None = None) -> Story:
    if len(members) == 1:
        return Story(slug, members[0], members, _NO_COPIES)
    lead = _lead(members, inbound, settings.lead_related_bonus)
    ordered = (lead, *[a for a in members if a is not lead])
    return Story(slug, lead, ordered, MappingProxyType(_wire_groups(ordered, settings.wire_similarity, kept)))


def _slug(earliest: Article) -> str:
    day = earliest.published
    if day.year < 1000:
        return f"{day:%Y-%m-%d}-{earliest.slug}"
    return f"{day.year}-{day.month:02d}-{day.day:02d}-{earliest.slug}"


def make_stories(ordered: Sequence[Article], groups: Sequence[Sequence[int]], refs: Mapping[int, set[int]],
                 settings: StorySettings, held: Mapping[tuple, Story], kept: Kept | None = None
                 ) -> tuple[tuple[Story, ...], dict[tuple, Story]]:
    """The stories, newest first (by last publication, then slug), and each by the key
    that says what it was made from; `held`: last run's by that key (made with the same
    settings), handed back when equal; `kept`: the wire copies of earlier builds' stories.
    A story's slug is its earliest article's date and slug; groups take slugs in time
    order, so a later story that would share one gets the next free number."""
    taken: set[str] = set()
    stories, made = [], {}
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
        story = held.get(key)  # the memo holds last run's articles, so no new one has an id of theirs
        if story is None:
            story = _story(slug, members, inbound, settings, kept)
        made[key] = story
        stories.append(story)
    stories.sort(key=lambda s: (s.last_published, s.slug), reverse=True)
    return tuple(stories), made
