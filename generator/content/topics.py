"""Topics for articles that name none: keyword rules per topic from site.toml."""
from __future__ import annotations

import re
from typing import Callable, Mapping, Sequence


def keyword_rules(rules: Mapping[str, Sequence[str]]) -> Callable[[str], list[str]]:
    """A matcher: whole words, case-insensitive, a plural `s` tolerated; rule order kept."""
    compiled = [(topic, re.compile(r"\b(?:" + "|".join(re.escape(k) for k in words) + r")(?:s|es)?\b", re.IGNORECASE))
                for topic, words in rules.items() if words]

    def assign(text: str) -> list[str]:
        return [topic for topic, rx in compiled if rx.search(text)]

    return assign
