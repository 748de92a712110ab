"""Corpus-wide counts that planning reads (topic spellings, articles per topic and day, the
timeline), kept by a long-lived process and updated by the articles that came and went:
a one-article rebuild then walks 10,000 articles for none of them. Each equals what the
stage works out from the articles alone (see collect_topics, topic_activity, newest_first)."""
from __future__ import annotations

import bisect
from collections import Counter
from datetime import date, tzinfo
from typing import Sequence

from ..dates import local_day
from ..model import Article, Provider, by_time
from ..reuse.memo import Last


def _first_source(item: tuple[str, tuple[str, Provider]]) -> str:
    return item[1][0]


class Tally:
    def __init__(self) -> None:
        self.articles: list[Article] = []  # what the counts describe; held, so their ids stay theirs
        self.tz: tzinfo | None = None
        self.spellings: Counter[str] = Counter()  # topic as spelled → articles
        self.days: dict[str, Counter[date]] = {}  # topic slug → site-local day → articles
        self.oldest_first: list[Article] = []  # by_time order
        self.outlets: dict[str, dict[str, Provider]] = {}  # provider domain → source path → its record there
        self.first: dict[str, tuple[str, Provider]] = {}  # provider domain → the first by source path of those
        self.by_topic: dict[str, list[Article]] = {}  # topic slug → its articles in by_time order
        self.by_provider: dict[str, list[Article]] = {}  # provider slug → its articles in by_time order

    def newest_by_topic(self) -> dict[str, list[Article]]:
        """Topic slug → its articles newest first: what api_outputs' pass over the timeline makes."""
        return {slug: held[::-1] for slug, held in self.by_topic.items()}

    def newest_by_provider(self) -> dict[str, list[Article]]:
        """Provider slug → its articles newest first: what plan's outlet pages make of the timeline."""
        return {slug: held[::-1] for slug, held in self.by_provider.items()}

    def registry(self) -> dict[str, Provider]:
        """Each outlet's record in its article first by source path, in that order: what
        plan_site's pass over the articles by path makes."""
        return {domain: p for domain, (_, p) in sorted(self.first.items(), key=_first_source)}

    def update(self, articles: Sequence[Article], tz: tzinfo) -> None:
        now = dict(zip(map(id, articles), articles))
        gone = [a for a in self.articles if now.pop(id(a), None) is None]
        came = list(now.values()) if len(now) < len(articles) else None  # None: nothing in common
        if tz != self.tz or came is None or len(gone) + len(came) > 64 + len(articles) // 8:
            self.__init__()  # type: ignore[misc]
            gone, came = [], list(articles)
            self.oldest_first = sorted(articles, key=by_time)
        else:
            ids = set(map(id, gone))
            self.oldest_first = [a for a in self.oldest_first if id(a) not in ids] if ids else self.oldest_first.copy()
            for a in came:
                bisect.insort(self.oldest_first, a, key=by_time)
        self.tz, self.articles = tz, list(articles)
        for a in gone:
            self._count(a, -1, tz)
        for a in came:
            self._count(a, 1, tz)

    def _count(self, a: Article, step: int, tz: tzinfo) -> None:
        domain, source = a.provider.domain, a.source
        held = self.outlets.setdefault(domain, {})
        if step > 0:
            held[source] = a.provider
            if domain not in self.first or source < self.first[domain][0]:
                self.first[domain] = (source, a.provider)
        else:
            del held[source]
            if not held:
                del self.outlets[domain], self.first[domain]
            elif self.first[domain][0] == source:
                first = min(held)
                self.first[domain] = (first, held[first])
        for t in a.topics:
            self.spellings[t] += step
        _listed(self.by_provider, a.provider.slug, a, step)
        day = local_day(a.published, tz)
        for slug in a.topic_slugs:
            _listed(self.by_topic, slug, a, step)
            days = self.days.setdefault(slug, Counter())
            days[day] += step
            if not days[day]:
                del days[day]
                if not days:
                    del self.days[slug]
        for t in a.topics:
            if not self.spellings[t]:
                del self.spellings[t]


def _listed(lists: dict[str, list[Article]], key: str, a: Article, step: int) -> None:
    """Put `a` in (step 1) or take it out of (-1) the by_time-ordered list at `key`."""
    listed = lists.setdefault(key, [])
    if step > 0:
        bisect.insort(listed, a, key=by_time)
    else:
        del listed[bisect.bisect_left(listed, by_time(a), key=by_time)]
        if not listed:
            del lists[key]


def count_corpus(articles: Sequence[Article], tz: tzinfo, last: Last | None = None) -> Tally:
    """The counts of `articles`: last build's counts updated in place by the articles that
    came and went (the memo hands a stage its last result once, so nobody else holds it)."""
    counts = last.result if last is not None else Tally()
    counts.update(articles, tz)
    return counts
