"""Which articles point at which through their related links: by the linked URL's key,
else by its headline."""
from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from ..model import Article


def references(articles: Sequence[Article]) -> dict[int, set[int]]:
    """i → the articles that i's related list points at; when several articles have one
    key, the latest (in the given order) has it; an article never points at itself."""
    by_url = {key: i for i, a in enumerate(articles) for key in a.url_keys}
    by_title = {a.title_key: i for i, a in enumerate(articles)}
    refs: dict[int, set[int]] = defaultdict(set)
    for i, a in enumerate(articles):
        for link in a.related:
            j = by_url.get(link.key)
            if j is None:
                j = by_title.get(link.title_key)
            if j is not None and j != i:
                refs[i].add(j)
    return refs
