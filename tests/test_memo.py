"""The one memo (reuse/memo.py): what it hands a stage, and when it hands back a result."""
from __future__ import annotations

import pytest

from generator.reuse.memo import Memo, differing, identical, same_inputs


def _stage(calls):
    def stage(items, factor, last=None):
        calls.append((list(items), factor, last))
        return [x * factor if isinstance(x, int) else x for x in items]
    return stage


def test_the_same_inputs_give_the_last_result_itself_and_others_the_last_call():
    calls, memo = [], Memo()
    stage = _stage(calls)
    a, b = object(), object()
    first = memo(stage, [1, 2], 3)
    assert memo(stage, [1, 2], 3) is first and len(calls) == 1  # ints are the very same objects
    second = memo(stage, [1, 2], 4)
    assert second == [4, 8] and calls[1][2].inputs == ((1, 2), 3) and calls[1][2].result is first
    memo(stage, [a], 0)
    memo(stage, [b], 0)  # as many items, another object: called again
    assert len(calls) == 4 and calls[3][0] == [b]


def test_a_list_changed_after_the_call_is_not_the_same_input():
    calls, memo = [], Memo()
    stage = _stage(calls)
    items = [1, 2]
    memo(stage, items, 2)
    items.append(3)  # the caller's list, changed in place
    assert memo(stage, items, 2) == [2, 4, 6] and len(calls) == 2


def test_a_one_off_build_keeps_nothing_and_a_failed_call_leaves_no_record():
    calls = []
    stage = _stage(calls)
    once = Memo(keep=False)
    once(stage, [1], 1)
    once(stage, [1], 1)
    assert len(calls) == 2 and all(c[2] is None for c in calls)

    def failing(items, last=None):
        calls.append(last)
        raise ValueError("no")

    memo = Memo()
    memo(stage, [1], 1)
    with pytest.raises(ValueError):
        memo(failing, [1])
    with pytest.raises(ValueError):
        memo(failing, [1])
    assert calls[-1] is None and calls[-2] is None  # the failed call was not recorded


def test_identity_helpers():
    x, y = object(), object()
    assert identical([x, y], (x, y)) and not identical([x, y], [x, object()]) and not identical([x], [x, y])
    assert differing([x, y, x], [x, x, x]) == [1]
    assert differing([x, y], [x, y], ([x, x], [x, y])) == [1]
    assert same_inputs(([x], {"a": 1}, 2.0), ((x,), {"a": 1}, 2.0))
    assert not same_inputs(([x],), ([y],)) and not same_inputs((1,), (1.0,))
