"""How many worker processes a build should start by default, and how the build process
shares slices of work with them."""
from __future__ import annotations

import math
import multiprocessing
import os
from pathlib import Path
from typing import Any, Callable, Sequence, TypeVar

CGROUP = Path("/sys/fs/cgroup")


def usable_cpus(cgroup: Path = CGROUP) -> int:
    """The CPUs this process may keep busy: its affinity mask, capped by a container's CPU
    quota. In `docker run --cpus 2` on a 64-core host os.cpu_count() says 64, and 64 render
    workers would take turns on two CPUs, each with its own share of the memory limit."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    quota = _quota(cgroup)
    return max(1, min(n, math.ceil(quota))) if quota else max(1, n)


def _quota(cgroup: Path) -> float | None:
    """CPUs' worth of time the cgroup may use (cgroup v2's cpu.max, or v1's CFS quota and
    period), or None: no limit, or none to be read."""
    try:
        text = (cgroup / "cpu.max").read_text().split()  # "max 100000" or "200000 100000"
        quota, period = text[0], text[1]
    except (OSError, IndexError):
        try:
            quota = (cgroup / "cpu" / "cpu.cfs_quota_us").read_text().strip()  # "-1": no limit
            period = (cgroup / "cpu" / "cpu.cfs_period_us").read_text().strip()
        except OSError:
            return None
    try:
        q, p = int(quota), int(period)
    except ValueError:  # "max"
        return None
    return q / p if q > 0 and p > 0 else None


T = TypeVar("T")
R = TypeVar("R")

# Slices of work shared between this process and forked workers (`share`). The build
# process works too rather than wait for `jobs` workers: what it makes itself is neither
# pickled nor unpickled (the model stage's articles are 40 MB of pickle at 10,000 articles,
# about 0.5 s of CPU both ways), and one process fewer is forked, warms its own caches and
# copies the pages of the parent's memory it touches. Slices are claimed one at a time from
# a counter the workers share with this process, so whoever is free takes the next, and
# this process can first do work of its own (`meanwhile`) and then join in.
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


def mapped(fn: Callable[[T], R], items: Sequence[T], jobs: int, least: int = 1000) -> list[R]:
    """[fn(x) for x in items], shared with forked workers (`share`) when there are at least
    `least` items: below that, forking costs more than it saves."""
    if jobs <= 1 or len(items) < least:
        return [fn(x) for x in items]
    size = max(100, len(items) // (jobs * 8))
    bounds = range(0, len(items), size)
    parts: list[list[R]] = [[] for _ in bounds]

    def work(n: int) -> tuple[int, list[R]]:
        return n, [fn(x) for x in items[bounds[n]:bounds[n] + size]]

    share(work, len(bounds), jobs, lambda made, mine: parts.__setitem__(*made))
    return [y for part in parts for y in part]
