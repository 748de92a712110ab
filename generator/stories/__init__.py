"""Stories: group each news event's coverage across outlets.

    evidence.py   what two articles share (TF-IDF over headline, excerpt and body opening,
                  names weighted up, rarity from the corpus and the language at large)
    grouping.py   copies first, then average linkage over groups, so no chain forms
    story.py      slugs, leads and wire copies of the groups found
    explain.py    why a story's articles were grouped, and what was kept apart
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Mapping, Sequence

from ..model import Article, Story, by_time
from ..reuse.derived import Derived, article_key
from ..reuse.memo import Last
from .evidence import compare, is_market_report
from .grouping import Trace, group
from .references import references
from .settings import StorySettings
from .story import make_stories

__all__ = ["Grouping", "StorySettings", "build_stories", "cluster", "group_stories"]


def cluster(ordered: Sequence[Article], settings: StorySettings, trace: Trace | None = None,
            derived: Derived | None = None, keys: Sequence[bytes] = (), jobs: int = 1
            ) -> tuple[list[list[int]], dict[int, set[int]]]:
    """Groups of indexes into `ordered` (articles by time, then path), and the related links;
    `derived`, `keys`, `jobs`: see evidence.compare."""
    refs = references(ordered)
    times = [a.published.timestamp() for a in ordered]
    window = settings.window_hours * 3600
    links = {(min(i, j), max(i, j)) for i, targets in refs.items() for j in targets if abs(times[i] - times[j]) <= window}
    pairs = compare(ordered, times, settings, links, derived, keys, jobs)
    barred = [is_market_report(a) for a in ordered]
    return group(times, pairs, barred, settings, trace), refs


@dataclass(frozen=True)
class Grouping:
    """The stories, newest first, and each by the key that says what it was made from."""

    stories: tuple[Story, ...]
    made: Mapping[tuple, Story]

    @functools.cached_property
    def story_of(self) -> dict[str, Story]:
        """Source path → its story: what the plan reads for each article page."""
        return {a.source: s for s in self.stories for a in s.members}


def group_stories(articles: Sequence[Article], settings: StorySettings = StorySettings(),
                  derived: Derived | None = None, jobs: int = 1, last: Last | None = None) -> Grouping:
    """Every article in exactly one story; newest story first. Pure and order-independent:
    `last` (this stage's previous call) only hands back its Story objects where a story
    comes out equal (same members, slug and links), so later stages can reuse their pages;
    `derived` (the cache folder's) hands back what earlier builds, in other processes too,
    made of the same articles' or story's text; `jobs`: processes to share a cold build's
    work with."""
    ordered = sorted(articles, key=by_time)
    keys = [] if derived is None else \
        [article_key(a.title, a.excerpt, a.body_text, a.published.timestamp()) for a in ordered]
    groups, refs = cluster(ordered, settings, None, derived, keys, jobs)
    kept = None if derived is None else (derived.table("wire"), dict(zip([a.source for a in ordered], keys)))
    held = last.result.made if last is not None and last.inputs[1] == settings else {}
    return Grouping(*make_stories(ordered, groups, refs, settings, held, kept, jobs))


def build_stories(articles: Sequence[Article], settings: StorySettings = StorySettings()) -> tuple[Story, ...]:
    return group_stories(articles, settings).stories
