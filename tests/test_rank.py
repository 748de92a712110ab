"""The documented rank: heat + quality + 30 per extra outlet, over the last week of the list."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from generator.model import Article, Provider, Story
from generator.site.rank import OUTLET_BONUS, highlights, story_outlets, story_score, top_stories

T0 = datetime(2024, 6, 20, 12, tzinfo=timezone.utc)


def _article(n: int, domain: str, heat=None, quality=None, days_ago: float = 0) -> Article:
    return Article(source=f"a{n}.md", slug=f"a{n}", title=f"A {n}", published=T0 - timedelta(days=days_ago),
                   provider=Provider(domain, domain, domain), topics=("AI",), heat=heat, quality=quality)


def _story(slug: str, *members: Article) -> Story:
    return Story(slug, members[0], members)


def test_score_adds_heat_quality_and_outlets():
    lone = _story("lone", _article(1, "a.com", heat=100, quality=50))
    assert story_score(lone) == 150
    covered = _story("covered", _article(2, "a.com", heat=10, quality=40), _article(3, "b.com", heat=90),
                     _article(4, "b.com"), _article(5, "c.com", heat=-1))
    assert story_score(covered) == 90 + 40 + OUTLET_BONUS * 2  # hottest member, lead's quality, 3 outlets
    assert [p.domain for p in story_outlets(covered)] == ["a.com", "b.com", "c.com"]
    assert story_score(_story("bare", _article(6, "a.com", heat=-1, quality=None))) == 0


def test_top_stories_are_recent_then_by_score_then_newer_then_slug():
    old_hot = _story("old", _article(1, "a.com", heat=500, days_ago=8))
    hot = _story("hot", _article(2, "a.com", heat=200, days_ago=3))
    tie_new = _story("tie-b", _article(3, "a.com", heat=50, days_ago=1))
    tie_old = _story("tie-a", _article(4, "a.com", heat=50, days_ago=2))
    same_time = [_story(s, _article(10 + i, "a.com", heat=5, days_ago=0)) for i, s in enumerate(["z", "m"])]
    ranked = top_stories([old_hot, hot, tie_old, tie_new, *same_time], limit=10)
    assert [s.slug for s in ranked] == ["hot", "tie-b", "tie-a", "m", "z"]  # the 8-day-old story is out
    assert top_stories([], 3) == [] and top_stories([hot], 0) == []


def test_highlights_only_when_the_list_is_long_enough():
    stories = [_story(f"s{i}", _article(i, "a.com", heat=i)) for i in range(7)]
    assert highlights(stories[:6], 3) == []
    assert [s.slug for s in highlights(stories, 3)] == ["s6", "s5", "s4"]
