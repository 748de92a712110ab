"""What planning reads of the corpus as a whole, before any page: the
topics and their spellings, articles per topic and day, the timeline. Each has a `tally`
form (tally.Tally), which a long-lived process keeps up to date, with the same result."""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Iterable

from ..config import Config
from ..dates import local_day
from ..model import Article, Topic, by_time
from ..text import slugify
from .charts import Activity, daily_activity, tallied_activity
from .tally import Tally


def collect_topics(articles: Iterable[Article], cfg: Config, tally: Tally | None = None) -> list[Topic]:
    """Topics by slug; the most common spelling names it; config order first, then by size.
    `tally`: the articles' counts, as a long-lived process keeps them."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    counted = tally.spellings if tally is not None else Counter(t for a in articles for t in a.topics)
    for t, n in counted.items():  # slugified once per spelling
        spellings[slugify(t)][t] += n
    sizes = {s: sum(c.values()) for s, c in spellings.items()}
    order = {slugify(t): i for i, t in enumerate(cfg.topic_order)}
    topics = []
    for s, counts in spellings.items():
        name = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        desc = cfg.topic_descriptions.get(name, "") or next(
            (d for n, d in cfg.topic_descriptions.items() if slugify(n) == s), "")
        topics.append(Topic(name=name, slug=s, description=desc))
    topics.sort(key=lambda t: (order.get(t.slug, len(order)), -sizes[t.slug], t.slug))
    return topics


def topic_activity(articles: Iterable[Article], cfg: Config, tally: Tally | None = None
                   ) -> tuple[dict[str, int], dict[str, Activity]]:
    """Articles per topic, and per day and topic over the last days of the site's data (its
    newest article's day, never the build clock, so the chart is the same on every build)."""
    if tally is not None:
        if not tally.days:
            return {}, {}
        end = max(map(max, tally.days.values()))
        return ({slug: days.total() for slug, days in tally.days.items()},
                {slug: tallied_activity(days, end) for slug, days in tally.days.items()})
    by_topic: dict[str, list[date]] = defaultdict(list)
    tz = cfg.tz
    for a in articles:
        day = local_day(a.published, tz)
        for t in a.topic_slugs:
            by_topic[t].append(day)
    if not by_topic:
        return {}, {}
    end = max(map(max, by_topic.values()))
    return ({slug: len(days) for slug, days in by_topic.items()},
            {slug: daily_activity(days, end) for slug, days in by_topic.items()})


def newest_first(articles: Iterable[Article], tally: Tally | None = None) -> list[Article]:
    """Articles by publication time, newest first (then by path, last first): the order of
    provider pages and API topic pages, sorted once per build for both."""
    if tally is not None:
        return tally.oldest_first[::-1]  # by_time is a total order (paths are unique): the same list
    return sorted(articles, key=by_time, reverse=True)
