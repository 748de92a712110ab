"""Stories: group each news event's coverage across outlets.

    evidence.py   what two articles share (TF-IDF over headline, excerpt and body opening,
                  names weighted up, rarity from the corpus and the language at large)
    grouping.py   copies first, then average linkage over groups, so no chain forms
    story.py      slugs, leads and wire copies of the groups found
    explain.py    why a story's articles were grouped, and what was kept apart
"""
from __future__ import annotations

from typing import Sequence

from ..model import Article, Story, by_time
from .evidence import compare, is_market_report
from .grouping import Trace, group
from .references import references
from .settings import StorySettings
from .story import make_stories

__all__ = ["Memo", "StorySettings", "build_stories", "cluster"]


def cluster(ordered: Sequence[Article], settings: StorySettings, trace: Trace | None = None
            ) -> tuple[list[list[int]], dict[int, set[int]]]:
    """Groups of indexes into `ordered` (articles by time, then path), and the related links."""
    refs = references(ordered)
    times = [a.published.timestamp() for a in ordered]
    window = settings.window_hours * 3600
    links = {(min(i, j), max(i, j)) for i, targets in refs.items() for j in targets if abs(times[i] - times[j]) <= window}
    pairs = compare(ordered, times, settings, links)
    barred = [is_market_report(a) for a in ordered]
    return group(times, pairs, barred, settings, trace), refs


def build_stories(articles: Sequence[Article], settings: StorySettings = StorySettings(),
                  memo: Memo | None = None) -> tuple[Story, ...]:
    """Every article in exactly one story; newest story first. Pure and order-independent:
    `memo` only hands back last run's objects where they are equal."""
    if memo is not None and memo.settings == settings and memo.articles == tuple(map(id, articles)):
        return memo.result
    ordered = sorted(articles, key=by_time)
    groups, refs = cluster(ordered, settings)
    held = memo.stories if memo is not None and memo.settings == settings else {}
    stories, made = make_stories(ordered, groups, refs, settings, held)
    if memo is not None:
        memo.keep(articles, settings, stories, made)
    return stories


class Memo:
    """What a long-lived process keeps from the last grouping: the result for the same
    articles (the very objects), and last run's Story objects, handed back when a story
    comes out equal (same members, slug and links), so later stages can reuse its pages."""

    def __init__(self) -> None:
        self.settings: StorySettings | None = None
        self.articles: tuple[int, ...] = ()
        self.held: tuple[Article, ...] = ()  # keeps the ids above from being reused
        self.result: tuple[Story, ...] = ()
        self.stories: dict[tuple, Story] = {}
        self.story_of: tuple[tuple[Story, ...], dict[str, Story]] = ((), {})

    def keep(self, articles: Sequence[Article], settings: StorySettings, stories: tuple[Story, ...],
             made: dict[tuple, Story]) -> None:
        self.settings, self.held, self.result, self.stories = settings, tuple(articles), stories, made
        self.articles = tuple(map(id, articles))
        self.story_of = (stories, {a.source: s for s in stories for a in s.members})
