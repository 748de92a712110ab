"""The one memo: what a long-lived process (the preview server, `build --watch`) keeps of
each stage's last call, so the next build can do less. A stage stays a function of its
inputs: it may take `last`, its own previous call (inputs and result), and use it only to
save work, returning what it would return without it. A one-off build passes no `last`
and keeps nothing, as it would only carry the corpus's vectors through rendering."""
from __future__ import annotations

import itertools
import operator
from dataclasses import dataclass
from typing import Any, Callable, Sequence, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Last:
    """A stage's previous call: the inputs it was given and the result it returned."""

    inputs: tuple[Any, ...]
    result: Any


def identical(a: Sequence[Any], b: Sequence[Any]) -> bool:
    """The very same objects, in the same order: an object the last build made and this one
    hands back unchanged is the very same object, so this is exact where it says yes."""
    return len(a) == len(b) and all(map(operator.is_, a, b))


def differing(a: Sequence[Any], b: Sequence[Any], *more: tuple[Sequence[Any], Sequence[Any]]) -> list[int]:
    """The places where `a` and `b` (of one length), or any pair of `more`, do not hold the
    very same object: found in C, so that 10,000 entries cost no Python loop."""
    found = map(operator.is_not, a, b)
    for c, d in more:
        found = map(operator.or_, found, map(operator.is_not, c, d))
    return list(itertools.compress(range(len(a)), found))


def same_inputs(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """Inputs that give the same result: sequences of the very same objects, other values
    equal (or the very same object)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if type(x) in _SEQUENCES and type(y) in _SEQUENCES:
            if not identical(x, y):
                return False
        elif x is not y and (type(x) is not type(y) or x != y):
            return False
    return True


_SEQUENCES = (list, tuple)


def _kept(value: Any) -> Any:
    """A list input as it is now: the caller may change its list after the call."""
    return tuple(value) if type(value) is list else value


class Memo:
    """Each stage's last call, by the stage. `keep=False` (a one-off build) keeps none."""

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self._last: dict[Callable[..., Any], Last] = {}

    def __call__(self, stage: Callable[..., T], *inputs: Any) -> T:
        """`stage(*inputs, last=...)`; the whole result again when the inputs are the same.
        The record is taken out before the call, so a stage may reuse parts of it in place
        and a failed call leaves none (the next build starts that stage afresh)."""
        last = self._last.pop(stage, None)
        if last is not None and same_inputs(last.inputs, inputs):
            result = last.result
        else:
            result = stage(*inputs, last=last)
        if self.keep:
            self._last[stage] = Last(tuple(map(_kept, inputs)), result)
        return result
