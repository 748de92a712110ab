"""Slices of work shared between this process and forked workers.

The build process works too rather than wait for `jobs` workers: what it makes itself is
neither pickled nor unpickled (the model stage's articles are 40 MB of pickle at 10,000
articles, about 0.5 s of CPU both ways), and one process fewer is forked, warms its own
caches and copies the pages of the parent's memory it touches. Slices are claimed one at a time from a
counter the workers share with this process, so whoever is free takes the next, and this
process can first do work of its own (`meanwhile`) and then join in."""
from __future__ import annotations

import multiprocessing
from typing import Any, Callable, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_JOB: tuple[Callable[[int], Any], int, Any] | None = None  # (work, slices, claims): inherited by fork


def _claim(claims: Any) -> int:
    with claims.get_lock():
        n = claims.value
        claims.value = n + 1
    return n


def _task(_: int) -> tuple[bool, Any]:
    """One pool task: the next unclaimed slice's result, or (False, None) when none is left."""
    work, count, claims = _JOB  # type: ignore[misc]
    n = _claim(claims)
    return (True, work(n)) if n < count else (False, None)


def share(work: Callable[[int], R], count: int, jobs: int, take: Callable[[R, bool], None],
          meanwhile: Callable[[], T] = lambda: None) -> T:  # type: ignore[assignment,return-value]
    """Run `work(n)` for every slice number n < count, in `jobs` processes in all (this one
    and jobs - 1 forked workers, which inherit `work` and what it reads); `take(result, mine)`
    receives each slice's result in this process, `mine` when this process made it. Returns
    what `meanwhile` gives, which runs here first, while the workers start."""
    global _JOB
    workers = min(jobs - 1, count - 1)
    if workers < 1 or "fork" not in multiprocessing.get_all_start_methods():
        answer = meanwhile()
        for n in range(count):
            take(work(n), True)
        return answer
    ctx = multiprocessing.get_context("fork")
    claims = ctx.Value("l", 0)
    _JOB = (work, count, claims)
    try:
        with ctx.Pool(workers) as pool:
            results = pool.imap_unordered(_task, range(count))
            answer = meanwhile()
            while (n := _claim(claims)) < count:
                take(work(n), True)
            for made, result in results:
                if made:
                    take(result, False)
    finally:
        _JOB = None
    return answer
