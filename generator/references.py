"""Which articles point at which through their related links: by the linked URL's key,
else by its headline. The indexes are kept across runs by a long-lived process and
updated by the articles that came and went (see stories.Memo)."""
from __future__ import annotations

from collections import defaultdict
from typing import KeysView, Mapping, Sequence

from .model import Article

Turnover = tuple[list[Article], list[Article]]  # articles gone since the last run, and come


class Wanted:
    """The corpus's related links by what they point at: link URL key → {id(article):
    article}, link title key → {id(article): (article, the URL keys of its links with that
    title)}. Kept across runs and updated by the articles that came and went, so a run
    visits only the keys some article answers (a few thousand of 25,000 links at 10,000)."""

    def __init__(self) -> None:
        self.urls: dict[str, dict[int, Article]] = {}
        self.titles: dict[str, dict[int, tuple[Article, list[str]]]] = {}

    def update(self, articles: Sequence[Article], turnover: Turnover | None) -> None:
        gone, came = _anew(self, articles, turnover)
        for a in gone:
            for link in a.related:
                for index, key in ((self.urls, link.key), (self.titles, link.title_key)):
                    held = index.get(key)
                    if held is not None and held.pop(id(a), None) is not None and not held:
                        del index[key]
        for a in came:
            for link in a.related:
                self.urls.setdefault(link.key, {})[id(a)] = a
                self.titles.setdefault(link.title_key, {}).setdefault(id(a), (a, []))[1].append(link.key)


def _anew(index: Wanted | Keys, articles: Sequence[Article], turnover: Turnover | None) -> Turnover:
    """The articles to take out of `index` and put in: with no turnover, it starts empty."""
    if turnover is None:
        index.__init__()  # type: ignore[misc]
        return [], list(articles)
    return turnover


class Keys:
    """The corpus's own URL keys and headline keys → {id(article): article}. Kept across runs
    and updated by the articles that came and went, as Wanted is: a pass over the keys of
    10,000 articles is 20 ms, most of it fetching the articles from memory."""

    def __init__(self) -> None:
        self.urls: dict[str, dict[int, Article]] = {}
        self.titles: dict[str, dict[int, Article]] = {}

    def update(self, articles: Sequence[Article], turnover: Turnover | None) -> None:
        gone, came = _anew(self, articles, turnover)
        for a in gone:
            for index, key in (*((self.urls, k) for k in a.url_keys), (self.titles, a.title_key)):
                held = index.get(key)
                if held is not None and held.pop(id(a), None) is not None and not held:
                    del index[key]
        for a in came:
            for key in a.url_keys:
                self.urls.setdefault(key, {})[id(a)] = a
            self.titles.setdefault(a.title_key, {})[id(a)] = a


class _Latest:
    """A Keys index read as {key: the chronological index of the latest article with it}."""

    def __init__(self, held: dict[str, dict[int, Article]], at: dict[int, int]):
        self.held, self.at = held, at

    def __getitem__(self, key: str) -> int:
        held, at = self.held[key], self.at  # keyed by id(article), as `at` is
        return at[next(iter(held))] if len(held) == 1 else max(map(at.__getitem__, held))

    def __contains__(self, key: str) -> bool:
        return key in self.held

    def keys(self) -> KeysView[str]:
        return self.held.keys()


def references(articles: Sequence[Article], wanted: Wanted, keys: Keys | None = None) -> dict[int, set[int]]:
    """i → articles that i's related list points at: by normalised URL, else by title.
    `keys`: the corpus's keys as a long-lived process keeps them; else read off the articles."""
    at = dict(zip(map(id, articles), range(len(articles))))
    by_url: Mapping[str, int] | _Latest
    by_title: Mapping[str, int] | _Latest
    if keys is None:  # the latest article with a key has it
        by_url = {key: i for i, a in enumerate(articles) for key in a.url_keys}
        by_title = {a.title_key: i for i, a in enumerate(articles)}
    else:
        by_url, by_title = _Latest(keys.urls, at), _Latest(keys.titles, at)
    refs: dict[int, set[int]] = defaultdict(set)
    for key in by_url.keys() & wanted.urls.keys():
        j = by_url[key]
        for k in wanted.urls[key]:
            if (i := at[k]) != j:
                refs[i].add(j)
    for key in by_title.keys() & wanted.titles.keys():
        j = by_title[key]
        for k, (_, url_keys) in wanted.titles[key].items():
            if (i := at[k]) != j and any(u not in by_url for u in url_keys):
                refs[i].add(j)
    return refs
