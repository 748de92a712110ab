"""Comparisons by identity, for the memos of a long-lived process (the preview server): an
object its last build made and this one hands back unchanged is the very same object."""
from __future__ import annotations

import itertools
import operator
from typing import Any, Sequence


def identical(a: Sequence[Any], b: Sequence[Any]) -> bool:
    """The very same objects, in the same order: what the preview server's memos compare."""
    return len(a) == len(b) and all(map(operator.is_, a, b))


def differing(a: Sequence[Any], b: Sequence[Any], *more: tuple[Sequence[Any], Sequence[Any]]) -> list[int]:
    """The places where `a` and `b` (of one length), or any pair of `more`, do not hold the
    very same object: found in C, so that a memo of 10,000 entries costs no Python loop."""
    found = map(operator.is_not, a, b)
    for c, d in more:
        found = map(operator.or_, found, map(operator.is_not, c, d))
    return list(itertools.compress(range(len(a)), found))
